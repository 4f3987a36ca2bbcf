package io.llmbench.examples;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import io.llmbench.store.ModelSummary;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps benchmark runs in PostgreSQL: run an endpoint at two concurrency levels, save both runs with
 * every request record, then read them back: the models, the runs of the model, one run with its
 * records, and the two runs' distributions merged exactly.
 *
 * <p>Options: {@code --store} (default {@code jdbc:postgresql://127.0.0.1:5432/test}), {@code --schema}
 * (default {@code llmbench_example}; the store's tables live beside an application's own),
 * {@code --db-user} (default {@code PGUSER} or {@code postgres}; password from {@code PGPASSWORD}),
 * {@code --requests} per run (default 24). Needs the PostgreSQL driver and
 * {@code flyway-database-postgresql} on the class path (the examples module has both).
 */
public final class PersistToPostgres {
    private PersistToPostgres() {
    }

    /** The ids saved, the model's summary, its runs and the merged distributions of the two runs. */
    public record Outcome(List<String> runIds, ModelSummary model, List<StoredRun> runs, long recordsRead, Map<Metric, MetricStats> merged) {
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    public static Outcome run(String[] args, PrintStream out) {
        Args a = Args.parse(args, "store", "schema", "db-user", "requests");
        String spec = a.string("store", "jdbc:postgresql://127.0.0.1:5432/test");
        int requests = a.integer("requests", 24, 1);
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().model("sim-8b")
                .timing(TimingModel.builder().prefill(3, 0.01).decode(1, 0.05).build()).start();
             ResultStore store = Stores.open(spec, a.string("schema", "llmbench_example"), a.string("db-user", null))) {
            Endpoint endpoint = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("sim-8b-h100")
                    .hardware("H100-80GB").gpuCount(1).engine("vllm").build();

            List<String> ids = new ArrayList<>();
            for (int concurrency : new int[] {2, 8}) {
                BenchmarkResult result = Benchmark.builder().endpoints(endpoint).workload(Workload.synthetic(512, 64))
                        .load(Load.concurrency(concurrency)).requests(requests).label("example", "persist-to-postgres").run();
                ids.addAll(store.save(result));                  // one transaction: the run and all its records
            }
            out.println("saved runs " + ids + " to " + Stores.redact(spec));

            ModelSummary model = store.models().stream().filter(m -> m.model().equals("sim-8b")).findFirst().orElseThrow();
            out.println("model " + model.model() + ": " + model.runCount() + " runs, latest at " + model.latest().result().run().traffic());

            List<StoredRun> runs = store.runs(RunQuery.builder().model("sim-8b").label("example", "persist-to-postgres").build());
            for (StoredRun r : runs) {
                out.printf(Locale.ROOT, "  %s  %-15s ttft p95 %.1f ms  %d records%n", r.id(), r.result().run().traffic(),
                        r.result().metric(Metric.TTFT).p95(), r.recordCount());
            }

            long recordsRead;
            try (var records = store.records(ids.get(0))) {          // streamed, not loaded at once
                recordsRead = records.filter(rec -> rec.ok()).count();
            }
            Map<Metric, MetricStats> merged = store.merge(ids);      // histograms added exactly
            out.printf(Locale.ROOT, "merged over both runs: %d requests, ttft p95 %.1f ms, e2e p99 %.1f ms%n",
                    merged.get(Metric.E2E).count(), merged.get(Metric.TTFT).p95(), merged.get(Metric.E2E).p99());
            return new Outcome(ids, model, runs, recordsRead, merged);
        }
    }
}
