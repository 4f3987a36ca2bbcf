package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.matrix.MatrixCell;
import io.llmbench.core.matrix.TestMatrix;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Beyond one machine": three shard worker processes (child JVMs, started the way a Kubernetes
 * Indexed Job starts its pods: the index in {@code JOB_COMPLETION_INDEX}) run one matrix against one
 * store, and the merged result is compared with a single process running the whole matrix.
 *
 * <p>What can be equal exactly: the set of cells, each cell's request and token counts and its
 * token-count histograms (the simulated endpoint and the synthetic workload are deterministic). Timings
 * differ from run to run, so exact merging of timing histograms is proved by merging the stored
 * runs in different groupings (per shard, then across shards; all at once; one by one in reverse
 * order), which must agree to the last count.
 */
class ShardedMatrixTest {
    static final String[] MATRIX = {"--matrix", "k8s-test", "--models", "sim-a,sim-b", "--concurrencies", "1,3",
            "--inputs", "64,256", "--outputs", "8,24", "--requests", "6", "--timing", "fast"};
    static final int SHARDS = 3;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void loopbackOnly() {
        // H2's automatic mixed mode serves the other processes over TCP: keep it on loopback
        System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    @Test
    void shardsOverAnH2FileInAutoServerModeMergeToTheSingleProcessResult() throws Exception {
        compareShardedWithSingle(new String[] {"--store", "h2:" + tmp.resolve("sharded")},
                new String[] {"--store", "h2:" + tmp.resolve("single")}, "h2", true);
    }

    @Test
    void shardsOverPostgresMergeToTheSingleProcessResult() throws Exception {
        Postgres.assumeReachable();
        String sharded = Postgres.newSchema("llmbench_shards");
        String single = Postgres.newSchema("llmbench_single");
        try {
            compareShardedWithSingle(new String[] {"--store", Postgres.URL, "--schema", sharded},
                    new String[] {"--store", Postgres.URL, "--schema", single}, "pg", false);
        } finally {
            Postgres.dropSchema(sharded);
            Postgres.dropSchema(single);
        }
    }

    private void compareShardedWithSingle(String[] shardedStore, String[] singleStore, String tag, boolean createFirst)
            throws Exception {
        String[] shardedArgs = concat(MATRIX, shardedStore, new String[] {"--shards", Integer.toString(SHARDS)});
        // With an H2 file the test creates the store and holds it open while the workers run, so this
        // process is the AUTO_SERVER every worker connects to: H2 refuses ("Locked by another process") a
        // process that opens a new file while another is still creating it. On PostgreSQL the workers
        // start on an empty schema and race to create the tables, as pods of a fresh Job do.
        try (ResultStore holder = createFirst ? open(shardedStore) : null) {
            List<Process> workers = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                Path log = tmp.resolve(tag + "-shard-" + i + ".log");
                logs.add(log);
                workers.add(startWorker(shardedArgs, i, log));
            }
            for (int i = 0; i < SHARDS; i++) {
                Process p = workers.get(i);
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("shard %d finished in time", i).isTrue();
                assertThat(p.exitValue()).as("shard %d exit status; log:%n%s", i, Files.readString(logs.get(i))).isZero();
            }
        }

        MatrixShardWorker.Outcome single = MatrixShardWorker.run(concat(MATRIX, singleStore, new String[] {"--shard", "0/1"}), null,
                new Out().stream);
        assertThat(single.report().complete()).isTrue();

        TestMatrix matrix = MatrixShardWorker.matrix(MATRIX);
        Set<String> allKeys = matrix.cells().stream().map(MatrixCell::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(allKeys).hasSize(2 * 2 * 2 * 2);

        try (ResultStore s = open(shardedStore); ResultStore one = open(singleStore)) {
            List<StoredRun> shardedRuns = s.runs(RunQuery.all());
            List<StoredRun> singleRuns = one.runs(RunQuery.all());

            // same cells, each exactly once: the shards are disjoint and cover the matrix
            assertThat(shardedRuns).extracting(r -> r.result().run().cellKey()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(allKeys);
            assertThat(singleRuns).extracting(r -> r.result().run().cellKey()).containsExactlyInAnyOrderElementsOf(allKeys);

            // each shard stored exactly its own cells
            for (int i = 0; i < SHARDS; i++) {
                Set<String> expected = matrix.shard(i, SHARDS).stream().map(MatrixCell::key).collect(Collectors.toSet());
                List<StoredRun> mine = s.runs(RunQuery.builder().label(MatrixShardWorker.SHARD_LABEL, i + "/" + SHARDS).build());
                assertThat(mine).extracting(r -> r.result().run().cellKey()).containsExactlyInAnyOrderElementsOf(expected);
            }

            // per cell: counts and token histograms equal the single run's exactly
            Map<String, EndpointResult> singleByCell = new HashMap<>();
            singleRuns.forEach(r -> singleByCell.put(r.result().run().cellKey(), r.result()));
            for (StoredRun r : shardedRuns) {
                EndpointResult a = r.result();
                EndpointResult b = singleByCell.get(a.run().cellKey());
                assertThat(a.job().requests()).isEqualTo(b.job().requests()).isEqualTo(6);
                assertThat(a.job().succeeded()).as("succeeded in %s: %s / %s", a.run().cellKey(), a.warnings(), b.warnings())
                        .isEqualTo(b.job().succeeded()).isEqualTo(6);
                assertThat(a.job().inputTokens()).isEqualTo(b.job().inputTokens());
                assertThat(a.job().outputTokens()).isEqualTo(b.job().outputTokens());
                for (Metric m : List.of(Metric.INPUT_TOKENS, Metric.OUTPUT_TOKENS)) {
                    assertSameDistribution(a.metric(m), b.metric(m));
                }
                for (Metric m : List.of(Metric.TTFT, Metric.E2E, Metric.ITL)) {
                    assertThat(a.metric(m).count()).as("%s samples of %s", m, a.run().cellKey()).isEqualTo(b.metric(m).count());
                }
            }

            // across the matrix: the merged token histograms of the shards equal the single run's
            List<String> shardedIds = shardedRuns.stream().map(StoredRun::id).toList();
            List<String> singleIds = singleRuns.stream().map(StoredRun::id).toList();
            Map<Metric, MetricStats> mergedSharded = s.merge(shardedIds);
            Map<Metric, MetricStats> mergedSingle = one.merge(singleIds);
            for (Metric m : List.of(Metric.INPUT_TOKENS, Metric.OUTPUT_TOKENS)) {
                assertSameDistribution(mergedSharded.get(m), mergedSingle.get(m));
            }
            assertThat(mergedSharded.get(Metric.OUTPUT_TOKENS).count()).isEqualTo(16 * 6);

            // timing histograms: merging is exact, whatever the grouping and order
            for (Metric m : List.of(Metric.TTFT, Metric.E2E, Metric.ITL, Metric.TPOT)) {
                List<MetricStats> perShard = new ArrayList<>();
                for (int i = 0; i < SHARDS; i++) {
                    List<String> ids = s.runs(RunQuery.builder().label(MatrixShardWorker.SHARD_LABEL, i + "/" + SHARDS).build())
                            .stream().map(StoredRun::id).toList();
                    perShard.add(s.merge(ids).get(m));
                }
                List<MetricStats> perRunReversed = new ArrayList<>();
                shardedRuns.forEach(r -> perRunReversed.add(r.result().metric(m)));
                Collections.reverse(perRunReversed);

                MetricStats all = mergedSharded.get(m);
                assertSameDistribution(MetricStats.merge(perShard), all);
                assertSameDistribution(MetricStats.merge(perRunReversed), all);
                assertThat(all.count()).isEqualTo(perRunReversed.stream().mapToLong(MetricStats::count).sum())
                        .isEqualTo(mergedSingle.get(m).count());
            }
        }

        // resume: a restarted worker finds its cells done and runs nothing
        MatrixShardWorker.Outcome again = MatrixShardWorker.run(shardedArgs, "1", new Out().stream);
        assertThat(again.report().done()).isZero();
        assertThat(again.report().skipped()).isEqualTo(matrix.shard(1, SHARDS).size());
        try (ResultStore s = open(shardedStore)) {
            assertThat(s.count(RunQuery.all())).isEqualTo(allKeys.size());
        }
    }

    /** Equal counts, moments, extremes, percentiles and percentile curves: the same histogram. */
    static void assertSameDistribution(MetricStats actual, MetricStats expected) {
        assertThat(actual.count()).isEqualTo(expected.count());
        assertThat(actual.min()).isEqualTo(expected.min());
        assertThat(actual.max()).isEqualTo(expected.max());
        assertThat(actual.mean()).isEqualTo(expected.mean());
        assertThat(actual.stdev()).isEqualTo(expected.stdev());
        assertThat(new double[] {actual.p05(), actual.p50(), actual.p80(), actual.p95(), actual.p99(), actual.p999()})
                .containsExactly(expected.p05(), expected.p50(), expected.p80(), expected.p95(), expected.p99(), expected.p999());
        assertThat(actual.percentileCurve(5)).usingElementComparator((x, y) -> java.util.Arrays.equals(x, y) ? 0 : 1)
                .containsExactlyElementsOf(expected.percentileCurve(5));
    }

    private static ResultStore open(String[] storeArgs) {
        Args a = Args.parse(storeArgs, "store", "schema");
        return Stores.open(a.string("store", null), a.string("schema", null), Postgres.USER);
    }

    /** A worker JVM on the test class path, with its index in the environment as a Kubernetes Indexed Job sets it. */
    private static Process startWorker(String[] args, int index, Path log) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dh2.bindAddress=127.0.0.1",
                "-cp", classPath, MatrixShardWorker.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(MatrixShardWorker.INDEX_ENV, Integer.toString(index));
        pb.environment().put("PGUSER", Postgres.USER);
        return pb.start();
    }

    private static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

}
