package io.llmbench.jmh;

import io.llmbench.core.EndpointResult;
import io.llmbench.store.ResultStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

/**
 * bench-store: saving one run with its {@code records} request records (32 output tokens each, so
 * 31 gaps per record) into an embedded H2 file, the default store (multi-process mode), in one
 * transaction with batched inserts. Each saved run is deleted again after the invocation so the
 * file stays the same size. Score per save.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StoreBenchmark {
    /** Request records in the saved run. */
    @Param({"10000"})
    public int storeRecords;

    private Path dir;
    private ResultStore store;
    private EndpointResult result;
    private String saved;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("llmbench-jmh-store");
        store = ResultStore.h2File(dir.resolve("results"));
        result = Fixtures.result("store-bench", storeRecords, 32, 3);
    }

    /** {@link ResultStore#save} of one run with its records. */
    @Benchmark
    public String saveRun() {
        saved = store.save(result);
        return saved;
    }

    @TearDown(Level.Invocation)
    public void deleteSaved() {
        if (saved != null && !store.delete(saved)) {
            throw new IllegalStateException("saved run " + saved + " must be deletable, but was not found");
        }
        saved = null;
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
