package io.llmbench.examples.cli;

import io.llmbench.core.Progress;
import io.llmbench.core.ProgressListener;
import io.llmbench.core.internal.ConsoleProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Live progress on standard error, like GuideLLM's: per endpoint, requests done of planned, in
 * flight, req/s and output tokens/s (means since the start), TTFT and TPOT medians so far,
 * failures by kind, elapsed time and ETA. On a terminal a small table (one row per endpoint) is
 * redrawn in place about once a second and cleared at the end; otherwise one self-describing line
 * per endpoint is printed every {@link #PLAIN_INTERVAL}, so logs stay short. Thread-safe.
 */
final class ProgressLine implements ProgressListener {
    /** How often lines are printed when standard error is not a terminal. */
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private static final String CLEAR_LINE = "\033[2K";

    private final PrintWriter err;
    private final boolean interactive;
    private final String prefix;
    private long lastPrinted = System.nanoTime();
    private int drawn;

    ProgressLine(PrintWriter err, boolean interactive, String prefix) {
        this.err = err;
        this.interactive = interactive;
        this.prefix = prefix == null ? "" : prefix;
    }

    @Override
    public synchronized void onProgress(List<Progress> snapshot) {
        long now = System.nanoTime();
        if (!interactive && now - lastPrinted < PLAIN_INTERVAL.toNanos()) {
            return;
        }
        lastPrinted = now;
        if (interactive) {
            redraw(table(snapshot));
        } else {
            snapshot.forEach(p -> err.println(prefix + ConsoleProgress.line(p)));
        }
        err.flush();
    }

    @Override
    public synchronized void onFinish(io.llmbench.core.BenchmarkResult result) {
        if (interactive && drawn > 0) {
            redraw(List.of());
            err.flush();
        }
    }

    /** Moves up over the lines drawn last time, rewrites them, and clears any left over. */
    private void redraw(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append("\033[").append(drawn).append('F');
        }
        for (String l : lines) {
            sb.append(CLEAR_LINE).append(l).append('\n');
        }
        for (int i = lines.size(); i < drawn; i++) {
            sb.append(CLEAR_LINE).append('\n');
        }
        int extra = drawn - lines.size();
        if (extra > 0) {
            sb.append("\033[").append(extra).append('F');
        }
        err.print(sb);
        drawn = lines.size();
    }

    /** The terminal view: a header, one row per endpoint, and a line per endpoint with failures. */
    List<String> table(List<Progress> snapshot) {
        TextTable t = new TextTable("endpoint", "done", "in flight", "req/s", "out tok/s", "ttft p50", "tpot p50", "failed",
                "elapsed", "eta");
        List<String> failures = new ArrayList<>();
        for (Progress p : snapshot) {
            t.row(p.endpoint(), ConsoleProgress.done(p), p.inFlight(), ConsoleProgress.number(p.requestsPerSecond()),
                    ConsoleProgress.number(p.outputTokensPerSecond()), ms(p.ttftP50()), ms(p.tpotP50()), p.failed(),
                    ConsoleProgress.clock(p.elapsed()), p.remaining() == null ? "?" : ConsoleProgress.clock(p.remaining()));
            if (p.failed() > 0) {
                failures.add("  " + p.endpoint() + " failed: " + ConsoleProgress.failures(p.failures()));
            }
        }
        List<String> lines = new ArrayList<>();
        String[] rows = t.render().split("\n");
        for (String r : rows) {
            lines.add(prefix + r);
        }
        lines.addAll(failures);
        return lines;
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : ConsoleProgress.number(v) + " ms";
    }
}
