package io.llmbench.core;

import io.llmbench.core.internal.ConsoleProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint's progress at an instant: what a live display shows. Immutable.
 *
 * @param endpoint     the endpoint's name
 * @param done         measured requests finished
 * @param total        requests planned, or -1 when the run is bounded by duration only
 * @param succeeded    finished successfully
 * @param failed       finished with a failure
 * @param inFlight     requests currently in flight
 * @param currentRate  finished requests per second over the last interval
 * @param elapsed      time since the measured phase began
 * @param remaining    estimated time left, or null when unknown
 * @param outputTokens output tokens of the finished requests so far
 * @param ttftP50      median TTFT of the successful requests so far, in ms; NaN before the first
 * @param tpotP50      median TPOT so far, in ms; NaN before the first request with two tokens
 * @param failures     failed requests so far by kind (empty when none failed)
 */
public record Progress(String endpoint, long done, long total, long succeeded, long failed, long inFlight,
                       double currentRate, Duration elapsed, Duration remaining,
                       long outputTokens, double ttftP50, double tpotP50, Map<FailureKind, Long> failures) {

    public Progress {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(elapsed, "elapsed");
        failures = failures == null ? Map.of() : Map.copyOf(failures);
    }

    /** Progress without the live figures (output tokens, medians, failure kinds). */
    public Progress(String endpoint, long done, long total, long succeeded, long failed, long inFlight,
                    double currentRate, Duration elapsed, Duration remaining) {
        this(endpoint, done, total, succeeded, failed, inFlight, currentRate, elapsed, remaining,
                0, Double.NaN, Double.NaN, Map.of());
    }

    /** Success rate so far in [0, 1], NaN before the first request finishes. */
    public double successRate() {
        return done == 0 ? Double.NaN : (double) succeeded / done;
    }

    /** Share of the planned requests finished, in [0, 1]; NaN when the run is bounded by duration only. */
    public double fractionDone() {
        return total <= 0 ? Double.NaN : Math.min(1.0, (double) done / total);
    }

    /** Finished requests per second since the measured phase began (the mean, not the last second). */
    public double requestsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? done / s : 0;
    }

    /** Output tokens per second since the measured phase began. */
    public double outputTokensPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? outputTokens / s : 0;
    }

    /** A listener that prints a progress line per endpoint to standard error about once a second. */
    public static ProgressListener console() {
        return new ConsoleProgress(System.err);
    }

    /** A listener that prints progress lines to the given stream. */
    public static ProgressListener console(PrintStream out) {
        return new ConsoleProgress(out);
    }
}
