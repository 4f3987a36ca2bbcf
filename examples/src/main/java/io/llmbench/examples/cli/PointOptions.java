package io.llmbench.examples.cli;

import io.llmbench.core.Traffic;
import io.llmbench.model.Point;
import picocli.CommandLine.Option;

/** A workload to predict for: mean input and output tokens per request, and optionally the traffic. */
final class PointOptions {
    @Option(names = "--input-tokens", paramLabel = "TOKENS", description = "Mean prompt tokens per request.")
    Double input;

    @Option(names = "--output-tokens", paramLabel = "TOKENS", description = "Mean output tokens per request.")
    Double output;

    @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight.")
    Double concurrency;

    @Option(names = "--rate", paramLabel = "REQ/S", description = "Requests per second.")
    Double rate;

    boolean given() {
        return input != null || output != null || concurrency != null || rate != null;
    }

    /** The point; both sizes are required. */
    Point point() {
        if (input == null || output == null) {
            throw CliException.usage("give the workload with --input-tokens N and --output-tokens N"
                    + (input == null ? " (--input-tokens is missing)" : " (--output-tokens is missing)"));
        }
        check("--input-tokens", input);
        check("--output-tokens", output);
        if (concurrency != null && rate != null) {
            throw CliException.usage("--concurrency and --rate cannot be used together");
        }
        Traffic t = null;
        if (concurrency != null) {
            check("--concurrency", concurrency);
            t = new Traffic(Traffic.Mode.CONCURRENCY, concurrency);
        } else if (rate != null) {
            check("--rate", rate);
            t = new Traffic(Traffic.Mode.RATE, rate);
        }
        return Point.of(input, output, t);
    }

    private static void check(String flag, double v) {
        if (!(v >= 1) || Double.isInfinite(v)) {
            if (flag.equals("--rate") && v > 0 && !Double.isInfinite(v)) {
                return;
            }
            throw CliException.badFlag(flag, "must be a number " + (flag.equals("--rate") ? "> 0" : ">= 1") + ", but was " + Fmt.num(v));
        }
    }
}
