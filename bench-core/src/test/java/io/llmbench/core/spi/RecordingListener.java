package io.llmbench.core.spi;

import io.llmbench.core.FailureKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records a request's events in order, as short strings: {@code sent}, {@code chunk(true,"Hi")},
 * {@code usage(7,3)}, {@code complete}, {@code failure(DISCONNECT,0)}, and the timestamp each
 * event carried. {@code written} is recorded apart ({@link #writtenNanos()}), since a client may
 * report it at any time after {@code sent}. Keeps recording after the final call, so a test sees
 * events that should not have come. Thread-safe.
 */
public class RecordingListener implements ResponseListener {
    private final List<String> events = new ArrayList<>();
    private final List<Long> stamps = new ArrayList<>();
    private final CountDownLatch finalCall = new CountDownLatch(1);
    private final CountDownLatch firstContent = new CountDownLatch(1);
    private volatile String message;
    private volatile FailureKind kind;
    private volatile int status = -1;
    private volatile long writtenNanos = -1;

    private void add(String event, long nanos) {
        events.add(event);
        stamps.add(nanos);
    }

    @Override
    public synchronized void onSent(long sentNanos) {
        add("sent", sentNanos);
    }

    @Override
    public synchronized void onWritten(long nanos) {
        writtenNanos = nanos;
    }

    @Override
    public synchronized void onChunk(boolean hasChoices, String content, long arrivalNanos) {
        add("chunk(" + hasChoices + ",\"" + content + "\")", arrivalNanos);
        if (!content.isEmpty()) {
            firstContent.countDown();
        }
    }

    @Override
    public synchronized void onUsage(int promptTokens, int completionTokens) {
        add("usage(" + promptTokens + "," + completionTokens + ")", stamps.isEmpty() ? -1 : stamps.get(stamps.size() - 1));
    }

    @Override
    public synchronized void onComplete(long endNanos) {
        add("complete", endNanos);
        finalCall.countDown();
    }

    @Override
    public synchronized void onFailure(FailureKind kind, String message, int httpStatus, long endNanos) {
        add("failure(" + kind + "," + httpStatus + ")", endNanos);
        this.kind = kind;
        this.message = message;
        this.status = httpStatus;
        finalCall.countDown();
    }

    /** Waits for the final call; fails the test after 10 s. */
    public RecordingListener awaitFinal() {
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

    public boolean awaitFinal(Duration d) throws InterruptedException {
        return finalCall.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void awaitFirstContent() throws InterruptedException {
        if (!firstContent.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no content within 10 s; events so far: " + events());
        }
    }

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** The timestamp of each event of {@link #events()}, in the same order. */
    public synchronized List<Long> stamps() {
        return List.copyOf(stamps);
    }

    /** The events without {@code sent}, for decoder tests that never send. */
    public synchronized List<String> received() {
        return events.stream().filter(e -> !e.equals("sent")).toList();
    }

    /** When the client said the request was fully written, or -1. */
    public long writtenNanos() {
        return writtenNanos;
    }

    public String message() {
        return message;
    }

    public FailureKind kind() {
        return kind;
    }

    public int status() {
        return status;
    }
}
