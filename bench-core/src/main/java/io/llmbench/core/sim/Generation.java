package io.llmbench.core.sim;

import java.util.SplittableRandom;

/**
 * One completion request while the engine serves it. Created on the I/O thread, then owned by
 * the engine thread; other threads reach it only through the engine's inboxes.
 */
final class Generation {
    enum State { NEW, WAITING, PREFILL_QUEUED, PREFILLING, DECODING, STALLED, DONE }

    final long id;
    final Connection conn;
    final boolean chat;
    final boolean stream;
    final boolean chunked;
    final boolean keepAlive;
    final boolean includeUsage;
    final int promptTokens;
    final int outputTokens;
    final String finishReason;
    final long textSeed;
    final byte[] head;
    final long createdSeconds;
    final long receivedNanos;

    // fault plan
    final SimFault fault;         // null = none
    final int faultAfter;
    final long stallNanos;        // < 0 = forever
    boolean faultDone;
    boolean malformedBody;

    // engine state
    State state = State.NEW;
    boolean cancelled;
    long due;                     // timer due time (prefill end, stall end)
    int emitted;
    int previousToken = -1;
    final SplittableRandom text;
    long admittedNanos = -1;
    long firstTokenNanos = -1;
    long lastTokenNanos = -1;
    long prefillNanos;
    long decodeNanos;

    Generation(long id, Connection conn, boolean chat, boolean stream, boolean chunked, boolean keepAlive,
               boolean includeUsage, int promptTokens, int outputTokens, String finishReason, long textSeed,
               byte[] head, long createdSeconds, long receivedNanos, SimFault fault, int faultAfter, long stallNanos) {
        this.id = id;
        this.conn = conn;
        this.chat = chat;
        this.stream = stream;
        this.chunked = chunked;
        this.keepAlive = keepAlive;
        this.includeUsage = includeUsage;
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
        this.finishReason = finishReason;
        this.textSeed = textSeed;
        this.head = head;
        this.createdSeconds = createdSeconds;
        this.receivedNanos = receivedNanos;
        this.fault = fault;
        this.faultAfter = faultAfter;
        this.stallNanos = stallNanos;
        this.text = new SplittableRandom(textSeed);
    }

    boolean faultDue() {
        return fault != null && !faultDone && emitted >= faultAfter;
    }

    int nextToken() {
        previousToken = Vocabulary.next(text, previousToken);
        return previousToken;
    }
}
