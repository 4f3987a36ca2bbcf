package io.llmbench.store.internal;

import static io.llmbench.store.internal.Columns.MAX_LONG_NAME;
import static io.llmbench.store.internal.Columns.MAX_NAME;
import static io.llmbench.store.internal.Columns.MAX_TEXT;
import static io.llmbench.store.internal.Columns.checkLength;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.MetricStats;
import io.llmbench.core.PromptInfo;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Writes one run's rows inside the caller's transaction. Stateless apart from its SQL. */
final class RunWriter {
    /** Request records sent to the database per JDBC batch. */
    static final int BATCH_SIZE = 2000;
    /** Longest packed inter-token-gap column (H2's {@code VARBINARY} limit). */
    static final int MAX_ITL_BYTES = 1_000_000;

    private final String insertRun;
    private final String selectPk;
    private final String insertLabel;
    private final String insertMetric;
    private final String insertRequest;
    private final String deleteRun;

    RunWriter(Tables t) {
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
                + " end_ns, content_chunks, itl_micros, input_tokens, input_source, output_tokens, output_source,"
                + " tokenizer_output_tokens, streamed, failure, error_message, http_status, response_sample)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        deleteRun = t.sql("DELETE FROM {run} WHERE run_pk = :pk");
    }

    /** Deletes a run; its labels, metrics and records go with it (ON DELETE CASCADE). */
    int delete(Handle h, long pk) {
        return h.createUpdate(deleteRun).bind("pk", pk).execute();
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
            if (rec.itlMicros().length > MAX_ITL_BYTES / 5) {
                byte[] packed = ItlCodec.encode(rec.itlMicros());
                if (packed.length > MAX_ITL_BYTES) {
                    throw new IllegalArgumentException(at + "itlMicros must pack into at most " + MAX_ITL_BYTES
                            + " bytes, but " + rec.itlMicros().length + " gaps took " + packed.length);
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

    /** Inserts the run with its labels, metrics and records; the caller's transaction makes it atomic. */
    void insert(Handle h, String runId, Instant savedAt, EndpointResult r) {
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
        insertRecords(h, pk, d.name(), r.records());
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

    private void insertRecords(Handle h, long pk, String endpointName, List<RequestRecord> records) {
        int n = records.size();
        for (int from = 0; from < n; from += BATCH_SIZE) {
            int to = Math.min(n, from + BATCH_SIZE);
            PreparedBatch batch = h.prepareBatch(insertRequest);
            for (int i = from; i < to; i++) {
                RequestRecord r = records.get(i);
                PromptInfo p = r.prompt();
                batch.bind(0, pk).bind(1, i).bind(2, r.sequence())
                        .bind(3, r.endpoint().equals(endpointName) ? null : r.endpoint())
                        .bind(4, p.id()).bind(5, p.category()).bind(6, p.length()).bind(7, p.complexity())
                        .bind(8, r.startEpochMillis()).bind(9, r.scheduledNanos()).bind(10, r.sentNanos())
                        .bind(11, r.firstChunkNanos()).bind(12, r.ttftNanos()).bind(13, r.e2eNanos()).bind(14, r.endNanos())
                        .bind(15, r.contentChunks());
                byte[] itl = ItlCodec.encode(r.itlMicros());
                if (itl == null) {
                    batch.bindNull(16, Types.VARBINARY);
                } else {
                    batch.bind(16, itl);
                }
                batch.bind(17, r.inputTokens()).bind(18, r.inputSource().name())
                        .bind(19, r.outputTokens()).bind(20, r.outputSource().name())
                        .bind(21, r.tokenizerOutputTokens()).bind(22, r.streamed())
                        .bind(23, r.failure() == null ? null : r.failure().name())
                        .bind(24, r.error()).bind(25, r.httpStatus()).bind(26, r.responseSample())
                        .add();
            }
            batch.execute();
        }
    }
}
