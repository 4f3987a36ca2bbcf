package io.llmbench.core.sweep;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.RequestRecord;
import java.util.List;
import java.util.Objects;

/**
 * Throughput over a run's busy period, excluding ramp-up and drain, beside the whole-run figures.
 * Immutable and thread-safe.
 *
 * <p>The <b>steady window</b> starts when the first request completes (before that the pipeline is
 * filling: nothing can complete yet, which drags whole-run throughput down) and ends at the last
 * send (after it no new work arrives and the endpoint drains). Within the window:
 * <ul>
 *   <li>request throughput = each successful request counted as one unit of work spread evenly over
 *       its lifetime (send to end), summed over the window, / window length. Spreading avoids the
 *       fence-post error of counting completions, which is large when completions come in waves
 *       (a closed loop with a synchronised start);</li>
 *   <li>output token throughput = each successful request's output tokens spread evenly over its
 *       decode time (first to last content chunk), summed over the window, / window length;</li>
 *   <li>mean in flight = the time-average number of requests between send and end (Little's law:
 *       about throughput × latency).</li>
 * </ul>
 * Times come from the records' {@code sentNanos} and {@code endNanos}; the window bounds are
 * seconds from the run origin. When fewer than {@value #MIN_COMPLETIONS} requests complete
 * inside the window, or it is shorter than {@value #MIN_WINDOW_FRACTION} of the run, the steady
 * figures are NaN and {@link #isValid()} is false: the run was too short to have a steady state.
 *
 * @param windowStartSeconds          start of the steady window, seconds from the run origin
 * @param windowEndSeconds            end of the steady window
 * @param completed                   successful requests ending inside the window (the first completion,
 *                                    which opens it, is not counted)
 * @param requestThroughput           steady requests per second, or NaN
 * @param outputTokenThroughput       steady output tokens per second, or NaN
 * @param meanInFlight                time-average requests in flight in the window, or NaN
 * @param wholeRequestThroughput      the whole run's successful requests per second (as {@link JobStats})
 * @param wholeOutputTokenThroughput  the whole run's output tokens per second (as {@link JobStats})
 */
public record SteadyState(double windowStartSeconds, double windowEndSeconds, long completed,
                          double requestThroughput, double outputTokenThroughput, double meanInFlight,
                          double wholeRequestThroughput, double wholeOutputTokenThroughput) {
    /** The fewest completions inside the window for a valid steady state. */
    public static final int MIN_COMPLETIONS = 10;

    /** The shortest window, as a fraction of the whole run, for a valid steady state. */
    public static final double MIN_WINDOW_FRACTION = 0.2;

    /** Whether the run had a steady window long enough to measure. */
    public boolean isValid() {
        return !Double.isNaN(requestThroughput);
    }

    /** The steady window's length in seconds (0 when there is none). */
    public double windowSeconds() {
        return Math.max(0, windowEndSeconds - windowStartSeconds);
    }

    /** Steady state of one endpoint's run, beside its {@link EndpointResult#job() job} figures. */
    public static SteadyState of(EndpointResult result) {
        Objects.requireNonNull(result, "result");
        return of(result.records(), result.job().requestThroughput(), result.job().outputTokenThroughput());
    }

    /** Steady state of request records; the whole-run figures are computed from the records too. */
    public static SteadyState of(List<RequestRecord> records) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long ok = 0;
        long tokens = 0;
        for (RequestRecord r : records) {
            first = Math.min(first, r.sentNanos());
            last = Math.max(last, end(r));
            if (r.ok()) {
                ok++;
                tokens += Math.max(0, r.outputTokens());
            }
        }
        double duration = records.isEmpty() || last <= first ? 0 : (last - first) / 1e9;
        return of(records, duration == 0 ? 0 : ok / duration, duration == 0 ? 0 : tokens / duration);
    }

    private static SteadyState of(List<RequestRecord> records, double wholeRequests, double wholeTokens) {
        if (records.isEmpty()) {
            return new SteadyState(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, wholeRequests, wholeTokens);
        }
        long runStart = Long.MAX_VALUE;
        long runEnd = Long.MIN_VALUE;
        long firstCompletion = Long.MAX_VALUE;
        long lastSend = Long.MIN_VALUE;
        for (RequestRecord r : records) {
            runStart = Math.min(runStart, r.sentNanos());
            runEnd = Math.max(runEnd, end(r));
            lastSend = Math.max(lastSend, r.sentNanos());
            if (r.ok()) {
                firstCompletion = Math.min(firstCompletion, end(r));
            }
        }
        long from = firstCompletion;
        long to = lastSend;
        double startS = from == Long.MAX_VALUE ? 0 : from / 1e9;
        double endS = to / 1e9;
        if (from == Long.MAX_VALUE || to <= from || (to - from) < MIN_WINDOW_FRACTION * (runEnd - runStart)) {
            return new SteadyState(startS, Math.max(startS, endS), 0, Double.NaN, Double.NaN, Double.NaN, wholeRequests, wholeTokens);
        }
        long completed = 0;
        double work = 0;
        double tokens = 0;
        double busyNanos = 0;
        for (RequestRecord r : records) {
            long sent = r.sentNanos();
            long end = end(r);
            busyNanos += overlap(sent, end, from, to);
            if (!r.ok()) {
                continue;
            }
            if (end > from && end <= to) {
                completed++;
            }
            work += end > sent ? overlap(sent, end, from, to) / (double) (end - sent) : (end > from && end <= to ? 1 : 0);
            int out = r.outputTokens();
            if (out > 0) {
                long decodeStart = r.ttftNanos() >= 0 ? sent + r.ttftNanos() : end;
                long decodeEnd = r.e2eNanos() >= 0 ? sent + r.e2eNanos() : end;
                if (decodeEnd <= decodeStart) {
                    tokens += decodeEnd > from && decodeEnd <= to ? out : 0;
                } else {
                    tokens += out * overlap(decodeStart, decodeEnd, from, to) / (double) (decodeEnd - decodeStart);
                }
            }
        }
        double window = (to - from) / 1e9;
        if (completed < MIN_COMPLETIONS) {
            return new SteadyState(startS, endS, completed, Double.NaN, Double.NaN, Double.NaN, wholeRequests, wholeTokens);
        }
        return new SteadyState(startS, endS, completed, work / window, tokens / window, busyNanos / 1e9 / window,
                wholeRequests, wholeTokens);
    }

    private static long end(RequestRecord r) {
        return r.sentNanos() + Math.max(0, r.endNanos());
    }

    private static long overlap(long a0, long a1, long b0, long b1) {
        return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
    }
}
