package io.llmbench.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a {@link BatchJob} takes on one deployment, and what it rests on. Steady-state figures:
 * the ramp-up and the tail of the last wave of requests are ignored, which matters only when the
 * job has few more requests than its concurrency. For a job at a request rate the deployment
 * completes requests at the offered rate unless it is saturated ({@link #saturation()}), then at its
 * capacity. Immutable and thread-safe.
 *
 * @param name                  the candidate's name
 * @param job                   the job
 * @param requestsPerSecond     completed requests per second
 * @param latencyMillis         end-to-end latency of one request in milliseconds; NaN when unknown
 * @param outputTokensPerSecond output tokens per second of the whole deployment
 * @param seconds               time to process the whole job
 * @param confidence            how closely the figures rest on measurements
 * @param basis                 the benchmark the estimate rests on, in words
 * @param cost                  the cost, or null when the candidate has no pricing
 * @param saturation            for a job at a request rate, whether the deployment keeps up with it; null otherwise
 */
public record TimeEstimate(String name, BatchJob job, double requestsPerSecond, double latencyMillis, double outputTokensPerSecond,
                           double seconds, Confidence confidence, String basis, Cost cost, Saturation saturation) {
    public TimeEstimate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(basis, "basis");
    }

    /** The job's duration (rounded to the millisecond). */
    public Duration duration() {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** The job's duration in hours. */
    public double hours() {
        return seconds / 3600.0;
    }

    /** The job's duration in days. */
    public double days() {
        return seconds / 86400.0;
    }

    /** Amortised seconds per request (1 / requests per second); compare {@link #latencyMillis()}, one request's own time. */
    public double secondsPerRequest() {
        return 1 / requestsPerSecond;
    }

    /** The cost, when the candidate has a price. */
    public Optional<Cost> costEstimate() {
        return Optional.ofNullable(cost);
    }
}
