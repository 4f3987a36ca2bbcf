package io.llmbench.core.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler: one thread that implements {@link TimingModel} for every request at once (FIFO
 * admission, prefill lanes, global decode steps) and writes every streamed token itself. It sleeps
 * with {@link LockSupport#parkNanos} until the next modelled event, so timing is precise to the
 * operating system's timer slack (tens of microseconds) rather than a selector's millisecond.
 */
final class Engine implements Runnable {
    /** An event handled later than this after its due time does not pull the schedule back. */
    private static final long CATCH_UP_NANOS = 1_000_000;

    private final SimServer server;
    private final TimingModel model;
    private final Wire wire;
    private final SplittableRandom jitterRandom;
    private final ConcurrentLinkedQueue<Generation> arrivals = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Generation> cancels = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean stopped;

    // engine thread only
    private final ArrayDeque<Generation> waiting = new ArrayDeque<>();
    private final ArrayDeque<Generation> prefillQueue = new ArrayDeque<>();
    private final PriorityQueue<Generation> timers = new PriorityQueue<>(
            Comparator.<Generation>comparingLong(g -> g.due).thenComparingLong(g -> g.id));
    private ArrayList<Generation> batch = new ArrayList<>();
    private ArrayList<Generation> nextBatch = new ArrayList<>();
    private final ArrayList<Generation> joiners = new ArrayList<>();
    private boolean stepping;
    private long stepEnd;
    private long stepNanos;
    private int prefilling;
    private final Bytes out = new Bytes(64 * 1024);

    // statistics, written by the engine thread only
    volatile int running;
    volatile int waitingCount;
    volatile int peakRunning;
    volatile int peakWaiting;
    volatile long maxLagNanos;
    volatile long lateEvents;
    volatile long chunks;
    /** Requests submitted and not yet finished (running or waiting); incremented by the I/O thread. */
    final java.util.concurrent.atomic.AtomicInteger inSystem = new java.util.concurrent.atomic.AtomicInteger();

    /** What {@code GET /metrics} serves; updated by this thread. */
    final SimMetrics metrics;

    Engine(SimServer server, TimingModel model, Wire wire, long seed, String modelName, int maxModelLen) {
        this.server = server;
        this.model = model;
        this.wire = wire;
        this.jitterRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.metrics = new SimMetrics(this, modelName, model.maxRunning(), maxModelLen);
    }

    void start(Thread t) {
        thread = t;
        t.start();
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    void submit(Generation g) {
        arrivals.add(g);
        LockSupport.unpark(thread);
    }

    void cancel(Generation g) {
        cancels.add(g);
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                loopOnce();
            } catch (RuntimeException | Error e) {
                server.log().error("simulated endpoint scheduler failed; continuing", e);
            }
        }
    }

    private void loopOnce() {
        Generation g;
        while ((g = cancels.poll()) != null) {
            onCancel(g);
        }
        long now = System.nanoTime();
        while ((g = arrivals.poll()) != null) {
            if (g.cancelled) {
                g.state = Generation.State.DONE;
                inSystem.decrementAndGet();
                server.cancelled.increment();
                server.trace(g, false);
                continue;
            }
            g.state = Generation.State.WAITING;
            waiting.add(g);
            waitingCount++;
            if (waitingCount > peakWaiting) {
                peakWaiting = waitingCount;
            }
            admit(now);
        }
        now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().due <= now) {
            g = timers.poll();
            lag(now - g.due);
            onTimer(g, base(g.due, now));
        }
        if (stepping && stepEnd <= now) {
            lag(now - stepEnd);
            endStep(base(stepEnd, now));
        }
        long next = Long.MAX_VALUE;
        if (!timers.isEmpty()) {
            next = timers.peek().due;
        }
        if (stepping && stepEnd < next) {
            next = stepEnd;
        }
        if (!arrivals.isEmpty() || !cancels.isEmpty() || stopped) {
            return;
        }
        if (next == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    private static long base(long due, long now) {
        return now - due <= CATCH_UP_NANOS ? due : now;
    }

    private void lag(long lagNanos) {
        if (lagNanos > maxLagNanos) {
            maxLagNanos = lagNanos;
        }
        if (lagNanos > CATCH_UP_NANOS) {
            lateEvents++;
        }
    }

    private double jitter() {
        double j = model.jitter();
        return j == 0 ? 1.0 : 1.0 + j * (2 * jitterRandom.nextDouble() - 1);
    }

    // ---- admission and prefill ----

    private void admit(long now) {
        while (running < model.maxRunning() && !waiting.isEmpty()) {
            Generation g = waiting.poll();
            if (g.state == Generation.State.DONE) {
                continue; // cancelled while waiting
            }
            waitingCount--;
            running++;
            if (running > peakRunning) {
                peakRunning = running;
            }
            g.admittedNanos = now;
            metrics.admitted(g);
            if (prefilling < model.prefillConcurrency()) {
                startPrefill(g, now);
            } else {
                g.state = Generation.State.PREFILL_QUEUED;
                prefillQueue.add(g);
            }
        }
    }

    private void startPrefill(Generation g, long start) {
        prefilling++;
        g.state = Generation.State.PREFILLING;
        g.prefillNanos = model.prefillNanos(g.promptTokens, jitter());
        g.due = start + g.prefillNanos;
        timers.add(g);
    }

    private void onTimer(Generation g, long at) {
        if (g.state == Generation.State.PREFILLING) {
            prefilling--;
            while (!prefillQueue.isEmpty() && prefilling < model.prefillConcurrency()) {
                startPrefill(prefillQueue.poll(), at);
            }
            if (g.cancelled) {
                release(g, false);
            } else {
                firstToken(g, at);
            }
        } else if (g.state == Generation.State.STALLED) {
            if (g.cancelled) {
                release(g, false);
            } else if (g.emitted == 0) {
                firstToken(g, at);
            } else {
                afterTokens(g, at);
            }
        }
    }

    private void onCancel(Generation g) {
        g.cancelled = true;
        switch (g.state) {
            case WAITING:
                g.state = Generation.State.DONE;
                waitingCount--;
                inSystem.decrementAndGet();
                server.cancelled.increment();
                server.trace(g, false);
                break;
            case PREFILL_QUEUED:
                prefillQueue.remove(g);
                release(g, false);
                break;
            case STALLED:
                if (g.stallNanos < 0) {
                    release(g, false);
                } // else released when its timer fires
                break;
            default:
                // NEW: dropped on arrival; PREFILLING, DECODING: released at the end of the
                // prefill or step; DONE: nothing to do
                break;
        }
    }

    // ---- tokens ----

    private void firstToken(Generation g, long at) {
        if (g.faultDue() && applyFault(g, at)) {
            return;
        }
        if (g.stream) {
            if (g.chat) {
                Wire.roleEvent(out, g.head, g.chunked);
                chunks++;
            }
            emit(g, 1);
        } else {
            g.emitted = 1;
        }
        g.firstTokenNanos = System.nanoTime();
        g.lastTokenNanos = g.firstTokenNanos;
        metrics.emitted(g, 1);
        metrics.firstToken(g);
        afterTokens(g, at);
    }

    /** Writes a content chunk of {@code n} tokens into {@link #out}. */
    private void emit(Generation g, int n) {
        int mark = Wire.openContent(out, g.head, g.chat);
        for (int i = 0; i < n; i++) {
            out.add(Vocabulary.escaped(g.nextToken()));
        }
        Wire.closeContent(out, mark, g.chat, g.chunked);
        chunks++;
        g.emitted += n;
    }

    /** After tokens were produced: fault, completion, or (re)join the decode batch. Flushes {@link #out}. */
    private void afterTokens(Generation g, long at) {
        if (g.faultDue() && applyFault(g, at)) {
            return;
        }
        if (g.emitted >= g.outputTokens) {
            complete(g);
            return;
        }
        flush(g);
        g.state = Generation.State.DECODING;
        joiners.add(g);
        if (!stepping) {
            startStep(at);
        }
    }

    private void flush(Generation g) {
        if (out.length() > 0) {
            g.conn.send(out.wrap(), false);
            out.reset();
        }
    }

    private void complete(Generation g) {
        if (g.stream) {
            Wire.finalEvent(out, g.head, g.chat, g.finishReason, g.chunked);
            chunks++;
            if (g.includeUsage) {
                Wire.usageEvent(out, g.head, g.promptTokens, g.emitted, g.chunked);
                chunks++;
            }
            Wire.doneEvent(out, g.chunked);
            chunks++;
            if (g.chunked) {
                Wire.lastChunk(out);
            }
            g.lastTokenNanos = System.nanoTime();
        } else {
            Bytes body = new Bytes(256 + g.emitted * 8);
            wire.completionBody(body, g.id, g.chat, g.createdSeconds, new SplittableRandom(g.textSeed), g.emitted,
                    g.finishReason, g.promptTokens);
            int length = g.malformedBody ? body.length() / 2 : body.length();
            Wire.response(out, 200, "", body.array(), length, g.keepAlive);
            g.lastTokenNanos = System.nanoTime();
        }
        release(g, true); // first, so its trace exists before the client can see the end
        flush(g);
        g.conn.finish(g.keepAlive);
    }

    /** Applies {@code g}'s fault; returns true when {@code g} left the decode path (closed, ended or stalled). */
    private boolean applyFault(Generation g, long at) {
        g.faultDone = true;
        switch (g.fault) {
            case DISCONNECT:
                release(g, false);
                flush(g);
                g.conn.closeAfterFlush();
                return true;
            case MALFORMED:
                if (g.stream) {
                    Wire.malformedEvent(out, g.head, g.chunked);
                    chunks++;
                } else {
                    g.malformedBody = true;
                }
                return false;
            case ERROR_EVENT:
                if (g.stream) {
                    Wire.errorEvent(out, "simulated error after " + g.emitted + " tokens", g.chunked);
                    Wire.doneEvent(out, g.chunked);
                    chunks += 2;
                    if (g.chunked) {
                        Wire.lastChunk(out);
                    }
                } else {
                    Wire.json(out, 500, "", Wire.errorBody("simulated error after " + g.emitted + " tokens",
                            "server_error", null, null), g.keepAlive);
                }
                release(g, false);
                flush(g);
                g.conn.finish(g.keepAlive);
                return true;
            case STALL:
                flush(g);
                g.state = Generation.State.STALLED;
                if (g.stallNanos >= 0) {
                    g.due = at + g.stallNanos;
                    timers.add(g);
                }
                return true;
            default:
                throw new IllegalStateException("fault " + g.fault + " is answered before the engine");
        }
    }

    private void release(Generation g, boolean completed) {
        if (g.state == Generation.State.DONE) {
            return;
        }
        g.state = Generation.State.DONE;
        running--;
        metrics.released(g, completed);
        inSystem.decrementAndGet();
        if (completed) {
            server.completed.increment();
        } else if (g.cancelled) {
            server.cancelled.increment();
        }
        server.trace(g, completed);
        admit(System.nanoTime());
    }

    // ---- decode steps ----

    private void startStep(long start) {
        batch.addAll(joiners);
        joiners.clear();
        if (batch.isEmpty()) {
            stepping = false;
            return;
        }
        long context = 0;
        if (model.stepPerContextTokenMillis() > 0) {
            for (Generation g : batch) {
                context += g.promptTokens + g.emitted;
            }
        }
        stepNanos = model.stepNanos(batch.size(), context, jitter());
        stepEnd = start + stepNanos;
        stepping = true;
    }

    private void endStep(long at) {
        int k = model.tokensPerStep();
        long now = System.nanoTime();
        for (Generation g : batch) {
            if (g.state != Generation.State.DECODING) {
                continue;
            }
            if (g.cancelled) {
                release(g, false);
                continue;
            }
            g.decodeNanos += stepNanos;
            int n = Math.min(k, g.outputTokens - g.emitted);
            if (g.stream) {
                emit(g, n);
            } else {
                g.emitted += n;
            }
            metrics.emitted(g, n);
            g.lastTokenNanos = now;
            if (g.faultDue() && applyFault(g, at)) {
                continue;
            }
            if (g.emitted >= g.outputTokens) {
                complete(g);
                continue;
            }
            flush(g);
            nextBatch.add(g);
        }
        ArrayList<Generation> t = batch;
        batch = nextBatch;
        nextBatch = t;
        nextBatch.clear();
        startStep(at);
    }

    Optional<Thread> thread() {
        return Optional.ofNullable(thread);
    }
}
