package io.llmbench.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Job-level figures for one endpoint in one run. Throughputs are per second of
 * {@code durationSeconds}: from the first send after warm-up to the last completion.
 *
 * @param durationSeconds           measured duration
 * @param requests                  requests sent (excluding warm-up)
 * @param succeeded                 requests that succeeded
 * @param failed                    requests that failed
 * @param failures                  failed requests by kind (only kinds that occurred)
 * @param inputTokens               total prompt tokens of succeeded requests
 * @param outputTokens              total generated tokens of succeeded requests
 * @param requestThroughput         succeeded requests per second
 * @param outputTokenThroughput     output tokens per second
 * @param totalTokenThroughput      input plus output tokens per second
 * @param peakOutputTokensPerSecond the highest output tokens in any 1-second bucket
 * @param goodRequests              succeeded requests that met every per-request SLO
 * @param goodput                   good requests per second (equals request throughput when no SLO was set)
 * @param lateSends                 requests sent later than {@link #LATE_SEND_THRESHOLD_MILLIS} after their schedule
 * @param outputTokenSources        how many succeeded requests counted output tokens from each source
 */
public record JobStats(double durationSeconds, long requests, long succeeded, long failed,
                       Map<FailureKind, Long> failures, long inputTokens, long outputTokens,
                       double requestThroughput, double outputTokenThroughput, double totalTokenThroughput,
                       double peakOutputTokensPerSecond, long goodRequests, double goodput, long lateSends,
                       Map<TokenSource, Long> outputTokenSources) {
    /** A send more than this many milliseconds after its scheduled time counts as late. */
    public static final double LATE_SEND_THRESHOLD_MILLIS = 1.0;

    public JobStats {
        failures = failures == null || failures.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(failures));
        outputTokenSources = outputTokenSources == null || outputTokenSources.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(outputTokenSources));
    }

    /** Succeeded / sent, in [0, 1]; NaN when nothing was sent. */
    public double successRate() {
        return requests == 0 ? Double.NaN : (double) succeeded / requests;
    }
}
