package io.llmbench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The compatibility kit against PostgreSQL at 127.0.0.1:5432 (database {@code test}), in a fresh
 * schema that is dropped afterwards. Skips when the server is unreachable unless
 * {@code LLMBENCH_REQUIRE_POSTGRES=1}.
 */
class PostgresResultStoreTest extends ResultStoreCompatibilityKit {
    private final String schema = PostgresSupport.freshSchema("");
    private final List<String> schemas = new ArrayList<>(List.of(schema));
    private boolean reachable;

    @Override
    protected ResultStore openStore() {
        PostgresSupport.assumeReachable();
        reachable = true;
        return ResultStore.builder().dataSource(PostgresSupport.dataSource(null)).schema(schema).open();
    }

    @Override
    protected ResultStore openExtra() {
        return ResultStore.postgres(PostgresSupport.dataSource(schema));
    }

    @Override
    protected Jdbi raw() {
        return Jdbi.create(PostgresSupport.dataSource(null));
    }

    @Override
    protected String table(String table) {
        return schema + "." + table;
    }

    @Override
    protected DataSource emptyDatabase() {
        String app = PostgresSupport.freshSchema("app_");
        schemas.add(app);
        raw().useHandle(h -> h.execute("CREATE SCHEMA " + app));
        return PostgresSupport.dataSource(app);
    }

    @Test
    void commitsSavesAndDeletesSynchronouslyWhenTheSessionHasSynchronousCommitOff() throws Exception {
        PostgresSupport.assumeReachable();
        PGSimpleDataSource lax = PostgresSupport.dataSource(null);
        lax.setOptions("-c synchronous_commit=off");
        List<String> atCommit = new CopyOnWriteArrayList<>();
        DataSource probed = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object value = invoke(lax, method, args);
                    return value instanceof Connection c ? probeCommits(c, atCommit) : value;
                });
        String other = PostgresSupport.freshSchema("sync_");
        schemas.add(other);
        reachable = true;
        try (ResultStore store = ResultStore.builder().dataSource(probed).schema(other).open()) {
            atCommit.clear();
            String id = store.save(TestRuns.builder().model("synced").records(5).build());
            assertThat(atCommit).as("synchronous_commit when the save committed").containsOnly("on").isNotEmpty();
            atCommit.clear();
            assertThat(store.delete(id)).isTrue();
            assertThat(atCommit).as("synchronous_commit when the delete committed").containsOnly("on").isNotEmpty();
        }
        try (Connection c = lax.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            assertThat(rs.getString(1)).as("the session's own setting, which the store leaves alone").isEqualTo("off");
        }
    }

    /** A connection that records the session's synchronous_commit each time it commits. */
    private static Connection probeCommits(Connection c, List<String> atCommit) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit") && method.getParameterCount() == 0) {
                        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
                            rs.next();
                            atCommit.add(rs.getString(1));
                        }
                    }
                    return invoke(c, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    protected void cleanUp() {
        if (reachable) {
            raw().useHandle(h -> schemas.forEach(s -> h.execute("DROP SCHEMA IF EXISTS " + s + " CASCADE")));
        }
    }
}
