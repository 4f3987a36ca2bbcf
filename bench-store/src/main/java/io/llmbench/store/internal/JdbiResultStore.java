package io.llmbench.store.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.store.ImportException;
import io.llmbench.store.ImportSummary;
import io.llmbench.store.ModelSummary;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunNotFoundException;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoreException;
import io.llmbench.store.StoredRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The {@link ResultStore} over JDBI for H2 and PostgreSQL. Thread-safe: every operation takes its
 * own handle (connection) from the Jdbi.
 */
final class JdbiResultStore implements ResultStore {
    /** Attempts of an operation that meets a transient failure (lock timeout, deadlock, lost connection); about 6 s in all. */
    static final int ATTEMPTS = 10;
    /** Rows fetched per round trip when streaming records. */
    static final int FETCH_SIZE = 1000;

    private final Jdbi jdbi;
    private final RunWriter writer;
    private final RunReader reader;
    private final Durability durability;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    JdbiResultStore(Jdbi jdbi, Tables tables, Durability durability, Runnable onClose) {
        this.jdbi = jdbi;
        this.durability = durability;
        this.writer = new RunWriter(tables);
        this.reader = new RunReader(tables);
        this.onClose = onClose;
    }

    @Override
    public String save(EndpointResult result) {
        Objects.requireNonNull(result, "result");
        String id = UUID.randomUUID().toString();
        write("save", List.of(result), List.of(id), Instant.now());
        return id;
    }

    @Override
    public List<String> save(BenchmarkResult result) {
        Objects.requireNonNull(result, "result");
        if (result.endpoints().isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        result.endpoints().forEach(e -> ids.add(UUID.randomUUID().toString()));
        write("save", result.endpoints(), ids, Instant.now());
        return ids;
    }

    /**
     * Writes runs in one transaction, retrying transient failures. A retry first checks whether the
     * first run is already stored (the previous attempt committed but its answer was lost).
     *
     * @return false when the first run's id was already stored, so nothing was written
     */
    private boolean write(String operation, List<EndpointResult> results, List<String> ids, Instant savedAt) {
        results.forEach(RunWriter::validate);
        String first = ids.get(0);
        Instant at = Columns.truncate(savedAt);
        return retrying(operation, first, () -> durably(h -> {
            if (reader.pk(h, first).isPresent()) {
                return false;
            }
            Map<Long, EndpointResult> inserted = new java.util.LinkedHashMap<>();
            for (int i = 0; i < results.size(); i++) {
                inserted.put(writer.insert(h, ids.get(i), at, results.get(i)), results.get(i));
            }
            writer.countRuns(h, inserted);
            return true;
        }));
    }

    /**
     * Runs a writing transaction and returns once the database holds its changes durably (see
     * {@link Durability}): a write the store reports as done survives a crash of this process.
     */
    private <T> T durably(HandleCallback<T, RuntimeException> transaction) {
        return jdbi.withHandle(h -> {
            configure(h);
            T result = h.inTransaction(tx -> {
                durability.beginWrite(tx);
                return transaction.withHandle(tx);
            });
            durability.committed(h);
            return result;
        });
    }

    /**
     * Runs an idempotent database action, again after a transient failure (another process
     * holding a lock, H2 handing its server over to another process, a deadlock victim).
     */
    private <T> T retrying(String operation, String runId, java.util.function.Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            ensureOpen();
            try {
                return action.get();
            } catch (StoreException e) {
                throw e;
            } catch (JdbiException | IllegalStateException e) {
                if (attempt >= ATTEMPTS || !isRetryable(e)) {
                    throw new StoreException(operation, runId, describe(e) + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), e);
                }
                try {
                    Thread.sleep(Math.min(1_000L, 25L << attempt) + ThreadLocalRandom.current().nextInt(25));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StoreException(operation, runId, "interrupted while waiting to retry", e);
                }
            }
        }
    }

    @Override
    public Optional<StoredRun> find(String runId) {
        Objects.requireNonNull(runId, "runId");
        return call("find", runId, h -> reader.find(h, runId));
    }

    @Override
    public Optional<StoredRun> findWithRecords(String runId) {
        Objects.requireNonNull(runId, "runId");
        return call("find", runId, h -> {
            h.begin();
            try {
                Optional<StoredRun> found = reader.find(h, runId);
                if (found.isEmpty()) {
                    return found;
                }
                StoredRun run = found.get();
                long pk = reader.pk(h, runId).orElseThrow();
                List<RequestRecord> records = new ArrayList<>((int) Math.min(run.recordCount(), 10_000_000));
                try (RecordCursor cursor = reader.records(h, pk, run.result().name(), FETCH_SIZE)) {
                    cursor.forEachRemaining(records::add);
                }
                return Optional.of(new StoredRun(run.id(), run.savedAt(), run.recordCount(), run.result().withRecords(records)));
            } finally {
                h.rollback();
            }
        });
    }

    @Override
    public List<ModelSummary> models() {
        return call("list models", null, reader::models);
    }

    @Override
    public List<StoredRun> runs(RunQuery query) {
        Objects.requireNonNull(query, "query");
        return call("list runs", null, h -> reader.runs(h, query));
    }

    @Override
    public long count(RunQuery query) {
        Objects.requireNonNull(query, "query");
        return call("count runs", null, h -> reader.count(h, query));
    }

    @Override
    public boolean delete(String runId) {
        Objects.requireNonNull(runId, "runId");
        return retrying("delete", runId, () -> durably(tx -> reader.pk(tx, runId)
                .map(pk -> writer.delete(tx, pk)).orElse(false)));
    }

    @Override
    public Stream<RequestRecord> records(String runId) {
        Objects.requireNonNull(runId, "runId");
        ensureOpen();
        Handle h;
        try {
            h = jdbi.open();
        } catch (JdbiException e) {
            throw new StoreException("stream records", runId, describe(e), e);
        }
        RecordIterator it;
        try {
            configure(h);
            // PostgreSQL fetches in chunks (a cursor) only inside a transaction.
            h.begin();
            Optional<Map.Entry<Long, String>> key = reader.keyAndEndpoint(h, runId);
            if (key.isEmpty()) {
                throw new RunNotFoundException("stream records", runId);
            }
            it = new RecordIterator(runId, h, reader.records(h, key.get().getKey(), key.get().getValue(), FETCH_SIZE));
        } catch (RuntimeException e) {
            closeHandle(h);
            if (e instanceof StoreException) {
                throw e;
            }
            throw new StoreException("stream records", runId, describe(e), e);
        }
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(it::close);
    }

    @Override
    public Map<Metric, MetricStats> merge(Collection<String> runIds) {
        Objects.requireNonNull(runIds, "runIds");
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(runIds));
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("runIds must not be empty");
        }
        Map<Long, Map<Metric, MetricStats>> byRun = call("merge", null, h -> {
            Map<String, Long> pks = reader.pks(h, ids);
            for (String id : ids) {
                if (!pks.containsKey(id)) {
                    throw new RunNotFoundException("merge", id);
                }
            }
            Map<Long, Map<Metric, MetricStats>> metrics = reader.metrics(h, new ArrayList<>(pks.values()));
            Map<Long, Map<Metric, MetricStats>> ordered = new java.util.LinkedHashMap<>();
            for (String id : ids) {
                long pk = pks.get(id);
                ordered.put(pk, metrics.getOrDefault(pk, Map.of()));
                for (MetricStats s : ordered.get(pk).values()) {
                    if (s.count() > 0 && !s.hasHistogram()) {
                        throw new StoreException("merge", id, s.metric().key() + " has " + s.count()
                                + " samples but no histogram (figures imported without one), so it cannot be merged exactly", null);
                    }
                }
            }
            return ordered;
        });
        Map<Metric, List<MetricStats>> parts = new EnumMap<>(Metric.class);
        byRun.values().forEach(m -> m.forEach((metric, s) -> parts.computeIfAbsent(metric, k -> new ArrayList<>()).add(s)));
        Map<Metric, MetricStats> out = new EnumMap<>(Metric.class);
        parts.forEach((metric, list) -> out.put(metric, MetricStats.merge(list)));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public boolean isCellDone(String cellKey) {
        Objects.requireNonNull(cellKey, "cellKey");
        return call("check cell", null, h -> reader.isCellDone(h, cellKey));
    }

    @Override
    public long exportRuns(RunQuery query, OutputStream out) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(out, "out");
        List<StoredRun> runs = new ArrayList<>(runs(query));
        Collections.reverse(runs);
        long written = 0;
        try {
            JsonGenerator g = RunJson.generator(out);
            for (StoredRun run : runs) {
                try (Stream<RequestRecord> records = records(run.id())) {
                    RunJson.write(g, run, records.iterator());
                    written++;
                } catch (RunNotFoundException deletedMeanwhile) {
                    // deleted after it was listed: nothing to export
                }
            }
            g.flush();
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("export", null, "could not write the output after " + written + " runs", e);
        }
        return written;
    }

    @Override
    public ImportSummary importRuns(InputStream in) {
        Objects.requireNonNull(in, "in");
        List<String> imported = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        readExport(in, run -> {
            boolean saved = write("import", List.of(run.result()), List.of(run.id()), run.savedAt());
            (saved ? imported : skipped).add(run.id());
        });
        return new ImportSummary(imported, skipped);
    }

    /**
     * Reads an export one run at a time, checks each run fits the store and hands it on.
     *
     * @return the number of runs read
     * @throws ImportException naming the line of the first run that cannot be read or does not fit
     */
    static long readExport(InputStream in, java.util.function.Consumer<RunJson.ImportedRun> each) {
        long count = 0;
        try (RunJson.Reader runs = new RunJson.Reader(in)) {
            RunJson.ImportedRun run;
            while ((run = runs.next()) != null) {
                try {
                    RunWriter.validate(run.result());
                } catch (IllegalArgumentException e) {
                    throw new ImportException(run.line(), "run " + run.id() + ": " + e.getMessage(), e);
                }
                each.accept(run);
                count++;
            }
        }
        return count;
    }

    @Override
    public ImportSummary importResults(List<EndpointResult> results) {
        Objects.requireNonNull(results, "results");
        List<String> keys = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            EndpointResult r = Objects.requireNonNull(results.get(i), "results[" + i + "]");
            try {
                RunWriter.validate(r);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("results[" + i + "] (endpoint '" + shorten(r.name()) + "'): "
                        + e.getMessage(), e);
            }
            keys.add(RunJson.contentKey(r));
        }
        if (results.isEmpty()) {
            return new ImportSummary(List.of(), List.of());
        }
        Instant at = Columns.truncate(Instant.now());
        return retrying("import", null, () -> durably(h -> {
            List<String> imported = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Map<Long, EndpointResult> inserted = new java.util.LinkedHashMap<>();
            for (int i = 0; i < results.size(); i++) {
                String key = keys.get(i);
                if (!seen.add(key) || reader.pk(h, key).isPresent()) {
                    skipped.add(key);
                } else {
                    inserted.put(writer.insert(h, key, at, results.get(i)), results.get(i));
                    imported.add(key);
                }
            }
            writer.countRuns(h, inserted);
            return new ImportSummary(imported, skipped);
        }));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("store must be open, but was closed");
        }
    }

    private <T> T call(String operation, String runId, HandleCallback<T, RuntimeException> callback) {
        return retrying(operation, runId, () -> jdbi.withHandle(h -> {
            configure(h);
            return callback.withHandle(h);
        }));
    }

    /** Our SQL uses JDBI's default template syntax, whatever the caller's Jdbi is set to. */
    private static void configure(Handle h) {
        h.getConfig(SqlStatements.class).setTemplateEngine(new DefinedAttributeTemplateEngine());
    }

    private static void closeHandle(Handle h) {
        try {
            if (h.isInTransaction()) {
                h.rollback();
            }
        } catch (RuntimeException ignored) {
            // the connection is closed next; the database rolls back
        } finally {
            h.close();
        }
    }

    /**
     * SQL states worth another attempt: H2's own codes for a file held or being handed over by
     * another process, a broken connection to the process serving the file, and a closing database.
     */
    private static final java.util.Set<String> H2_TRANSIENT = java.util.Set.of("90020", "90067", "90098", "90121", "HYT00");
    /**
     * H2's general error, which H2 2.3.232 raises instead of a broken connection when the process
     * serving the file exits while a remote session of this one is mid-statement (a
     * NullPointerException on the session's closed transfer list); a new connection reaches the
     * file's next owner. Operations retry it (they are idempotent: a write first looks for its run,
     * so a general error that is not transient costs only the retries); opening a store does not.
     */
    private static final String H2_GENERAL_ERROR = "HY000";

    /** Whether an operation should try again: {@link #isTransient}, or H2's general error. */
    static boolean isRetryable(Throwable e) {
        if (isTransient(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && H2_GENERAL_ERROR.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lock timeouts, deadlocks, serialization failures, lost connections and a duplicate id (a
     * concurrent import of the same run) are worth another attempt.
     */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("40") || state.startsWith("08") || state.equals("23505")
                        || H2_TRANSIENT.contains(state))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The database's own words: the innermost SQL error, with its SQL state. */
    static String describe(Throwable e) {
        SQLException sql = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        if (sql != null) {
            return "database error (SQL state " + sql.getSQLState() + "): " + sql.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Iterates a record stream; closes the handle at the end, on failure, or when the stream is closed. */
    private static final class RecordIterator implements Iterator<RequestRecord> {
        private final String runId;
        private final Handle handle;
        private final RecordCursor rows;
        private final AtomicBoolean closed = new AtomicBoolean();

        RecordIterator(String runId, Handle handle, RecordCursor rows) {
            this.runId = runId;
            this.handle = handle;
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            if (closed.get()) {
                return false;
            }
            try {
                boolean more = rows.hasNext();
                if (!more) {
                    close();
                }
                return more;
            } catch (RuntimeException e) {
                close();
                throw new StoreException("stream records", runId, describe(e), e);
            }
        }

        @Override
        public RequestRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more records of run " + runId);
            }
            try {
                return rows.next();
            } catch (RuntimeException e) {
                close();
                throw new StoreException("stream records", runId, describe(e), e);
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    rows.close();
                } finally {
                    closeHandle(handle);
                }
            }
        }
    }
}
