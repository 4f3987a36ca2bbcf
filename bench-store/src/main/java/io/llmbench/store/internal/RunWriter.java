package io.llmbench.store.internal;

import static io.llmbench.store.internal.Columns.MAX_LONG_NAME;
import static io.llmbench.store.internal.Columns.MAX_NAME;
import static io.llmbench.store.internal.Columns.MAX_TEXT;
import static io.llmbench.store.internal.Columns.checkLength;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.workload.PromptInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Writes one run's rows inside the caller's transaction. Stateless apart from its SQL. */
final class RunWriter {
    /** Request records sent to the database per JDBC batch. */
    static final int BATCH_SIZE = 2000;
    /** Records whose gaps share one {@code llmbench_itl_block} row at most. */
    static final int BLOCK_RECORDS = 2000;
    /** A block is closed once its packed gaps reach this many bytes. */
    static final int BLOCK_TARGET_BYTES = 500_000;
    /** Packed gaps of one record at most, so a block stays under H2's 1,000,000-byte {@code VARBINARY} limit. */
    static final int MAX_RECORD_GAP_BYTES = 499_000;

    private final String insertRun;
    private final String selectPk;
    private final String insertLabel;
    private final String insertMetric;
    private final String insertRequest;
    private final String insertBlockJdbc;
    private final String deleteRun;
    private final String selectRunModel;
    private final String lockModel;
    private final String insertModel;
    private final String updateModel;
    private final String deleteModel;
    private final String selectLatest;
    private final ServerMetricsRows serverMetrics;
    private final HealthRows health;

    RunWriter(Tables t) {
        serverMetrics = new ServerMetricsRows(t);
        health = new HealthRows(t);
        insertRun = t.sql("INSERT INTO {run} (run_id, saved_at, endpoint_name, provider, model, base_url, hardware, gpu_count,"
                + " engine, quantization, context_window, model_size, traffic_mode, traffic_level, workload, notes, cell_key,"
                + " started_at, finished_at, duration_s, requests, succeeded, failed, failures, input_tokens, output_tokens,"
                + " request_throughput, output_token_throughput, total_token_throughput, peak_output_tps, good_requests,"
                + " goodput, late_sends, token_sources, warnings, record_count) VALUES (:runId, :savedAt, :endpointName,"
                + " :provider, :model, :baseUrl, :hardware, :gpuCount, :engine, :quantization, :contextWindow, :modelSize,"
                + " :trafficMode, :trafficLevel, :workload, :notes, :cellKey, :startedAt, :finishedAt, :duration, :requests,"
                + " :succeeded, :failed, :failures, :inputTokens, :outputTokens, :requestThroughput, :outputTokenThroughput,"
                + " :totalTokenThroughput, :peakOutputTps, :goodRequests, :goodput, :lateSends, :tokenSources, :warnings,"
                + " :recordCount)");
        selectPk = t.sql("SELECT run_pk FROM {run} WHERE run_id = :runId");
        insertLabel = t.sql("INSERT INTO {label} (run_pk, label_scope, label_name, label_value) VALUES (?, ?, ?, ?)");
        insertMetric = t.sql("INSERT INTO {metric} (run_pk, metric, sample_count, mean_value, stdev_value, min_value,"
                + " max_value, p05, p50, p80, p95, p99, p999, histogram) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertRequest = t.sql("INSERT INTO {request} (run_pk, ordinal, seq, endpoint, prompt_id, prompt_category,"
                + " prompt_length, prompt_complexity, start_epoch_ms, scheduled_ns, sent_ns, first_chunk_ns, ttft_ns, e2e_ns,"
                + " end_ns, content_chunks, itl_count, input_tokens, input_source, output_tokens, output_source,"
                + " tokenizer_output_tokens, streamed, failure, error_message, http_status, response_sample, written_ns)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertBlockJdbc = t.sql("INSERT INTO {itl} (run_pk, first_ordinal, record_count, gaps) VALUES (?, ?, ?, ?)");
        deleteRun = t.sql("DELETE FROM {run} WHERE run_pk = :pk");
        selectRunModel = t.sql("SELECT model FROM {run} WHERE run_pk = :pk");
        lockModel = t.sql("SELECT run_count, latest_run_pk, latest_started_at FROM {model} WHERE model = :model FOR UPDATE");
        insertModel = t.sql("INSERT INTO {model} (model, run_count, latest_run_pk, latest_started_at)"
                + " VALUES (:model, 1, :pk, :startedAt)");
        updateModel = t.sql("UPDATE {model} SET run_count = :count, latest_run_pk = :pk, latest_started_at = :startedAt"
                + " WHERE model = :model");
        deleteModel = t.sql("DELETE FROM {model} WHERE model = :model");
        selectLatest = t.sql("SELECT run_pk, started_at FROM {run} WHERE model = :model"
                + " ORDER BY started_at DESC, run_pk DESC FETCH FIRST 1 ROWS ONLY");
    }

    /** A model's row in the summary table. */
    private record ModelRow(long runCount, long latestPk, Instant latestStartedAt) {
    }

    private java.util.Optional<ModelRow> lockModel(Handle h, String model) {
        return h.createQuery(lockModel).bind("model", model)
                .map((rs, ctx) -> new ModelRow(rs.getLong("run_count"), rs.getLong("latest_run_pk"),
                        Columns.instant(rs, "latest_started_at")))
                .findOne();
    }

    /**
     * Counts a new run in its model's summary row, making it the latest when it started last (or
     * at the same time as the latest, which it then follows). Done last in the save, so the row
     * stays locked only until the commit (see {@link #countRuns}). Two first saves of a new model race to insert its row;
     * the loser fails with a unique violation and its save is retried.
     */
    private void countRun(Handle h, String model, long pk, Instant startedAt) {
        Instant started = Columns.truncate(startedAt);
        java.util.Optional<ModelRow> row = lockModel(h, model);
        if (row.isEmpty()) {
            h.createUpdate(insertModel).bind("model", model).bind("pk", pk).bind("startedAt", Columns.timestamp(started)).execute();
            return;
        }
        ModelRow m = row.get();
        boolean latest = started.isAfter(m.latestStartedAt()) || started.equals(m.latestStartedAt()) && pk > m.latestPk();
        h.createUpdate(updateModel).bind("model", model).bind("count", m.runCount() + 1)
                .bind("pk", latest ? pk : m.latestPk())
                .bind("startedAt", Columns.timestamp(latest ? started : m.latestStartedAt())).execute();
    }

    /**
     * Deletes a run; its labels, metrics, records and gap blocks go with it (ON DELETE CASCADE),
     * and its model's summary row is updated.
     *
     * @return whether the run existed
     */
    boolean delete(Handle h, long pk) {
        java.util.Optional<String> model = h.createQuery(selectRunModel).bind("pk", pk).mapTo(String.class).findOne();
        if (h.createUpdate(deleteRun).bind("pk", pk).execute() == 0 || model.isEmpty()) {
            return false;
        }
        java.util.Optional<ModelRow> row = lockModel(h, model.get());
        if (row.isEmpty()) {
            return true;
        }
        ModelRow m = row.get();
        java.util.Optional<java.util.Map.Entry<Long, Instant>> latest = h.createQuery(selectLatest).bind("model", model.get())
                .map((rs, ctx) -> java.util.Map.entry(rs.getLong("run_pk"), Columns.instant(rs, "started_at"))).findOne();
        if (latest.isEmpty()) {
            h.createUpdate(deleteModel).bind("model", model.get()).execute();
        } else {
            h.createUpdate(updateModel).bind("model", model.get()).bind("count", Math.max(1, m.runCount() - 1))
                    .bind("pk", latest.get().getKey()).bind("startedAt", Columns.timestamp(latest.get().getValue())).execute();
        }
        return true;
    }

    /**
     * Checks that every text of the run fits its column, before anything is written.
     *
     * @throws IllegalArgumentException naming the first field that does not fit
     */
    static void validate(EndpointResult r) {
        Deployment d = r.deployment();
        checkLength("deployment.name", d.name(), MAX_NAME);
        checkLength("deployment.provider", d.provider(), MAX_NAME);
        checkLength("deployment.model", d.model(), MAX_NAME);
        checkLength("deployment.baseUrl", d.baseUrl(), MAX_LONG_NAME);
        checkLength("deployment.hardware", d.hardware(), MAX_NAME);
        checkLength("deployment.engine", d.engine(), MAX_NAME);
        checkLength("deployment.quantization", d.quantization(), MAX_NAME);
        checkLength("deployment.modelSize", d.modelSize(), MAX_NAME);
        checkLabels("deployment.labels", d.labels());
        RunInfo run = r.run();
        checkLength("run.workload", run.workload(), MAX_TEXT);
        checkLength("run.notes", run.notes(), MAX_TEXT);
        checkLength("run.cellKey", run.cellKey(), MAX_NAME);
        checkLabels("run.labels", run.labels());
        checkLength("warnings (as JSON)", Columns.warnings(r.warnings()), MAX_TEXT);
        ServerMetricsRows.validate(r.serverMetrics());
        r.health().ifPresent(HealthRows::validate);
        List<RequestRecord> records = r.records();
        for (int i = 0; i < records.size(); i++) {
            RequestRecord rec = records.get(i);
            String at = "records[" + i + "].";
            checkLength(at + "endpoint", rec.endpoint(), MAX_NAME);
            PromptInfo p = rec.prompt();
            checkLength(at + "prompt.id", p.id(), MAX_NAME);
            checkLength(at + "prompt.category", p.category(), MAX_NAME);
            checkLength(at + "prompt.length", p.length(), MAX_NAME);
            checkLength(at + "prompt.complexity", p.complexity(), MAX_NAME);
            checkLength(at + "error", rec.error(), MAX_TEXT);
            checkLength(at + "responseSample", rec.responseSample(), MAX_TEXT);
            if (rec.itlMicros().length > MAX_RECORD_GAP_BYTES / 5) {
                int packed = ItlCodec.packedSize(rec.itlMicros());
                if (packed > MAX_RECORD_GAP_BYTES) {
                    throw new IllegalArgumentException(at + "itlMicros must pack into at most " + MAX_RECORD_GAP_BYTES
                            + " bytes, but its " + rec.itlMicros().length + " gaps took " + packed);
                }
            }
        }
    }

    private static void checkLabels(String field, Map<String, String> labels) {
        labels.forEach((k, v) -> {
            checkLength(field + " name", k, MAX_NAME);
            checkLength(field + "[" + k + "]", v, MAX_LONG_NAME);
        });
    }

    /**
     * Inserts the run with its labels, metrics and records; the caller's transaction makes it
     * atomic, and must then call {@link #countRuns}.
     *
     * @return the run's internal key
     */
    long insert(Handle h, String runId, Instant savedAt, EndpointResult r) {
        Deployment d = r.deployment();
        RunInfo run = r.run();
        JobStats job = r.job();
        h.createUpdate(insertRun)
                .bind("runId", runId)
                .bind("savedAt", Columns.timestamp(savedAt))
                .bind("endpointName", d.name())
                .bind("provider", d.provider())
                .bind("model", d.model())
                .bind("baseUrl", d.baseUrl())
                .bind("hardware", d.hardware())
                .bind("gpuCount", d.gpuCount())
                .bind("engine", d.engine())
                .bind("quantization", d.quantization())
                .bind("contextWindow", d.contextWindow())
                .bind("modelSize", d.modelSize())
                .bind("trafficMode", run.traffic().mode().name())
                .bind("trafficLevel", run.traffic().level())
                .bind("workload", run.workload())
                .bind("notes", run.notes())
                .bind("cellKey", run.cellKey())
                .bind("startedAt", Columns.timestamp(run.startedAt()))
                .bind("finishedAt", Columns.timestamp(run.finishedAt()))
                .bind("duration", Columns.real(job.durationSeconds()))
                .bind("requests", job.requests())
                .bind("succeeded", job.succeeded())
                .bind("failed", job.failed())
                .bind("failures", Columns.failures(job.failures()))
                .bind("inputTokens", job.inputTokens())
                .bind("outputTokens", job.outputTokens())
                .bind("requestThroughput", Columns.real(job.requestThroughput()))
                .bind("outputTokenThroughput", Columns.real(job.outputTokenThroughput()))
                .bind("totalTokenThroughput", Columns.real(job.totalTokenThroughput()))
                .bind("peakOutputTps", Columns.real(job.peakOutputTokensPerSecond()))
                .bind("goodRequests", job.goodRequests())
                .bind("goodput", Columns.real(job.goodput()))
                .bind("lateSends", job.lateSends())
                .bind("tokenSources", Columns.tokenSources(job.outputTokenSources()))
                .bind("warnings", Columns.warnings(r.warnings()))
                .bind("recordCount", (long) r.records().size())
                .execute();
        long pk = h.createQuery(selectPk).bind("runId", runId).mapTo(Long.class).one();
        insertLabels(h, pk, d.labels(), run.labels());
        insertMetrics(h, pk, r);
        r.health().ifPresent(x -> health.insert(h, pk, x));
        insertRecords(h, pk, d.name(), r.records());
        serverMetrics.insert(h, pk, r.serverMetrics());
        return pk;
    }

    /**
     * Counts newly inserted runs in their models' summary rows, in model order (so two saves of
     * several endpoints lock the rows in the same order), as the last step of the transaction.
     *
     * @param runs the inserted runs' keys with their results
     */
    void countRuns(Handle h, Map<Long, EndpointResult> runs) {
        runs.entrySet().stream()
                .sorted(java.util.Comparator.comparing((Map.Entry<Long, EndpointResult> e) -> e.getValue().deployment().model())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> countRun(h, e.getValue().deployment().model(), e.getKey(), e.getValue().run().startedAt()));
    }

    private void insertLabels(Handle h, long pk, Map<String, String> deployment, Map<String, String> run) {
        if (deployment.isEmpty() && run.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(insertLabel);
        deployment.forEach((k, v) -> batch.bind(0, pk).bind(1, RunReader.DEPLOYMENT_SCOPE).bind(2, k).bind(3, v).add());
        run.forEach((k, v) -> batch.bind(0, pk).bind(1, RunReader.RUN_SCOPE).bind(2, k).bind(3, v).add());
        batch.execute();
    }

    private void insertMetrics(Handle h, long pk, EndpointResult r) {
        if (r.metrics().isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(insertMetric);
        for (MetricStats s : r.metrics().values()) {
            batch.bind(0, pk).bind(1, s.metric().key()).bind(2, s.count())
                    .bind(3, Columns.real(s.mean())).bind(4, Columns.real(s.stdev()))
                    .bind(5, Columns.real(s.min())).bind(6, Columns.real(s.max()))
                    .bind(7, Columns.real(s.p05())).bind(8, Columns.real(s.p50())).bind(9, Columns.real(s.p80()))
                    .bind(10, Columns.real(s.p95())).bind(11, Columns.real(s.p99())).bind(12, Columns.real(s.p999()))
                    .bind(13, s.histogram())
                    .add();
        }
        batch.execute();
    }

    /**
     * Inserts the records in JDBC batches of {@link #BATCH_SIZE} rows, and their gaps in blocks.
     * The hot loop binds through plain JDBC on the handle's connection (inside the handle's
     * transaction): JDBI's per-argument type resolution cost about a third of a large save.
     */
    private void insertRecords(Handle h, long pk, String endpointName, List<RequestRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        int n = records.size();
        ItlCodec.Packer gaps = new ItlCodec.Packer();
        int blockStart = 0;
        try (PreparedStatement rows = h.getConnection().prepareStatement(insertRequest);
             PreparedStatement blocks = h.getConnection().prepareStatement(insertBlockJdbc)) {
            for (int i = 0; i < n; i++) {
                RequestRecord r = records.get(i);
                PromptInfo p = r.prompt();
                int[] itl = r.itlMicros();
                rows.setLong(1, pk);
                rows.setInt(2, i);
                rows.setLong(3, r.sequence());
                text(rows, 4, r.endpoint().equals(endpointName) ? null : r.endpoint());
                rows.setString(5, p.id());
                text(rows, 6, p.category());
                text(rows, 7, p.length());
                text(rows, 8, p.complexity());
                rows.setLong(9, r.startEpochMillis());
                rows.setLong(10, r.scheduledNanos());
                rows.setLong(11, r.sentNanos());
                rows.setLong(12, r.firstChunkNanos());
                rows.setLong(13, r.ttftNanos());
                rows.setLong(14, r.e2eNanos());
                rows.setLong(15, r.endNanos());
                rows.setInt(16, r.contentChunks());
                rows.setInt(17, itl.length);
                rows.setInt(18, r.inputTokens());
                rows.setString(19, r.inputSource().name());
                rows.setInt(20, r.outputTokens());
                rows.setString(21, r.outputSource().name());
                rows.setInt(22, r.tokenizerOutputTokens());
                rows.setBoolean(23, r.streamed());
                text(rows, 24, r.failure() == null ? null : r.failure().name());
                text(rows, 25, r.error());
                rows.setInt(26, r.httpStatus());
                text(rows, 27, r.responseSample());
                if (r.writtenNanos() < 0) {
                    rows.setNull(28, java.sql.Types.BIGINT);
                } else {
                    rows.setLong(28, r.writtenNanos());
                }
                rows.addBatch();
                if (itl.length > 0) {
                    if (gaps.size() == 0) {
                        blockStart = i;
                    }
                    gaps.add(itl);
                }
                if (gaps.size() > 0 && (i + 1 - blockStart >= BLOCK_RECORDS || gaps.size() >= BLOCK_TARGET_BYTES || i == n - 1)) {
                    blocks.setLong(1, pk);
                    blocks.setInt(2, blockStart);
                    blocks.setInt(3, i + 1 - blockStart);
                    blocks.setBytes(4, gaps.take());
                    blocks.addBatch();
                }
                if ((i + 1) % BATCH_SIZE == 0 || i == n - 1) {
                    rows.executeBatch();
                    blocks.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException("could not insert the request records", e, null);
        }
    }

    private static void text(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
