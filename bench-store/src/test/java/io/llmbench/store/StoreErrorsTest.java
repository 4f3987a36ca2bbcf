package io.llmbench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** Opening stores the wrong way fails clearly; a caller's own Jdbi or data source stays theirs. */
class StoreErrorsTest {
    @TempDir
    Path dir;

    @Test
    void namesAnUnreachableDatabase() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/test");
        nowhere.setUser("postgres");
        nowhere.setConnectTimeout(2);
        assertThatThrownBy(() -> ResultStore.postgres(nowhere)).isInstanceOf(StoreMigrationException.class)
                .hasMessageContaining("migrate failed: could not connect to the database")
                .satisfies(e -> assertThat(((StoreException) e).operation()).isEqualTo("migrate"));
    }

    @Test
    void refusesAnH2DataSourceWherePostgresIsRequired() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:not_postgres");
        assertThatThrownBy(() -> ResultStore.postgres(h2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataSource must connect to PostgreSQL, but connects to H2");
    }

    @Test
    void namesASchemaChangedByHand() {
        Path file = dir.resolve("tampered");
        ResultStore.h2File(file).close();
        Jdbi jdbi = Jdbi.create("jdbc:h2:file:" + file, "sa", "");
        jdbi.useHandle(h -> h.execute("UPDATE \"llmbench_schema_history\" SET \"checksum\" = 42 WHERE \"version\" = '1'"));

        assertThatThrownBy(() -> ResultStore.h2File(file)).isInstanceOf(StoreMigrationException.class)
                .hasMessageContaining("llmbench_schema_history").hasMessageContaining("checksum");
    }

    @Test
    void worksOverACallersJdbiAndLeavesItOpen() {
        // the database stays open between the store's connections (H2 would close and reopen the file each time)
        Jdbi jdbi = Jdbi.create("jdbc:h2:file:" + dir.resolve("callers") + ";DB_CLOSE_DELAY=-1", "sa", "");
        String id;
        try (ResultStore store = ResultStore.of(jdbi)) {
            id = store.save(TestRuns.builder().records(25).build());
            assertThat(store.findWithRecords(id).orElseThrow().result().records()).hasSize(25);
        }
        assertThat(ResultStoreCompatibilityKit.number(jdbi, "SELECT COUNT(*) FROM llmbench_request")).isEqualTo(25);
        try (ResultStore again = ResultStore.of(jdbi)) {
            assertThat(again.find(id)).isPresent();
        }
    }
}
