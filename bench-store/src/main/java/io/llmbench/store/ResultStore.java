package io.llmbench.store;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.store.internal.StoreFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Keeps benchmark runs in a relational database: run metadata, job figures, every metric's
 * distribution with its encoded HdrHistogram (so runs merge exactly) and, optionally, every
 * request record.
 *
 * <pre>{@code
 * try (ResultStore store = ResultStore.h2File(Path.of("results"))) {   // results.mv.db, created on first use
 *     String id = store.save(result.endpoint("llama-vllm"));
 *     for (ModelSummary m : store.models()) {
 *         System.out.println(m.model() + ": " + m.runCount() + " runs, latest p95 TTFT "
 *                 + m.latest().result().metric(Metric.TTFT).p95() + " ms");
 *     }
 * }
 * }</pre>
 *
 * <p>Opening a store creates or upgrades its tables with versioned migrations (Flyway). All
 * tables are named {@code llmbench_*} and the migration history is kept in
 * {@code llmbench_schema_history}, so the store can share a database (and schema) with an
 * application's own tables and its own migration history.
 *
 * <p><b>Atomicity:</b> a save is one transaction: a crash in the middle leaves the whole run or
 * nothing. <b>Durability:</b> when {@link #save}, {@link #importRuns}, {@link #importResults} or
 * {@link #delete} returns, the change has been committed and handed to the disk as far as the
 * database can promise, so it survives the death of this process ({@code kill -9}) and, on a disk
 * that honours flushes, a power loss:
 * <ul>
 * <li>H2 (a file, or an H2 server): H2 keeps commits in memory for up to its {@code WRITE_DELAY}
 *     (500 ms by default) and does not sync on commit, so after each commit the store runs
 *     {@code CHECKPOINT SYNC}, which writes the changes to the file and forces them to the disk
 *     ({@code fsync}). That statement needs admin rights: the stores this interface opens have
 *     them; through a caller's data source whose user lacks them, the store logs a warning once
 *     and H2's {@code WRITE_DELAY} bounds what a crash may lose.</li>
 * <li>PostgreSQL: a commit returns once its WAL record is flushed, unless the session has
 *     {@code synchronous_commit = off}; the store then turns it {@code on} for its own
 *     transactions only ({@code SET LOCAL}). A server running with {@code fsync = off} promises
 *     nothing across a crash of its machine; the store logs a warning when it opens on one.</li>
 * <li>H2 in memory: nothing survives the process, by design.</li>
 * </ul>
 * <b>Concurrency:</b> implementations are thread-safe; several threads and several
 * processes may write to one store at once (an H2 file opens in H2's automatic mixed mode;
 * PostgreSQL uses ordinary transactions). <b>Errors:</b> every method throws a
 * {@link StoreException} (unchecked) naming the operation and the run when the database fails.
 * <b>Nulls:</b> arguments must not be null.
 */
public interface ResultStore extends AutoCloseable {

    /**
     * The default store: an embedded H2 database in a file, created (with its parent directories)
     * on first use, which several processes may open at once. H2 adds {@code .mv.db} to the path
     * ({@code results} becomes {@code results.mv.db}); a path already ending in {@code .mv.db} is
     * used as is.
     *
     * <p>Other processes reach a file opened by the first one through a TCP server H2 starts on
     * demand; it accepts local connections only. Set the system property
     * {@code h2.bindAddress=127.0.0.1} to keep it on the loopback interface.
     */
    static ResultStore h2File(Path file) {
        return builder().h2File(file).open();
    }

    /**
     * A store in an in-memory H2 database of the given name, for tests and demos. Stores opened
     * with the same name in one JVM share the database; it is dropped when the last of them closes.
     *
     * @param name letters, digits, {@code _} or {@code -}
     */
    static ResultStore h2InMemory(String name) {
        return builder().h2InMemory(name).open();
    }

    /**
     * A store in a PostgreSQL database, in the data source's current schema. The caller keeps
     * ownership of the data source ({@link #close()} does not close it). Needs the PostgreSQL
     * driver and {@code org.flywaydb:flyway-database-postgresql} on the class path (both optional
     * dependencies of this module). Saves of large runs are 1.5 to 2 times faster with the
     * driver's {@code reWriteBatchedInserts=true}.
     */
    static ResultStore postgres(DataSource dataSource) {
        return builder().dataSource(dataSource).requirePostgres().open();
    }

    /**
     * A store in any supported database (H2 or PostgreSQL), detected from the data source, in its
     * current schema. The caller keeps ownership of the data source; a pooled one is recommended
     * (the store takes a connection per operation). An in-memory H2 database behind a plain data
     * source must outlive its connections ({@code DB_CLOSE_DELAY=-1}); {@link #h2InMemory} handles that.
     */
    static ResultStore of(DataSource dataSource) {
        return builder().dataSource(dataSource).open();
    }

    /** A store over the caller's own {@link Jdbi} (H2 or PostgreSQL); the store uses only its connections. */
    static ResultStore of(Jdbi jdbi) {
        return builder().jdbi(jdbi).open();
    }

    /** A builder for stores with more options (a schema of their own, single-process H2 files). */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Saves a run with all the request records it carries, in one transaction.
     *
     * @return the new run's id
     * @throws IllegalArgumentException when a text field exceeds its column (the message names it)
     */
    String save(EndpointResult result);

    /** Saves every endpoint's result of a benchmark in one transaction; returns their ids in order. */
    List<String> save(BenchmarkResult result);

    /** A run without its request records, or empty when no run has that id. */
    Optional<StoredRun> find(String runId);

    /** A run with all its request records loaded into memory; prefer {@link #records} for big runs. */
    Optional<StoredRun> findWithRecords(String runId);

    /** Every model with its run count and latest run, ordered by model id. */
    List<ModelSummary> models();

    /** Runs matching the query, newest first, without request records. */
    List<StoredRun> runs(RunQuery query);

    /** How many runs match the query's filters (its page is ignored). */
    long count(RunQuery query);

    /** Deletes a run and its records; returns whether it existed. */
    boolean delete(String runId);

    /**
     * Streams a run's request records in their original order without loading them all into
     * memory. The stream holds a database connection until it is exhausted or closed: use it in a
     * try-with-resources block.
     *
     * @throws RunNotFoundException when no run has that id
     */
    Stream<RequestRecord> records(String runId);

    /**
     * Merges the runs' distributions per metric exactly (by adding their histograms). A metric
     * appears when at least one run has it.
     *
     * @throws RunNotFoundException when a run is missing
     * @throws StoreException       when a run's metric carries figures without a histogram
     */
    Map<Metric, MetricStats> merge(Collection<String> runIds);

    /** Whether a run of this test-matrix cell is stored (used to resume a matrix). */
    boolean isCellDone(String cellKey);

    /**
     * Writes the matching runs, with their records, as JSON lines (one run per line, oldest
     * first) in the format {@link #importRuns} reads. The stream is flushed, not closed.
     *
     * @return the number of runs written
     */
    long exportRuns(RunQuery query, OutputStream out);

    /**
     * Reads JSON lines written by {@link #exportRuns} and saves each run under its original id,
     * one transaction per run. Runs whose id is already stored are skipped, so importing the same
     * file twice is harmless. The stream is not closed.
     *
     * @throws ImportException when a line cannot be read; the runs before it stay imported
     */
    ImportSummary importRuns(InputStream in);

    /**
     * Reads JSON lines as {@link #importRuns} does and checks that every run would fit a store,
     * without writing anything: to check several files before importing any. The stream is not
     * closed.
     *
     * @return the number of runs in the input
     * @throws ImportException naming the line of the first run that cannot be read or does not fit
     */
    static long checkImport(InputStream in) {
        return StoreFactory.checkImport(Objects.requireNonNull(in, "in"));
    }

    /**
     * Checks that a result would fit a store, without one: every text field within its column's
     * length. To check what is about to be saved from several sources before saving any.
     *
     * @throws IllegalArgumentException naming the field, the limit and the length of the first text too long
     */
    static void checkFits(EndpointResult result) {
        StoreFactory.checkFits(Objects.requireNonNull(result, "result"));
    }

    /** The id {@link #importResults} gives a result: its content key, the same for the same content. */
    static String contentKey(EndpointResult result) {
        return StoreFactory.contentKey(Objects.requireNonNull(result, "result"));
    }

    /**
     * Saves results read from files (CSV, JSON) in one transaction, skipping those already stored,
     * so that importing the same rows again is harmless. Each run's id is a content key: a
     * name-based UUID of the run as the store keeps it (deployment, traffic, workload, labels,
     * notes, cell key, job figures, metrics with their histograms, warnings and every request
     * record) except its start and finish times, which file formats without them (the benchmark
     * summary CSV) fill in from outside. A result whose content is already stored, or appears
     * earlier in the list, is skipped; nothing is written unless every result fits the store.
     *
     * @return the content keys of the runs saved and of those skipped, in input order
     * @throws IllegalArgumentException when a result has a text field longer than its column
     *                                  (the message names the result's position, the field and the lengths); nothing is saved then
     */
    ImportSummary importResults(List<EndpointResult> results);

    /** Releases the connections the store opened; a data source or Jdbi given by the caller stays open. */
    @Override
    void close();

    /** Opens a {@link ResultStore} with options. Not thread-safe. */
    final class Builder {
        /** Where the store keeps its data: exactly one of these is set. */
        private Path h2File;
        private String h2Memory;
        private DataSource dataSource;
        private Jdbi jdbi;
        private String schema;
        private boolean multiProcess = true;
        private boolean requirePostgres;

        private Builder() {
        }

        /** An embedded H2 file; see {@link ResultStore#h2File}. */
        public Builder h2File(Path file) {
            this.h2File = Objects.requireNonNull(file, "file");
            return this;
        }

        /** An in-memory H2 database; see {@link ResultStore#h2InMemory}. */
        public Builder h2InMemory(String name) {
            this.h2Memory = Objects.requireNonNull(name, "name");
            return this;
        }

        /** A caller-owned data source (H2 or PostgreSQL). */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** A caller-owned Jdbi (H2 or PostgreSQL). */
        public Builder jdbi(Jdbi jdbi) {
            this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
            return this;
        }

        /**
         * Keeps the store's tables and migration history in this schema, created when missing,
         * instead of the connection's current schema.
         *
         * @param schema lower-case letters, digits and {@code _}, starting with a letter or {@code _}, at most 63 characters
         */
        public Builder schema(String schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * Whether other processes may open the same H2 file at once (H2's {@code AUTO_SERVER}
         * mode); default true. Only for {@link #h2File}.
         */
        public Builder multiProcess(boolean multiProcess) {
            this.multiProcess = multiProcess;
            return this;
        }

        Builder requirePostgres() {
            this.requirePostgres = true;
            return this;
        }

        /**
         * Connects, creates or upgrades the schema and returns the store.
         *
         * @throws IllegalStateException    when no location or more than one was set
         * @throws IllegalArgumentException when the schema, file or database name is malformed
         * @throws StoreMigrationException  when the database cannot be reached or migrated
         */
        public ResultStore open() {
            return StoreFactory.open(h2File, h2Memory, dataSource, jdbi, schema, multiProcess, requirePostgres);
        }
    }
}
