package io.llmbench.examples.cli;

import io.llmbench.model.BatchJob;
import io.llmbench.model.Candidate;
import io.llmbench.model.Pricing;
import io.llmbench.store.StoredRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** A batch job to estimate ({@code --requests}, sizes, a concurrency or a request rate) and an optional price. */
final class JobOptions {
    @Option(names = "--requests", paramLabel = "N", required = true, description = "Requests in the job.")
    long requests;

    @Option(names = "--input-tokens", paramLabel = "TOKENS", required = true, description = "Mean prompt tokens per request.")
    double input;

    @Option(names = "--output-tokens", paramLabel = "TOKENS", required = true, description = "Mean output tokens per request.")
    double output;

    @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight (default 1 unless --rate is given).")
    Double concurrency;

    @Option(names = "--rate", paramLabel = "REQ/S", description = "Requests sent per second (open loop) instead of a concurrency.")
    Double rate;

    @Option(names = "--price-per-gpu-hour", paramLabel = "PRICE", description = "Price of one GPU-hour, for a cost estimate.")
    Double pricePerGpuHour;

    @Option(names = "--currency", paramLabel = "CODE", defaultValue = "USD",
            description = "Currency of --price-per-gpu-hour, shown with every cost (default ${DEFAULT-VALUE}).")
    String currency = "USD";

    @Option(names = "--gpus", paramLabel = "N", description = "GPUs per deployment for the cost (default: as stored, else 1).")
    Integer gpus;

    BatchJob job() {
        if (requests < 1) {
            throw CliException.badFlag("--requests", "must be >= 1, but was " + requests);
        }
        if (!(input >= 1)) {
            throw CliException.badFlag("--input-tokens", "must be >= 1, but was " + Fmt.num(input));
        }
        if (!(output >= 1)) {
            throw CliException.badFlag("--output-tokens", "must be >= 1, but was " + Fmt.num(output));
        }
        if (concurrency != null && rate != null) {
            throw CliException.usage("--concurrency and --rate cannot be used together");
        }
        if (rate != null && (!(rate > 0) || Double.isInfinite(rate))) {
            throw CliException.badFlag("--rate", "must be a number > 0, but was " + Fmt.num(rate));
        }
        double c = concurrency == null ? 1 : concurrency;
        if (!(c >= 1) || Double.isInfinite(c)) {
            throw CliException.badFlag("--concurrency", "must be >= 1, but was " + Fmt.num(c));
        }
        if (pricePerGpuHour != null && (!(pricePerGpuHour >= 0) || Double.isInfinite(pricePerGpuHour))) {
            throw CliException.badFlag("--price-per-gpu-hour", "must be a number >= 0, but was " + pricePerGpuHour);
        }
        if (gpus != null && gpus < 1) {
            throw CliException.badFlag("--gpus", "must be >= 1, but was " + gpus);
        }
        return rate != null ? BatchJob.atRate(requests, input, output, rate) : BatchJob.of(requests, input, output, c);
    }

    /** One candidate per deployment: its model, or its measured run nearest the job. */
    List<Candidate> candidates(Map<String, RunModels.Fit> fits, Map<String, List<StoredRun>> groups, BatchJob job) {
        List<Candidate> out = new ArrayList<>();
        Map<String, String> notes = new LinkedHashMap<>();
        for (RunModels.Fit f : fits.values()) {
            Candidate c;
            if (f.model() != null) {
                c = Candidate.of(f.name(), f.model());
            } else if (!f.observations().isEmpty()) {
                c = Candidate.measured(f.name(), RunModels.nearest(f.observations(), job.point()));
                notes.put(f.name(), f.problem());
            } else {
                continue;
            }
            if (pricePerGpuHour != null) {
                int n = gpus != null ? gpus : Math.max(1, groups.get(f.name()).get(groups.get(f.name()).size() - 1)
                        .result().deployment().gpuCount());
                c = c.withPricing(Pricing.perGpuHour(pricePerGpuHour, n));
            }
            out.add(c);
        }
        if (out.isEmpty()) {
            throw new CliException("no deployment has a run with succeeded requests to estimate from");
        }
        return out;
    }
}
