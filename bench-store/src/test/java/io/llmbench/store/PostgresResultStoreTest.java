package io.llmbench.store;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

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

    @Override
    protected void cleanUp() {
        if (reachable) {
            raw().useHandle(h -> schemas.forEach(s -> h.execute("DROP SCHEMA IF EXISTS " + s + " CASCADE")));
        }
    }
}
