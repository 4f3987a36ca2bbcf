package io.llmbench.core.internal.openai;

import io.llmbench.core.FailureKind;
import io.llmbench.core.spi.ResponseListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records a request's events in order, as short strings: {@code sent}, {@code chunk(true,"Hi")},
 * {@code usage(7,3)}, {@code complete}, {@code failure(DISCONNECT,0)}. Keeps recording after the
 * final call, so a test sees events that should not have come. Thread-safe.
 */
class RecordingListener implements ResponseListener {
    private final List<String> events = new ArrayList<>();
    private final CountDownLatch finalCall = new CountDownLatch(1);
    private final CountDownLatch firstContent = new CountDownLatch(1);
    private volatile String message;
    private volatile FailureKind kind;
    private volatile int status = -1;

    @Override
    public synchronized void onSent() {
        events.add("sent");
    }

    @Override
    public synchronized void onChunk(boolean hasChoices, String content) {
        events.add("chunk(" + hasChoices + ",\"" + content + "\")");
        if (!content.isEmpty()) {
            firstContent.countDown();
        }
    }

    @Override
    public synchronized void onUsage(int promptTokens, int completionTokens) {
        events.add("usage(" + promptTokens + "," + completionTokens + ")");
    }

    @Override
    public synchronized void onComplete() {
        events.add("complete");
        finalCall.countDown();
    }

    @Override
    public synchronized void onFailure(FailureKind kind, String message, int httpStatus) {
        events.add("failure(" + kind + "," + httpStatus + ")");
        this.kind = kind;
        this.message = message;
        this.status = httpStatus;
        finalCall.countDown();
    }

    /** Waits for the final call; fails the test after 10 s. */
    RecordingListener awaitFinal() {
        try {
            if (!finalCall.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("no final call within 10 s; events so far: " + events());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return this;
    }

    boolean awaitFinal(Duration d) throws InterruptedException {
        return finalCall.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    void awaitFirstContent() throws InterruptedException {
        if (!firstContent.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no content within 10 s; events so far: " + events());
        }
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** The events without {@code sent}, for decoder tests that never send. */
    synchronized List<String> received() {
        return events.stream().filter(e -> !e.equals("sent")).toList();
    }

    String message() {
        return message;
    }

    FailureKind kind() {
        return kind;
    }

    int status() {
        return status;
    }
}
