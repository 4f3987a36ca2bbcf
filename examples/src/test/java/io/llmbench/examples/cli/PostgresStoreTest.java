package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.llmbench.core.sim.SimulatedEndpoint;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** --store with a PostgreSQL JDBC URL, when a server listens on 127.0.0.1:5432 (CI has one). */
class PostgresStoreTest {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    static boolean reachable() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void runsAndListsAgainstPostgres() throws java.sql.SQLException {
        assumeTrue(reachable() || System.getenv("LLMBENCH_REQUIRE_POSTGRES") != null, "no PostgreSQL on 127.0.0.1:5432");
        String schema = String.format(Locale.ROOT, "cli_test_%08x", ThreadLocalRandom.current().nextInt());
        String[] store = {"--store", URL, "--store-user", "postgres", "--store-schema", schema};
        try (SimulatedEndpoint sim = Cli.sim("pg-model", Cli.FAST)) {
            Cli.Result run = Cli.run(Cli.args("run", "--url", sim.baseUrl(), "--model", "pg-model", "--requests", "3",
                    "--output-tokens", "4", "--no-report", "--quiet", store));
            assertThat(run.code()).as(run.toString()).isZero();
            assertThat(run.out()).contains("stored 1 run in jdbc:postgresql://127.0.0.1:5432/test");
        }
        try {
            Cli.Result models = Cli.run(Cli.args("models", store));
            assertThat(models.code()).as(models.toString()).isZero();
            assertThat(models.out()).contains("pg-model");
        } finally {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(URL, "postgres", "");
                 java.sql.Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }

        Cli.Result wrong = Cli.run("models", "--store", "jdbc:postgresql://127.0.0.1:5432/test?password=hunter2x",
                "--store-user", "no_such_user_" + schema);
        assertThat(wrong.code()).isEqualTo(Llmbench.FAILED);
        assertThat(wrong.errLines()).hasSize(1);
        assertThat(wrong.err()).doesNotContain("hunter2x");
    }
}
