package io.llmbench.core;

import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.ResponseListener;
import io.llmbench.core.workload.Prompt;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process client that plays a fixed script per request on a timer: a role-only chunk, the
 * first token after {@code ttftMillis}, further tokens every {@code gapMillis}, usage, done.
 * It counts sends and the most requests it ever had in flight. One timer thread keeps each
 * request's events in order, as a real client delivers them.
 */
public final class ScriptedClient implements InferenceClient {
    final long ttftMillis;
    final long gapMillis;
    final int tokens;
    final boolean stall;
    /** When >= 0, the timer is exposed as the client's event loop and spins this long per chunk on it. */
    final long loopBusyNanos;
    final AtomicInteger sends = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final List<String> promptIds = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "scripted-client");
        t.setDaemon(true);
        return t;
    });

    ScriptedClient(long ttftMillis, long gapMillis, int tokens) {
        this(ttftMillis, gapMillis, tokens, false);
    }

    ScriptedClient(long ttftMillis, long gapMillis, int tokens, boolean stall) {
        this.ttftMillis = ttftMillis;
        this.gapMillis = gapMillis;
        this.tokens = tokens;
        this.stall = stall;
        this.loopBusyNanos = -1;
    }

    private ScriptedClient(long ttftMillis, long gapMillis, int tokens, long loopBusyNanos) {
        this.ttftMillis = ttftMillis;
        this.gapMillis = gapMillis;
        this.tokens = tokens;
        this.stall = false;
        this.loopBusyNanos = loopBusyNanos;
    }

    /**
     * A client whose timer thread is its event loop ({@link #eventLoops()}), spending
     * {@code busyMicros} of CPU on it for every chunk, as a client that parses slowly would.
     */
    static ScriptedClient onLoop(long ttftMillis, long gapMillis, int tokens, long busyMicros) {
        return new ScriptedClient(ttftMillis, gapMillis, tokens, busyMicros * 1_000);
    }

    @Override
    public List<ScheduledExecutorService> eventLoops() {
        return loopBusyNanos >= 0 ? List.of(timer) : List.of();
    }

    private void spin() {
        if (loopBusyNanos > 0) {
            long until = System.nanoTime() + loopBusyNanos;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public InFlight send(Prompt prompt, ResponseListener listener) {
        sends.incrementAndGet();
        promptIds.add(prompt.info().id());
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        AtomicBoolean finished = new AtomicBoolean();
        listener.onSent();
        listener.onChunk(true, "");
        ScheduledFuture<?>[] steps = new ScheduledFuture<?>[tokens + 1];
        if (stall) {
            return () -> {
                if (finished.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                }
            };
        }
        for (int i = 0; i < tokens; i++) {
            int index = i;
            steps[i] = timer.schedule(() -> {
                spin();
                listener.onChunk(true, "tok" + index + " ");
                if (index == tokens - 1) {
                    listener.onUsage(7, tokens);
                    if (finished.compareAndSet(false, true)) {
                        inFlight.decrementAndGet();
                    }
                    listener.onComplete();
                }
            }, ttftMillis + i * gapMillis, TimeUnit.MILLISECONDS);
        }
        return () -> {
            for (ScheduledFuture<?> f : steps) {
                if (f != null) {
                    f.cancel(false);
                }
            }
            if (finished.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
