package io.llmbench.examples;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints endpoint results as a fixed-width text table: one row per result. Shared by the example
 * programs. Times in milliseconds, throughputs per second. Stateless and thread-safe.
 */
final class ResultTable {
    private static final String HEADER = String.format(Locale.ROOT, "%-22s %-16s %6s %7s %9s %9s %9s %9s %10s %9s",
            "endpoint", "traffic", "reqs", "ok%", "ttft p50", "ttft p95", "tpot p50", "e2e p95", "out tok/s", "goodput");

    private ResultTable() {
    }

    static void print(List<EndpointResult> results, PrintStream out) {
        out.println(HEADER);
        for (EndpointResult r : results) {
            out.println(row(r));
        }
    }

    static String row(EndpointResult r) {
        JobStats job = r.job();
        return String.format(Locale.ROOT, "%-22s %-16s %6d %6.1f%% %9s %9s %9s %9s %10.1f %9.2f",
                clip(r.name(), 22), clip(r.run().traffic().toString(), 16), job.requests(), 100 * job.successRate(),
                ms(r.metric(Metric.TTFT), 50), ms(r.metric(Metric.TTFT), 95), ms(r.metric(Metric.TPOT), 50),
                ms(r.metric(Metric.E2E), 95), job.outputTokenThroughput(), job.goodput());
    }

    private static String ms(MetricStats s, int percentile) {
        if (s.count() == 0) {
            return "-";
        }
        double v = percentile == 50 ? s.p50() : s.p95();
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
