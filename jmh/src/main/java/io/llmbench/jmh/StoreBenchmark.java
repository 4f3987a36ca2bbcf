package io.llmbench.jmh;

import io.llmbench.core.EndpointResult;
import io.llmbench.store.ModelSummary;
import io.llmbench.store.ResultStore;
import io.llmbench.store.TestRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * bench-store, the one store benchmark: saving one run with its {@code storeRecords} request
 * records (up to 256 output tokens each, the records bench-store's compatibility kit uses) in one
 * transaction with batched inserts, streaming them back, and listing models with their latest
 * summaries over {@code storedRuns} runs of 50 models. {@code storeKind} is {@code h2-file} (the
 * default store, multi-process mode) or {@code postgres} (127.0.0.1:5432, database {@code test},
 * a fresh schema per trial). Each saved run is deleted again after the invocation so the store
 * stays the same size. Scores: milliseconds per call.
 *
 * <pre>
 * java -jar jmh/target/benchmarks.jar StoreBenchmark -p storeRecords=100000 -p storeKind=h2-file,postgres
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dh2.bindAddress=127.0.0.1"})
public class StoreBenchmark {
    /** Request records in the saved run. */
    @Param({"10000"})
    public int storeRecords;

    /** Runs stored before models are listed. */
    @Param({"10000"})
    public int storedRuns;

    /** {@code h2-file} or {@code postgres}. */
    @Param({"h2-file"})
    public String storeKind;

    private Opened opened;
    private EndpointResult result;
    private String saved;
    private String listedRun;

    @Setup(Level.Trial)
    public void open() throws IOException {
        opened = Opened.of(storeKind);
        result = TestRuns.builder().records(storeRecords).maxOutputTokens(256).seed(3).build();
        List<EndpointResult> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(TestRuns.builder().model("model-" + (i % 50)).records(20).seed(i)
                    .startedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)).build());
        }
        for (int i = 0; i < storedRuns; i++) {
            listedRun = opened.store.save(many.get(i % many.size()));
        }
    }

    /** {@link ResultStore#save} of one run with its records. */
    @Benchmark
    public String saveRun() {
        saved = opened.store.save(result);
        return saved;
    }

    /** {@link ResultStore#records} of a stored run of 20 records, read to the end. */
    @Benchmark
    public long streamRecords() {
        try (var records = opened.store.records(listedRun)) {
            return records.count();
        }
    }

    /** {@link ResultStore#models}: every model with its latest summary. */
    @Benchmark
    public List<ModelSummary> listModels() {
        List<ModelSummary> models = opened.store.models();
        if (models.size() != Math.min(50, storedRuns)) {
            throw new IllegalStateException("models must be " + Math.min(50, storedRuns) + ", but were " + models.size());
        }
        return models;
    }

    @TearDown(Level.Invocation)
    public void deleteSaved() {
        if (saved != null && !opened.store.delete(saved)) {
            throw new IllegalStateException("saved run " + saved + " must be deletable, but was not found");
        }
        saved = null;
    }

    @TearDown(Level.Trial)
    public void close() {
        opened.close();
    }

    /** A store of one kind and what to remove after the trial. */
    private record Opened(ResultStore store, Path dir, PGSimpleDataSource postgres, String schema) {
        static Opened of(String kind) throws IOException {
            switch (kind) {
                case "h2-file": {
                    Path dir = Files.createTempDirectory("llmbench-jmh-store");
                    return new Opened(ResultStore.h2File(dir.resolve("results")), dir, null, null);
                }
                case "postgres": {
                    PGSimpleDataSource ds = new PGSimpleDataSource();
                    ds.setUrl("jdbc:postgresql://127.0.0.1:5432/test");
                    ds.setUser("postgres");
                    ds.setReWriteBatchedInserts(true);
                    String schema = "jmh_store_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
                    return new Opened(ResultStore.builder().dataSource(ds).schema(schema).open(), null, ds, schema);
                }
                default:
                    throw new IllegalArgumentException("storeKind must be h2-file or postgres, but was '" + kind + "'");
            }
        }

        void close() {
            store.close();
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (postgres != null) {
                try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    throw new IllegalStateException("could not drop schema " + schema + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
