package io.llmbench.core.sweep;

import io.llmbench.core.Endpoint;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.ResponseListener;
import io.llmbench.core.workload.Prompt;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-process server model with a known capacity, for sweep and search tests: {@code slots}
 * requests run at once and the rest wait in a FIFO queue; a running request sends its first
 * token after {@code prefillMillis} and then one token every {@code gapMillis}, for
 * {@code max_tokens} tokens (or {@code defaultTokens}). A request holds its slot for
 * {@code S = prefill + (tokens - 1) * gap} ms, so capacity is {@code slots / S} requests per second,
 * TTFT is the queue wait plus the prefill, and no request waits while at most {@code slots} are in
 * flight.
 */
final class CapacityClient implements InferenceClient {
    private final int slots;
    private final long prefillMillis;
    private final long gapMillis;
    private final int defaultTokens;
    private final ScheduledExecutorService timer;
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private int running;

    CapacityClient(int slots, long prefillMillis, long gapMillis, int defaultTokens) {
        this.slots = slots;
        this.prefillMillis = prefillMillis;
        this.gapMillis = gapMillis;
        this.defaultTokens = defaultTokens;
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "capacity-client");
            t.setDaemon(true);
            return t;
        });
    }

    /** Requests per second this model serves at most, for requests of {@code tokens} tokens. */
    static double capacity(int slots, long prefillMillis, long gapMillis, int tokens) {
        return slots * 1000.0 / (prefillMillis + (tokens - 1) * gapMillis);
    }

    /** An endpoint served by a new model of this shape. */
    static Endpoint endpoint(String name, int slots, long prefillMillis, long gapMillis, int defaultTokens) {
        return Endpoint.openAi("http://capacity.invalid/v1").model("capacity-model").name(name)
                .client((e, o) -> new CapacityClient(slots, prefillMillis, gapMillis, defaultTokens)).build();
    }

    @Override
    public InFlight send(Prompt prompt, ResponseListener listener) {
        int tokens = prompt.maxTokens() > 0 ? prompt.maxTokens() : defaultTokens;
        boolean[] cancelled = {false};
        listener.onSent();
        Runnable start = () -> run(tokens, listener, cancelled);
        synchronized (this) {
            if (running < slots) {
                running++;
            } else {
                queue.add(start);
                return () -> cancel(cancelled);
            }
        }
        start.run();
        return () -> cancel(cancelled);
    }

    private void cancel(boolean[] cancelled) {
        synchronized (this) {
            cancelled[0] = true;
        }
    }

    private void run(int tokens, ResponseListener listener, boolean[] cancelled) {
        for (int i = 0; i < tokens; i++) {
            boolean last = i == tokens - 1;
            timer.schedule(() -> {
                synchronized (this) {
                    if (cancelled[0]) {
                        if (last) {
                            release();
                        }
                        return;
                    }
                }
                listener.onChunk(true, "tok ");
                if (last) {
                    listener.onUsage(8, tokens);
                    listener.onComplete();
                    release();
                }
            }, prefillMillis + i * gapMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = queue.poll();
            if (next == null) {
                running--;
                return;
            }
        }
        next.run();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
