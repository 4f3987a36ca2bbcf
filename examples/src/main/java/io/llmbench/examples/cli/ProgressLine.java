package io.llmbench.examples.cli;

import io.llmbench.core.Progress;
import io.llmbench.core.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Progress on standard error: one line for all endpoints, redrawn in place on a terminal, printed
 * every {@link #PLAIN_INTERVAL} otherwise (logs stay short). Thread-safe.
 */
final class ProgressLine implements ProgressListener {
    /** How often a line is printed when standard error is not a terminal. */
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final boolean interactive;
    private final String prefix;
    private long lastPrinted = System.nanoTime();
    private int lastLength;

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
        String line = line(snapshot);
        if (interactive) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public synchronized void onFinish(io.llmbench.core.BenchmarkResult result) {
        if (interactive && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }

    String line(List<Progress> snapshot) {
        StringBuilder sb = new StringBuilder(prefix);
        Duration elapsed = Duration.ZERO;
        Duration eta = null;
        boolean etaKnown = true;
        for (Progress p : snapshot) {
            String total = p.total() < 0 ? "?" : Long.toString(p.total());
            sb.append(String.format(Locale.ROOT, "[%s %d/%s ok %s %.1f req/s] ", p.endpoint(), p.done(), total,
                    Double.isNaN(p.successRate()) ? "-" : Fmt.pct(p.successRate()), p.currentRate()));
            if (p.elapsed().compareTo(elapsed) > 0) {
                elapsed = p.elapsed();
            }
            if (p.remaining() == null) {
                etaKnown = false;
            } else if (eta == null || p.remaining().compareTo(eta) > 0) {
                eta = p.remaining();
            }
        }
        sb.append(Fmt.duration(elapsed));
        if (etaKnown && eta != null) {
            sb.append(", about ").append(Fmt.duration(eta)).append(" left");
        }
        return sb.toString();
    }
}
