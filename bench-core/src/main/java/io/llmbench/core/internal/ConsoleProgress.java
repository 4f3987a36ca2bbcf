package io.llmbench.core.internal;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Progress;
import io.llmbench.core.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints one self-describing progress line per endpoint; the formats are shared with the CLI. Not API. */
public final class ConsoleProgress implements ProgressListener {
    private final PrintStream out;

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onProgress(List<Progress> snapshot) {
        for (Progress p : snapshot) {
            out.println(line(p));
        }
        out.flush();
    }

    @Override
    public void onFinish(BenchmarkResult result) {
        result.endpoints().forEach(e -> out.printf(Locale.ROOT, "[%s] finished: %d/%d ok in %.1f s%n", e.name(),
                e.job().succeeded(), e.job().requests(), e.job().durationSeconds()));
        out.flush();
    }

    /**
     * The line printed for one snapshot, e.g. {@code [chat] 120/200 (60%), 16 in flight, 38.2 req/s,
     * 4210 output tok/s, ttft p50 41.7 ms, tpot p50 5.31 ms, no failures, elapsed 0:03, eta 0:02}.
     * Rates are means since the measured phase began.
     */
    public static String line(Progress p) {
        return String.format(Locale.ROOT, "[%s] %s, %d in flight, %s req/s, %s output tok/s, ttft p50 %s, tpot p50 %s, %s, elapsed %s, eta %s",
                p.endpoint(), done(p), p.inFlight(), number(p.requestsPerSecond()), number(p.outputTokensPerSecond()),
                millis(p.ttftP50()), millis(p.tpotP50()), p.failed() == 0 ? "no failures" : "failed " + p.failed() + " (" + failures(p.failures()) + ")",
                clock(p.elapsed()), p.remaining() == null ? "?" : clock(p.remaining()));
    }

    /** {@code 120/200 (60%)}, or {@code 120} when the run is bounded by duration only. */
    public static String done(Progress p) {
        if (p.total() < 0) {
            return Long.toString(p.done());
        }
        return String.format(Locale.ROOT, "%d/%d (%.0f%%)", p.done(), p.total(), 100 * p.fractionDone());
    }

    /** Failure counts by kind, most frequent first: {@code timeout 3, http_5xx 1}; empty for none. */
    public static String failures(Map<FailureKind, Long> failures) {
        StringBuilder s = new StringBuilder();
        failures.entrySet().stream()
                .sorted(Map.Entry.<FailureKind, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> s.append(s.length() == 0 ? "" : ", ").append(e.getKey().name().toLowerCase(Locale.ROOT))
                        .append(' ').append(e.getValue()));
        return s.toString();
    }

    /** A duration as m:ss, or h:mm:ss from an hour. */
    public static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A number as {@link Numbers#format} writes it. */
    public static String number(double v) {
        return Numbers.format(v);
    }

    private static String millis(double v) {
        return Double.isNaN(v) ? "-" : number(v) + " ms";
    }
}
