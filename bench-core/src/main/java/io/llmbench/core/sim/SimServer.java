package io.llmbench.core.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SimulatedEndpoint}: wires the {@link SimTransport} (a non-blocking HTTP/1.1 I/O
 * thread), the {@link OpenAiRoutes} (what each request means) and the {@link Engine} (timed
 * generation on its own thread), and keeps the counters and request traces they report.
 */
final class SimServer implements SimulatedEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String model;
    private final TimingModel timing;
    private final int traceCapacity;
    private final String baseUrl;
    private final Engine engine;
    private final SimTransport transport;
    private final Thread ioThread;
    private final Thread engineThread;
    private volatile boolean closed;

    final LongAdder bytesSent = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder faulted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder immediateChunks = new LongAdder();
    private final ArrayDeque<RequestTrace> traces = new ArrayDeque<>();  // guarded by itself

    private SimServer(SimulatedEndpoint.Builder b) throws IOException {
        this.model = b.model;
        this.timing = b.timing;
        this.traceCapacity = b.traceCapacity;
        Wire wire = new Wire(model);
        this.engine = new Engine(this, timing, wire, b.seed);
        this.transport = new SimTransport(this, new OpenAiRoutes(this, b, wire), b.host, b.port);
        String host = b.host.contains(":") ? "[" + b.host + "]" : b.host;
        this.baseUrl = "http://" + host + ":" + transport.port() + "/v1";
        int n = INSTANCES.incrementAndGet();
        this.engineThread = new Thread(engine, "llmbench-sim-engine-" + n);
        this.engineThread.setDaemon(true);
        this.ioThread = new Thread(transport, "llmbench-sim-io-" + n);
        this.ioThread.setDaemon(true);
    }

    static SimulatedEndpoint start(SimulatedEndpoint.Builder b) {
        SimServer s;
        try {
            s = new SimServer(b);
        } catch (IOException e) {
            throw new UncheckedIOException("simulated endpoint could not listen on " + b.host + ":" + b.port, e);
        }
        s.engine.start(s.engineThread);
        s.ioThread.start();
        LOG.debug("simulated endpoint {} serving {} with {}", s.baseUrl, s.model, s.timing);
        return s;
    }

    Engine engine() {
        return engine;
    }

    Logger log() {
        return LOG;
    }

    // ---- SimulatedEndpoint ----

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public int port() {
        return transport.port();
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public TimingModel timing() {
        return timing;
    }

    @Override
    public SimStats stats() {
        return new SimStats(received.sum(), completed.sum(), faulted.sum(), rejected.sum(), cancelled.sum(),
                engine.running, engine.waitingCount, engine.peakRunning, engine.peakWaiting, transport.open.get(),
                engine.chunks + immediateChunks.sum(), bytesSent.sum(), engine.maxLagNanos / 1e6, engine.lateEvents);
    }

    @Override
    public List<RequestTrace> traces() {
        synchronized (traces) {
            return List.copyOf(traces);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.stop();
        transport.wakeup();
        try {
            ioThread.join(5000);
            engineThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SimulatedEndpoint[" + baseUrl + ", model=" + model + ", " + timing + "]";
    }

    void trace(Generation g, boolean done) {
        if (traceCapacity == 0) {
            return;
        }
        RequestTrace t = new RequestTrace(g.id, g.chat, g.stream, g.promptTokens, g.outputTokens, g.emitted,
                Optional.ofNullable(g.fault), g.receivedNanos, g.admittedNanos, g.firstTokenNanos, g.lastTokenNanos,
                g.prefillNanos / 1e6, g.decodeNanos / 1e6, done);
        synchronized (traces) {
            if (traces.size() == traceCapacity) {
                traces.poll();
            }
            traces.add(t);
        }
    }

    void connectionClosed() {
        transport.open.decrementAndGet();
    }

    void parseLater(Connection c) {
        transport.parseLater(c);
    }

    boolean isClosed() {
        return closed;
    }
}
