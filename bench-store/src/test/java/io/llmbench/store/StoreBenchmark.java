package io.llmbench.store;

import io.llmbench.core.EndpointResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * A small benchmark program (not JMH, not a test): times saving a 100,000-record run into an H2
 * file and into PostgreSQL, and listing models over 10,000 stored runs. Prints medians.
 *
 * <pre>
 * mvn -B -q -pl bench-store test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.llmbench.store.StoreBenchmark [-Dexec.args="quick"]
 * </pre>
 */
public final class StoreBenchmark {
    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("h2.bindAddress", "127.0.0.1");
        boolean quick = args.length > 0 && args[0].equals("quick");
        int repeats = quick ? 2 : 5;
        Path dir = Files.createTempDirectory("llmbench-bench-");
        try {
            EndpointResult big = TestRuns.builder().records(100_000).maxOutputTokens(256).seed(3).build();
            EndpointResult bigNoGaps = TestRuns.builder().records(100_000).maxOutputTokens(1).seed(3).build();
            long gaps = big.records().stream().mapToLong(r -> r.itlMicros().length).sum();
            System.out.printf(Locale.ROOT, "run of 100,000 records, %,d inter-token gaps in all%n", gaps);

            report("save 100k records, H2 file (multi-process mode)", repeats, i -> {
                try (ResultStore s = ResultStore.h2File(dir.resolve("save-" + i))) {
                    return time(() -> s.save(big));
                }
            });
            report("save 100k records, H2 file, records without gaps", repeats, i -> {
                try (ResultStore s = ResultStore.h2File(dir.resolve("save-nogaps-" + i))) {
                    return time(() -> s.save(bigNoGaps));
                }
            });
            report("stream 100k records back, H2 file", repeats, i -> {
                try (ResultStore s = ResultStore.h2File(dir.resolve("save-" + i))) {
                    String id = s.runs(RunQuery.all()).get(0).id();
                    return time(() -> {
                        try (var records = s.records(id)) {
                            records.count();
                        }
                    });
                }
            });
            boolean postgres = postgresReachable();
            if (postgres) {
                for (boolean rewrite : new boolean[] {false, true}) {
                    report("save 100k records, PostgreSQL" + (rewrite ? ", reWriteBatchedInserts=true" : ""), repeats, i -> {
                        String schema = PostgresSupport.freshSchema("bench_");
                        org.postgresql.ds.PGSimpleDataSource ds = PostgresSupport.dataSource(null);
                        ds.setReWriteBatchedInserts(rewrite);
                        try (ResultStore s = ResultStore.builder().dataSource(ds).schema(schema).open()) {
                            return time(() -> s.save(big));
                        } finally {
                            drop(schema);
                        }
                    });
                }
            } else {
                System.out.println("PostgreSQL unreachable: skipped");
            }

            int runs = quick ? 2_000 : 10_000;
            List<EndpointResult> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add(TestRuns.builder().model("model-" + (i % 50)).records(20).seed(i)
                        .startedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)).build());
            }
            try (ResultStore s = ResultStore.h2File(dir.resolve("models"))) {
                fill(s, many, runs);
                listModels("list models over " + runs + " runs (50 models), H2 file", s);
            }
            if (postgres) {
                String schema = PostgresSupport.freshSchema("bench_models_");
                try (TestPool pool = new TestPool(PostgresSupport.dataSource(null));
                     ResultStore s = ResultStore.builder().dataSource(pool).schema(schema).open()) {
                    fill(s, many, runs);
                    listModels("list models over " + runs + " runs (50 models), PostgreSQL", s);
                } finally {
                    drop(schema);
                }
            }
        } finally {
            H2FileResultStoreTest.deleteRecursively(dir);
        }
    }

    private static void fill(ResultStore s, List<EndpointResult> many, int runs) {
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            s.save(many.get(i % many.size()));
        }
        System.out.printf(Locale.ROOT, "  (filled %,d runs of 20 records in %.1f s)%n", runs, (System.nanoTime() - t0) / 1e9);
    }

    private static void listModels(String name, ResultStore s) {
        for (int i = 0; i < 200; i++) {
            s.models();
        }
        int n = 1_000;
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            List<ModelSummary> models = s.models();
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (models.size() != 50) {
                throw new IllegalStateException("expected 50 models, got " + models.size());
            }
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-60s median %7.2f ms   p99 %7.2f ms   max %7.2f ms (%d calls)%n", name,
                ms[n / 2], ms[(int) (n * 0.99)], ms[n - 1], n);
    }

    private interface Trial {
        double run(int i) throws Exception;
    }

    private static void report(String name, int repeats, Trial trial) throws Exception {
        double[] s = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            s[i] = trial.run(i);
        }
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-60s median %6.2f s   runs %s%n", name, sorted[repeats / 2], Arrays.toString(s));
    }

    /** Wall seconds of one call; also prints the process CPU seconds it took (the machine is shared). */
    private static double time(Runnable r) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long t = System.nanoTime();
        r.run();
        double wall = Math.round((System.nanoTime() - t) / 1e7) / 100.0;
        System.out.printf(Locale.ROOT, "    %.2f s wall, %.2f s process CPU%n", wall, (os.getProcessCpuTime() - cpu) / 1e9);
        return wall;
    }

    private static boolean postgresReachable() {
        try (var c = PostgresSupport.dataSource(null).getConnection()) {
            return c.isValid(5);
        } catch (Exception e) {
            return false;
        }
    }

    private static void drop(String schema) {
        Jdbi.create(PostgresSupport.dataSource(null)).useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
    }
}
