package io.llmbench.core.internal;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Progress;
import io.llmbench.core.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Prints one progress line per endpoint. Not API. */
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

    /** The line printed for one snapshot. */
    public static String line(Progress p) {
        String total = p.total() < 0 ? "?" : Long.toString(p.total());
        String pct = p.total() > 0 ? String.format(Locale.ROOT, " %3.0f%%", 100.0 * p.done() / p.total()) : "";
        String ok = Double.isNaN(p.successRate()) ? "  -  " : String.format(Locale.ROOT, "%5.1f%%", 100 * p.successRate());
        return String.format(Locale.ROOT, "[%s] %d/%s%s  ok %s  in flight %d  %.1f req/s  elapsed %s  eta %s",
                p.endpoint(), p.done(), total, pct, ok, p.inFlight(), p.currentRate(), fmt(p.elapsed()),
                p.remaining() == null ? "?" : fmt(p.remaining()));
    }

    private static String fmt(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
