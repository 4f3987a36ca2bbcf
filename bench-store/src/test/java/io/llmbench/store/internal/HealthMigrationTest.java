package io.llmbench.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.EndpointResult;
import io.llmbench.store.ResultStore;
import io.llmbench.store.TestRuns;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store file of schema version 1 (before harness health) upgrades in place to version 2. */
class HealthMigrationTest {
    @TempDir
    Path dir;

    @Test
    void upgradesAVersionOneFileAndItsRunsGainNoHealth() {
        Path file = dir.resolve("v1");
        String url = "jdbc:h2:file:" + file;
        Flyway.configure(getClass().getClassLoader()).dataSource(url, "sa", "").table(Tables.HISTORY)
                .locations(Migrations.LOCATION).placeholders(Dialect.H2.placeholders()).target("1").load().migrate();
        Jdbi jdbi = Jdbi.create(url, "sa", "");
        assertThat(tables(jdbi, "LLMBENCH_HARNESS_HEALTH")).isZero();

        try (ResultStore store = ResultStore.builder().h2File(file).multiProcess(false).open()) {
            assertThat(tables(jdbi, "LLMBENCH_HARNESS_HEALTH")).isOne();
            EndpointResult plain = TestRuns.builder().records(5).build();
            EndpointResult judged = TestRuns.builder().seed(2).records(5).health(TestRuns.suspectHealth()).build();
            String a = store.save(plain);
            String b = store.save(judged);
            assertThat(store.find(a).orElseThrow().result().health()).isEmpty();
            assertThat(store.find(b).orElseThrow().result().health()).contains(TestRuns.suspectHealth());
        }
    }

    private static long tables(Jdbi jdbi, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_NAME) = :n")
                .bind("n", name).mapTo(Long.class).one());
    }
}
