package io.llmbench.core.sim;

/**
 * Counters of a {@link SimulatedEndpoint} since it started; a snapshot, immutable. Counts are
 * requests unless named otherwise; lag is in milliseconds.
 *
 * @param received       completion requests parsed (any outcome)
 * @param completed      requests whose response was sent in full
 * @param faulted        requests that got an injected fault
 * @param rejected       requests answered with a 4xx for bad input, a wrong model, a wrong key, or
 *                       a 429 because the queue was full ({@link SimulatedEndpoint.Builder#maxWaiting})
 * @param cancelled      requests abandoned because the client closed the connection
 * @param running        requests running now (prefilling, decoding or stalled)
 * @param waiting        requests waiting now for a running slot
 * @param peakRunning    highest {@code running} seen
 * @param peakWaiting    highest {@code waiting} seen
 * @param openConnections connections open now
 * @param chunksSent     SSE events sent (role, content, final, usage, error, {@code [DONE]} each count)
 * @param bytesSent      bytes written to sockets
 * @param maxLagMillis   the largest delay between a modelled event's due time and the moment the
 *                       scheduler handled it; a large value means the endpoint could not keep up
 * @param lateEvents     events handled more than 1 ms after their due time
 */
public record SimStats(long received, long completed, long faulted, long rejected, long cancelled,
                       int running, int waiting, int peakRunning, int peakWaiting, int openConnections,
                       long chunksSent, long bytesSent, double maxLagMillis, long lateEvents) {
}
