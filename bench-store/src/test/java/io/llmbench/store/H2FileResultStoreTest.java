package io.llmbench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The compatibility kit against an H2 file in a temporary directory, plus what only a file can show. */
class H2FileResultStoreTest extends ResultStoreCompatibilityKit {
    private final Path dir = createTempDir();
    private final Path file = dir.resolve("nested/dir/results");

    @Override
    protected ResultStore openStore() {
        return ResultStore.h2File(file);
    }

    @Override
    protected Jdbi raw() {
        return Jdbi.create("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE", "sa", "");
    }

    @Override
    protected String table(String table) {
        return table;
    }

    @Override
    protected DataSource emptyDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("app-" + UUID.randomUUID()));
        return ds;
    }

    @Override
    protected void cleanUp() {
        deleteRecursively(dir);
    }

    @Test
    void createsTheFileAndItsDirectoriesOnFirstUse() {
        assertThat(file.resolveSibling("results.mv.db")).exists();
    }

    @Test
    void keepsRunsAcrossReopeningWithoutMigratingAgain() {
        Path other = dir.resolve("reopen.mv.db");
        String history = "SELECT COUNT(*) FROM \"llmbench_schema_history\"";
        Jdbi jdbi = Jdbi.create("jdbc:h2:file:" + dir.resolve("reopen") + ";AUTO_SERVER=TRUE", "sa", "");
        String id;
        long historyRows;
        try (ResultStore s = ResultStore.h2File(other)) {
            id = s.save(TestRuns.builder().records(10).build());
            historyRows = number(jdbi, history);
        }
        try (ResultStore s = ResultStore.builder().h2File(dir.resolve("reopen")).multiProcess(false).open()) {
            assertThat(s.find(id).orElseThrow().recordCount()).isEqualTo(10);
        }
        assertThat(number(jdbi, history)).isEqualTo(historyRows);
        assertThat(strings(jdbi, "SELECT \"version\" FROM \"llmbench_schema_history\" WHERE \"version\" IS NOT NULL"))
                .doesNotHaveDuplicates().contains("1", "2", "3", "6");
    }

    @Test
    void keepsItsTablesInItsOwnSchemaWhenAsked() {
        Path other = dir.resolve("schema");
        try (ResultStore s = ResultStore.builder().h2File(other).schema("bench").open()) {
            s.save(TestRuns.builder().records(3).build());
            assertThat(s.count(RunQuery.all())).isEqualTo(1);
        }
        Jdbi jdbi = Jdbi.create("jdbc:h2:file:" + other + ";AUTO_SERVER=TRUE", "sa", "");
        assertThat(number(jdbi, "SELECT COUNT(*) FROM \"bench\".llmbench_request")).isEqualTo(3);
        assertThat(number(jdbi, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")).isZero();
    }

    @Test
    void rejectsMalformedLocations() {
        assertThatThrownBy(() -> ResultStore.h2File(dir.resolve("a;AUTO_SERVER=FALSE")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("';'");
        assertThatThrownBy(() -> ResultStore.builder().h2File(dir.resolve("x")).schema("Bad-Schema").open())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema").hasMessageContaining("Bad-Schema");
        assertThatThrownBy(() -> ResultStore.builder().open())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> ResultStore.h2InMemory("no spaces"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no spaces");
    }

    static Path createTempDir() {
        try {
            return Files.createTempDirectory("llmbench-store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void autoServerListensOnLoopbackOnly() throws Exception {
        java.nio.file.Path tcp = java.nio.file.Path.of("/proc/net/tcp");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(tcp), "needs Linux /proc/net/tcp");
        // a fresh JVM with no h2.bindAddress set: H2 reads it once per JVM, so this one's is moot
        java.nio.file.Path db = dir.resolve("loopback/results");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", OpenAndWait.class.getName(), db.toString())
                .redirectErrorStream(true).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("open")) {
                // skip anything else the child prints
            }
            org.assertj.core.api.Assertions.assertThat(line).as("child output").isEqualTo("open");
            java.util.Properties lock = new java.util.Properties();
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(dir.resolve("loopback/results.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            String hexPort = String.format(java.util.Locale.ROOT, "%04X", port);
            // listening sockets (state 0A) on that port, as local_address hex ip:port, IPv4 and IPv6
            java.util.List<String> listeners = new java.util.ArrayList<>();
            for (java.nio.file.Path table : java.util.List.of(tcp, java.nio.file.Path.of("/proc/net/tcp6"))) {
                if (java.nio.file.Files.isReadable(table)) {
                    java.nio.file.Files.readAllLines(table).stream()
                            .map(String::trim).map(l -> l.split("\\s+"))
                            .filter(f -> f.length > 3 && f[1].endsWith(":" + hexPort) && f[3].equals("0A"))
                            .forEach(f -> listeners.add(f[1].substring(0, f[1].indexOf(':'))));
                }
            }
            // loopback is 0100007F (IPv4) or ...FFFF00000100007F / ...01000000 (IPv6); all zeros is every interface
            org.assertj.core.api.Assertions.assertThat(listeners).isNotEmpty()
                    .allMatch(ip -> ip.endsWith("0100007F") || ip.equals("00000000000000000000000001000000"), "on loopback");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** Child JVM: opens an H2 file store (AUTO_SERVER), says "open", waits to be killed. */
    public static final class OpenAndWait {
        public static void main(String[] args) throws Exception {
            ResultStore store = ResultStore.h2File(java.nio.file.Path.of(args[0]));
            store.models();
            System.out.println("open");
            System.out.flush();
            Thread.sleep(60_000);
            store.close();
        }
    }
}
