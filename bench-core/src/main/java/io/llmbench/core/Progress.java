package io.llmbench.core;

import io.llmbench.core.internal.ConsoleProgress;
import java.io.PrintStream;
import java.time.Duration;

/**
 * One endpoint's progress at an instant. Immutable.
 *
 * @param endpoint    the endpoint's name
 * @param done        measured requests finished
 * @param total       requests planned, or -1 when the run is bounded by duration only
 * @param succeeded   finished successfully
 * @param failed      finished with a failure
 * @param inFlight    requests currently in flight
 * @param currentRate finished requests per second over the last interval
 * @param elapsed     time since the measured phase began
 * @param remaining   estimated time left, or null when unknown
 */
public record Progress(String endpoint, long done, long total, long succeeded, long failed, long inFlight,
                      double currentRate, Duration elapsed, Duration remaining) {

    /** Success rate so far in [0, 1], NaN before the first request finishes. */
    public double successRate() {
        return done == 0 ? Double.NaN : (double) succeeded / done;
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
