package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.matrix.CellOutcome;
import io.llmbench.core.matrix.MatrixCell;
import io.llmbench.core.matrix.TestMatrix;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixShardWorkerTest {
    static final String[] MATRIX = {"--matrix", "retry", "--models", "sim-a,sim-b", "--concurrencies", "2", "--inputs", "32,64",
            "--outputs", "4", "--requests", "3"};

    @TempDir
    Path tmp;

    private String[] args(String... more) {
        String[] all = new String[MATRIX.length + more.length];
        System.arraycopy(MATRIX, 0, all, 0, MATRIX.length);
        System.arraycopy(more, 0, all, MATRIX.length, more.length);
        return all;
    }

    @Test
    void aCellWhoseRequestsAllFailIsNotStoredAndTheNextRunRetriesOnlyIt() {
        String store = "h2:" + tmp.resolve("retry");
        TestMatrix matrix = MatrixShardWorker.matrix(MATRIX);
        long cellsOfA = matrix.cells().stream().filter(c -> c.model().equals("sim-a")).count();
        long cellsOfB = matrix.size() - cellsOfA;
        try (SimulatedEndpoint b = SimulatedEndpoint.builder().model("sim-b").timing(MatrixShardWorker.FAST).start();
             SimulatedEndpoint a = SimulatedEndpoint.builder().model("sim-a").timing(MatrixShardWorker.FAST).start()) {
            // sim-a is down: nothing listens on port 1
            MatrixShardWorker.Outcome first = MatrixShardWorker.run(args("--store", store,
                    "--endpoints", "sim-a=http://127.0.0.1:1/v1,sim-b=" + b.baseUrl()), null, new Out().stream);

            assertThat(first.report().failed()).isEqualTo(cellsOfA);
            assertThat(first.report().done()).isEqualTo(cellsOfB);
            assertThat(first.report().outcomes()).filteredOn(o -> o.status() == CellOutcome.Status.FAILED)
                    .allSatisfy(o -> assertThat(o.error()).contains("all 3 requests failed").contains("CONNECT"));
            assertThat(first.report().complete()).isFalse();

            Out out = new Out();
            MatrixShardWorker.Outcome second = MatrixShardWorker.run(args("--store", store,
                    "--endpoints", "sim-a=" + a.baseUrl() + ",sim-b=" + b.baseUrl()), null, out.stream);

            assertThat(second.report().done()).isEqualTo(cellsOfA);
            assertThat(second.report().skipped()).isEqualTo(cellsOfB);
            assertThat(second.report().complete()).isTrue();
            assertThat(out.text()).contains("shard 0/1: 4 of 4 cells of matrix 'retry'");
        }
        try (ResultStore s = Stores.open(store, null, null)) {
            assertThat(s.count(RunQuery.all())).isEqualTo(matrix.size());
            for (MatrixCell c : matrix.cells()) {
                assertThat(s.isCellDone(c.key())).as(c.key()).isTrue();
            }
        }
    }

    @Test
    void takesTheShardIndexFromTheIndexedJobEnvironment() {
        MatrixShardWorker.Outcome o = MatrixShardWorker.run(args("--store", "h2:" + tmp.resolve("env"), "--shards", "2", "--timing", "fast"),
                "1", new Out().stream);

        assertThat(o.shardIndex()).isEqualTo(1);
        assertThat(o.shardCount()).isEqualTo(2);
        assertThat(o.report().outcomes()).extracting(x -> x.cell())
                .containsExactlyElementsOf(MatrixShardWorker.matrix(MATRIX).shard(1, 2));
    }

    @Test
    void rejectsMalformedShardsNamingTheValue() {
        String store = "h2:" + tmp.resolve("bad");
        assertThatThrownBy(() -> MatrixShardWorker.run(args("--store", store, "--shard", "2-of-3"), null, new Out().stream))
                .hasMessage("option --shard must be i/n with integers 0 <= i < n, but was '2-of-3'");
        assertThatThrownBy(() -> MatrixShardWorker.run(args("--store", store, "--shard", "3/3"), null, new Out().stream))
                .hasMessage("shard index must be in [0, 3), but was 3");
        assertThatThrownBy(() -> MatrixShardWorker.run(args("--store", store, "--shards", "3"), null, new Out().stream))
                .hasMessageContaining("JOB_COMPLETION_INDEX");
        assertThatThrownBy(() -> MatrixShardWorker.run(args("--store", store, "--shards", "3"), "x", new Out().stream))
                .hasMessage("JOB_COMPLETION_INDEX must be an integer >= 0, but was 'x'");
        assertThatThrownBy(() -> MatrixShardWorker.run(args("--store", "mysql://x"), null, new Out().stream))
                .hasMessage("store must be h2:PATH or jdbc:postgresql://HOST:PORT/DB, but was 'mysql://x'");
    }
}
