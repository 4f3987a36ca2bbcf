package io.llmbench.store;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;

/** The compatibility kit against an in-memory H2 database. */
class H2InMemoryResultStoreTest extends ResultStoreCompatibilityKit {
    private final String name = "kit_" + UUID.randomUUID().toString().replace('-', '_');

    @Override
    protected ResultStore openStore() {
        return ResultStore.h2InMemory(name);
    }

    @Override
    protected Jdbi raw() {
        return Jdbi.create("jdbc:h2:mem:" + name, "sa", "");
    }

    @Override
    protected String table(String table) {
        return table;
    }

    @Override
    protected DataSource emptyDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:app_" + UUID.randomUUID().toString().replace('-', '_') + ";DB_CLOSE_DELAY=-1");
        return ds;
    }
}
