package io.llmbench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one store: child JVMs killed in the middle of a save leave the whole run
 * or nothing, and child JVMs writing at once lose nothing. H2 files and PostgreSQL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiProcessStoreTest {
    /** Big enough that saving it takes seconds, so the kill lands inside the save. */
    private static final int BIG_RUN = 300_000;

    @TempDir
    Path dir;
    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() {
        if (!schemas.isEmpty()) {
            Jdbi.create(PostgresSupport.dataSource(null))
                    .useHandle(h -> schemas.forEach(s -> h.execute("DROP SCHEMA IF EXISTS " + s + " CASCADE")));
        }
    }

    @Test
    void aKilledH2FileOwnerLeavesTheWholeRunOrNothing() throws Exception {
        Path file = dir.resolve("killed");
        killMidSave("h2:" + file, () -> ResultStore.h2File(file), false);
    }

    @Test
    void aKilledH2ClientOfAnotherProcessLeavesTheWholeRunOrNothing() throws Exception {
        Path file = dir.resolve("killed-client");
        try (ResultStore serving = ResultStore.h2File(file)) {
            // This JVM opened the file first, so the child reaches it through this JVM's H2 server.
            killMidSave("h2:" + file, () -> serving, true);
        }
    }

    @Test
    void aKilledPostgresWriterLeavesTheWholeRunOrNothing() throws Exception {
        PostgresSupport.assumeReachable();
        String schema = PostgresSupport.freshSchema("kill_");
        schemas.add(schema);
        killMidSave("pg:" + schema,
                () -> ResultStore.builder().dataSource(PostgresSupport.dataSource(null)).schema(schema).open(), false);
    }

    @Test
    void aRunReportedAsSavedSurvivesAKillOfTheH2FileOwnerRightAfterTheReport() throws Exception {
        Path file = dir.resolve("durable");
        String id;
        try (ChildJvm child = ChildJvm.start("one", "h2:" + file)) {
            id = child.await("SAVED ", 60).substring(6);
            child.kill();
        }
        try (ResultStore store = ResultStore.h2File(file)) {
            assertThat(store.find(id)).as("run %s was reported as saved before the kill", id).isPresent();
            assertThat(store.find(id).orElseThrow().recordCount()).isEqualTo(10);
        }
    }

    @Test
    void concurrentH2FileWritersInSeveralProcessesLoseNothing() throws Exception {
        Path file = dir.resolve("shared");
        writeFromSeveralProcesses("h2:" + file, () -> ResultStore.h2File(file));
    }

    @Test
    void concurrentPostgresWritersInSeveralProcessesLoseNothing() throws Exception {
        PostgresSupport.assumeReachable();
        String schema = PostgresSupport.freshSchema("procs_");
        schemas.add(schema);
        writeFromSeveralProcesses("pg:" + schema,
                () -> ResultStore.builder().dataSource(PostgresSupport.dataSource(null)).schema(schema).open());
    }

    private interface Opener {
        ResultStore open();
    }

    private void killMidSave(String spec, Opener opener, boolean keepOpen) throws Exception {
        String small;
        try (ChildJvm child = ChildJvm.start("big", spec, Integer.toString(BIG_RUN))) {
            small = child.await("SAVED ", 60).substring(6);
            child.await("BEGIN", 60);
            Thread.sleep(800);
            child.kill();
            assertThat(child.finish(30)).as("the kill must land before the save completes").noneMatch(l -> l.startsWith("DONE"));
        }
        ResultStore store = opener.open();
        try {
            assertThat(store.find(small).orElseThrow().recordCount()).isEqualTo(100);
            List<StoredRun> big = store.runs(RunQuery.ofModel("big"));
            assertThat(big).hasSizeLessThanOrEqualTo(1);
            for (StoredRun run : big) {
                assertThat(run.recordCount()).isEqualTo(BIG_RUN);
                try (Stream<?> records = store.records(run.id())) {
                    assertThat(records.count()).isEqualTo(BIG_RUN);
                }
            }
            // The store still works, and holds no orphaned rows of the interrupted save.
            String after = store.save(TestRuns.builder().model("after").records(10).build());
            assertThat(store.find(after).orElseThrow().recordCount()).isEqualTo(10);
            long expected = store.runs(RunQuery.all()).stream().mapToLong(StoredRun::recordCount).sum();
            long streamed = 0;
            for (StoredRun run : store.runs(RunQuery.all())) {
                try (Stream<?> records = store.records(run.id())) {
                    streamed += records.count();
                }
            }
            assertThat(streamed).isEqualTo(expected);
        } finally {
            if (!keepOpen) {
                store.close();
            }
        }
    }

    private void writeFromSeveralProcesses(String spec, Opener opener) throws Exception {
        int processes = 3;
        int runsEach = 4;
        int records = 1_000;
        List<ChildJvm> children = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            for (int p = 0; p < processes; p++) {
                children.add(ChildJvm.start("many", spec, Integer.toString(runsEach), Integer.toString(records), "p" + p));
            }
            for (ChildJvm child : children) {
                List<String> out = child.finish(100);
                assertThat(child.exitValue()).as("child output: %s", out).isZero();
                assertThat(out).contains("FINISHED");
                out.stream().filter(l -> l.startsWith("SAVED ")).map(l -> l.substring(6)).forEach(ids::add);
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        assertThat(ids).hasSize(processes * runsEach).doesNotHaveDuplicates();
        try (ResultStore store = opener.open()) {
            assertThat(store.count(RunQuery.all())).isEqualTo(processes * runsEach);
            for (String id : ids) {
                assertThat(store.find(id).orElseThrow().recordCount()).isEqualTo(records);
            }
            assertThat(store.models()).extracting(ModelSummary::runCount).containsOnly((long) runsEach);
            assertThat(store.models()).hasSize(processes);
        }
    }
}
