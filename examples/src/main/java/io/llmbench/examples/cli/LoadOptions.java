package io.llmbench.examples.cli;

import io.llmbench.core.Load;
import picocli.CommandLine.Option;

/** How requests are offered: sequential (default), a fixed concurrency, or a request rate. */
final class LoadOptions {
    /** Arrival processes for rate modes. */
    enum Arrival { CONSTANT, POISSON, GAMMA }

    @Option(names = "--concurrency", paramLabel = "N", description = "Keep N requests in flight (closed loop).")
    Integer concurrency;

    @Option(names = "--rate", paramLabel = "REQ/S", description = "Send at this many requests per second (open loop).")
    Double rate;

    @Option(names = "--arrival", paramLabel = "constant|poisson|gamma", defaultValue = "poisson",
            description = "Arrival process of --rate (default ${DEFAULT-VALUE}).")
    Arrival arrival = Arrival.POISSON;

    @Option(names = "--burstiness", paramLabel = "SHAPE", defaultValue = "1",
            description = "Gamma shape of --arrival gamma: 1 is Poisson, below 1 burstier (default ${DEFAULT-VALUE}).")
    double burstiness = 1;

    @Option(names = "--max-concurrency", paramLabel = "N", description = "Cap on requests in flight with --rate.")
    Integer maxConcurrency;

    /** The load the flags describe; sequential when neither --concurrency nor --rate is given. */
    Load build() {
        if (concurrency != null && rate != null) {
            throw CliException.usage("--concurrency and --rate cannot be used together: choose a closed or an open loop");
        }
        if (rate == null && maxConcurrency != null) {
            throw CliException.usage("--max-concurrency applies to --rate only");
        }
        if (concurrency != null) {
            if (concurrency < 1) {
                throw CliException.badFlag("--concurrency", "must be >= 1, but was " + concurrency);
            }
            return Load.concurrency(concurrency);
        }
        if (rate == null) {
            return Load.sequential();
        }
        return rateLoad(rate, arrival, burstiness, maxConcurrency);
    }

    /** A rate load; errors name the flags. */
    static Load rateLoad(double rate, Arrival arrival, double burstiness, Integer maxConcurrency) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw CliException.badFlag("--rate", "must be a number > 0 requests/s, but was " + rate);
        }
        Load load;
        switch (arrival) {
            case CONSTANT -> load = Load.constantRate(rate);
            case GAMMA -> {
                if (!(burstiness > 0) || Double.isInfinite(burstiness)) {
                    throw CliException.badFlag("--burstiness", "must be a number > 0, but was " + burstiness);
                }
                load = Load.gamma(rate, burstiness);
            }
            default -> load = Load.poisson(rate);
        }
        if (maxConcurrency != null) {
            if (maxConcurrency < 1) {
                throw CliException.badFlag("--max-concurrency", "must be >= 1, but was " + maxConcurrency);
            }
            load = load.maxConcurrency(maxConcurrency);
        }
        return load;
    }
}
