package io.llmbench.examples;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.matrix.MatrixCell;
import io.llmbench.core.matrix.MatrixReport;
import io.llmbench.core.matrix.MatrixRunner;
import io.llmbench.core.matrix.TestMatrix;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.store.ResultStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one shard of a test matrix against one shared store, skipping cells already stored (resume).
 * Start {@code n} of these, on one machine or many (a Kubernetes Indexed Job, an Argo Workflows
 * fan-out; see {@code examples/k8s/}), each with its own shard index and the same matrix options:
 * together they run every cell exactly once, and a worker restarted after a crash continues where
 * its shard stopped.
 *
 * <pre>
 * java ... io.llmbench.examples.MatrixShardWorker --store jdbc:postgresql://db:5432/bench --shard 2/8
 * JOB_COMPLETION_INDEX=2 java ... io.llmbench.examples.MatrixShardWorker --shards 8 --store ...
 * </pre>
 *
 * <p>Options:
 * <ul>
 *   <li>{@code --store} {@code h2:PATH} or {@code jdbc:postgresql://...} (default {@value Stores#DEFAULT_STORE});
 *       {@code --schema}, {@code --db-user} for PostgreSQL (password from {@code PGPASSWORD})</li>
 *   <li>{@code --shard i/n}, or the index from the environment variable {@code JOB_COMPLETION_INDEX}
 *       (set by a Kubernetes Indexed Job) with {@code --shards n}; default {@code 0/1}</li>
 *   <li>the matrix: {@code --matrix} name (default {@code example}), {@code --models}, {@code --concurrencies},
 *       {@code --inputs}, {@code --outputs} (comma-separated), {@code --requests} per cell (default 16)</li>
 *   <li>{@code --endpoints model=url,...} for real servers (API key from {@code LLMBENCH_API_KEY});
 *       without it each model is a simulated endpoint started in-process, with {@code --timing}
 *       {@code default}, {@code fast} or {@code instant}</li>
 * </ul>
 *
 * <p>A cell whose requests all fail is reported as failed and not stored, so a later run retries it.
 * The process exits with status 1 when any cell of its shard failed.
 */
public final class MatrixShardWorker {
    /** The run label naming the shard that stored a run, e.g. {@code 2/8}. */
    public static final String SHARD_LABEL = "shard";
    /** Environment variable a Kubernetes Indexed Job sets to the pod's index. */
    public static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

    /** Sub-millisecond steps: cells finish quickly, yet every response is paced like a server's. */
    static final TimingModel FAST = TimingModel.builder().prefill(0.5, 0.001).decode(0.3, 0.01).jitter(0).build();

    static final String[] OPTIONS = {"store", "schema", "db-user", "shard", "shards", "matrix", "models", "concurrencies",
            "inputs", "outputs", "requests", "endpoints", "timing", "seed"};

    private MatrixShardWorker() {
    }

    /** What a worker did: its shard, the runner's report and the ids of the runs it stored. */
    public record Outcome(int shardIndex, int shardCount, MatrixReport report, List<String> savedRunIds) {
    }

    public static void main(String[] args) {
        Outcome o = run(args, System.getenv(INDEX_ENV), System.out);
        if (!o.report().complete()) {
            System.exit(1);
        }
    }

    /**
     * Runs the shard.
     *
     * @param jobIndex the value of {@value #INDEX_ENV}, or null
     */
    public static Outcome run(String[] args, String jobIndex, PrintStream out) {
        Args a = Args.parse(args, OPTIONS);
        int[] shard = shard(a, jobIndex);
        TestMatrix matrix = matrix(a);
        int requests = a.integer("requests", 16, 1);
        List<MatrixCell> cells = matrix.shard(shard[0], shard[1]);
        String shardLabel = shard[0] + "/" + shard[1];
        out.printf("shard %s: %d of %d cells of matrix '%s'%n", shardLabel, cells.size(), matrix.size(), matrix.name());

        Map<String, String> urls = endpointUrls(a);
        Map<String, SimulatedEndpoint> sims = new LinkedHashMap<>();
        List<String> saved = new ArrayList<>();
        try (ResultStore store = Stores.open(a.string("store", Stores.DEFAULT_STORE), a.string("schema", null), a.string("db-user", null))) {
            MatrixReport report = MatrixRunner.of(cells)
                    .skipIf(store::isCellDone)                                  // resume: finished cells are skipped
                    .onCheckpoint(outcome -> out.println("  " + outcome))
                    .run(cell -> {
                        Endpoint endpoint = endpointFor(cell, urls, sims, a);
                        EndpointResult r = Benchmark.builder()
                                .endpoints(endpoint)
                                .workload(cell.workload())
                                .load(cell.load())
                                .requests(requests)
                                .cellKey(cell.key())
                                .label(SHARD_LABEL, shardLabel)
                                .run()
                                .endpoint(endpoint.name());
                        if (r.job().succeeded() == 0) {
                            throw new IllegalStateException("all " + r.job().requests() + " requests failed " + r.job().failures()
                                    + "; the cell is not stored and will be retried");
                        }
                        saved.add(store.save(r));
                    });
            out.println("shard " + shardLabel + ": " + report);
            return new Outcome(shard[0], shard[1], report, List.copyOf(saved));
        } finally {
            sims.values().forEach(SimulatedEndpoint::close);
        }
    }

    /** The matrix the options define; every shard must be given the same options. */
    static TestMatrix matrix(String[] args) {
        return matrix(Args.parse(args, OPTIONS));
    }

    private static TestMatrix matrix(Args a) {
        return TestMatrix.builder()
                .name(a.string("matrix", "example"))
                .models(a.strings("models", List.of("sim-small", "sim-large")).toArray(String[]::new))
                .concurrencies(a.integers("concurrencies", new int[] {1, 4}, 1))
                .inputTokens(a.integers("inputs", new int[] {128, 512}, 1))
                .outputTokens(a.integers("outputs", new int[] {32}, 1))
                .build();
    }

    private static int[] shard(Args a, String jobIndex) {
        if (a.has("shard")) {
            if (a.has("shards")) {
                throw new IllegalArgumentException("options --shard i/n and --shards n must not be given together");
            }
            String s = a.string("shard", null);
            String[] parts = s.split("/", -1);
            try {
                if (parts.length == 2) {
                    return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("option --shard must be i/n with integers 0 <= i < n, but was '" + s + "'");
        }
        if (a.has("shards")) {
            if (jobIndex == null || jobIndex.isBlank()) {
                throw new IllegalArgumentException("option --shards needs the shard index in the environment variable "
                        + INDEX_ENV + ", but it is not set");
            }
            try {
                return new int[] {Integer.parseInt(jobIndex.trim()), a.integer("shards", 1, 1)};
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(INDEX_ENV + " must be an integer >= 0, but was '" + jobIndex + "'");
            }
        }
        return new int[] {0, 1};
    }

    private static Map<String, String> endpointUrls(Args a) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (String pair : a.strings("endpoints", List.of())) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("option --endpoints must be model=url pairs, but contained '" + pair + "'");
            }
            urls.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return urls;
    }

    private static Endpoint endpointFor(MatrixCell cell, Map<String, String> urls, Map<String, SimulatedEndpoint> sims, Args a) {
        String model = cell.model();
        String url = urls.get(model);
        if (url == null) {
            if (!urls.isEmpty()) {
                throw new IllegalArgumentException("option --endpoints must give a URL for every model, but has none for '" + model + "'");
            }
            SimulatedEndpoint sim = sims.computeIfAbsent(model, m -> simulate(m, sims.size(), a));
            url = sim.baseUrl();
        }
        return Endpoint.openAi(url).model(model).name(model).apiKey(System.getenv("LLMBENCH_API_KEY")).build();
    }

    /** A simulated endpoint per model; later models are slower, like bigger models. */
    private static SimulatedEndpoint simulate(String model, int position, Args a) {
        String timing = a.string("timing", "default");
        TimingModel t;
        switch (timing) {
            case "fast": t = FAST; break;
            case "instant": t = TimingModel.instant(); break;
            case "default":
                double scale = 1 + position;
                t = TimingModel.builder().prefill(3 * scale, 0.004 * scale).decode(0.8 * scale, 0.05 * scale).maxRunning(64).jitter(0.05).build();
                break;
            default: throw new IllegalArgumentException("option --timing must be default, fast or instant, but was '" + timing + "'");
        }
        return SimulatedEndpoint.builder().model(model).timing(t).seed(a.integer("seed", 42, 0)).start();
    }
}
