package io.llmbench.store.internal;

import io.llmbench.store.StoreMigrationException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the store's tables with Flyway: scripts under
 * {@code io/llmbench/store/migration}, history in {@value Tables#HISTORY}. A schema that already
 * holds other tables (an application's) is baselined at version 0, so every llmbench migration
 * still runs and nothing else is touched.
 */
final class Migrations {
    static final String LOCATION = "classpath:io/llmbench/store/migration";
    private static final String POSTGRES_PLUGIN = "org.flywaydb.database.postgresql.PostgreSQLDatabaseType";
    private static final int ATTEMPTS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /**
     * Brings the schema up to date. Concurrent calls from several processes are safe: Flyway locks
     * the history table, and a call that loses a race to create it tries again.
     */
    static void migrate(DataSource dataSource, Dialect dialect, String schema) {
        if (dialect == Dialect.POSTGRESQL && !present(POSTGRES_PLUGIN)) {
            throw new StoreMigrationException("a PostgreSQL store needs org.flywaydb:flyway-database-postgresql on the class path, "
                    + "but " + POSTGRES_PLUGIN + " was not found", null);
        }
        FluentConfiguration config = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .table(Tables.HISTORY)
                .locations(LOCATION)
                .placeholders(dialect.placeholders())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("llmbench baseline")
                .cleanDisabled(true)
                .failOnMissingLocations(true);
        if (schema != null) {
            config.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        Flyway flyway = config.load();
        FlywayException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                flyway.migrate();
                return;
            } catch (FlywayException e) {
                last = e;
                LOG.debug("llmbench schema migration attempt {} of {} failed", attempt, ATTEMPTS, e);
                sleep(50L * attempt + ThreadLocalRandom.current().nextInt(50));
            }
        }
        throw new StoreMigrationException("could not create or upgrade the llmbench tables (" + dialect
                + (schema == null ? "" : ", schema " + schema) + ", history table " + Tables.HISTORY + ")", last);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Migrations.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreMigrationException("interrupted while waiting to retry", e);
        }
    }
}
