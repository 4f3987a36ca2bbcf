package io.llmbench.core;

import io.llmbench.core.internal.Histograms;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The running figures of a measured phase for progress displays: output tokens, TTFT and TPOT
 * medians so far, failures by kind. {@link #record} is wait-free (called on network threads for
 * every request); {@link #medians} is called about once a second. Thread-safe.
 */
final class LiveFigures {
    /** Microseconds: three significant digits of a millisecond figure. */
    private static final double SCALE = 1000.0;

    private final LongAdder outputTokens = new LongAdder();
    private final LongAdder[] failures = new LongAdder[FailureKind.values().length];
    private final Recorder ttftRecorder = new Recorder(Histograms.SIGNIFICANT_DIGITS);
    private final Recorder tpotRecorder = new Recorder(Histograms.SIGNIFICANT_DIGITS);
    private final Histogram ttft = Histograms.newHistogram();
    private final Histogram tpot = Histograms.newHistogram();
    private Histogram ttftInterval;
    private Histogram tpotInterval;

    LiveFigures() {
        for (int i = 0; i < failures.length; i++) {
            failures[i] = new LongAdder();
        }
    }

    void record(RequestRecord r) {
        if (r.outputTokens() > 0) {
            outputTokens.add(r.outputTokens());
        }
        if (!r.ok()) {
            failures[r.failure().ordinal()].increment();
            return;
        }
        double t = r.ttftMillis();
        if (!Double.isNaN(t)) {
            ttftRecorder.recordValue(Math.max(0, Math.round(t * SCALE)));
        }
        double p = r.tpotMillis();
        if (!Double.isNaN(p)) {
            tpotRecorder.recordValue(Math.max(0, Math.round(p * SCALE)));
        }
    }

    long outputTokens() {
        return outputTokens.sum();
    }

    Map<FailureKind, Long> failures() {
        Map<FailureKind, Long> m = new EnumMap<>(FailureKind.class);
        for (FailureKind k : FailureKind.values()) {
            long n = failures[k.ordinal()].sum();
            if (n > 0) {
                m.put(k, n);
            }
        }
        return m;
    }

    /** {TTFT p50, TPOT p50} in ms so far, NaN where nothing was recorded. */
    synchronized double[] medians() {
        ttftInterval = ttftRecorder.getIntervalHistogram(ttftInterval);
        ttft.add(ttftInterval);
        tpotInterval = tpotRecorder.getIntervalHistogram(tpotInterval);
        tpot.add(tpotInterval);
        return new double[] {median(ttft), median(tpot)};
    }

    private static double median(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / SCALE;
    }
}
