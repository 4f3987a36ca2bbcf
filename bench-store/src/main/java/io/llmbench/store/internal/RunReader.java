package io.llmbench.store.internal;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.HarnessHealth;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import io.llmbench.store.ModelSummary;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

/** Reads runs, models, metrics and records; builds the dynamic filters of a {@link RunQuery}. Stateless apart from its SQL. */
final class RunReader {
    static final String DEPLOYMENT_SCOPE = "D";
    static final String RUN_SCOPE = "R";
    /** Ids bound into one {@code IN (...)} list at most. */
    private static final int IN_CHUNK = 500;

    private static final String RUN_COLUMNS = "r.run_pk, r.run_id, r.saved_at, r.endpoint_name, r.provider, r.model,"
            + " r.base_url, r.hardware, r.gpu_count, r.engine, r.quantization, r.context_window, r.model_size, r.traffic_mode,"
            + " r.traffic_level, r.workload, r.notes, r.cell_key, r.started_at, r.finished_at, r.duration_s, r.requests,"
            + " r.succeeded, r.failed, r.failures, r.input_tokens, r.output_tokens, r.request_throughput,"
            + " r.output_token_throughput, r.total_token_throughput, r.peak_output_tps, r.good_requests, r.goodput,"
            + " r.late_sends, r.token_sources, r.warnings, r.record_count";
    static final String REQUEST_COLUMNS = "ordinal, seq, endpoint, prompt_id, prompt_category, prompt_length, prompt_complexity,"
            + " start_epoch_ms, scheduled_ns, sent_ns, first_chunk_ns, ttft_ns, e2e_ns, end_ns, content_chunks, itl_count,"
            + " input_tokens, input_source, output_tokens, output_source, tokenizer_output_tokens, streamed, failure,"
            + " error_message, http_status, response_sample, written_ns";
    private static final String ORDER = " ORDER BY r.started_at DESC, r.run_pk DESC";

    private final Tables t;
    private final String selectRunById;
    private final String selectPk;
    private final String selectKey;
    private final String selectPks;
    private final String selectLabels;
    private final String selectMetrics;
    private final String selectModels;
    private final String selectRecords;
    private final String selectCell;
    private final String selectBlocks;
    private final HealthRows health;

    private final ServerMetricsRows serverMetrics;

    RunReader(Tables t) {
        this.t = t;
        serverMetrics = new ServerMetricsRows(t);
        health = new HealthRows(t);
        selectRunById = t.sql("SELECT " + RUN_COLUMNS + " FROM {run} r WHERE r.run_id = :runId");
        selectPk = t.sql("SELECT run_pk FROM {run} WHERE run_id = :runId");
        selectKey = t.sql("SELECT run_pk, endpoint_name FROM {run} WHERE run_id = :runId");
        selectPks = t.sql("SELECT run_id, run_pk FROM {run} WHERE run_id IN (<ids>)");
        selectLabels = t.sql("SELECT run_pk, label_scope, label_name, label_value FROM {label} WHERE run_pk IN (<pks>)");
        selectMetrics = t.sql("SELECT run_pk, metric, sample_count, mean_value, stdev_value, min_value, max_value, p05, p50,"
                + " p80, p95, p99, p999, histogram FROM {metric} WHERE run_pk IN (<pks>)");
        selectModels = t.sql("SELECT " + RUN_COLUMNS + ", m.run_count FROM {model} m JOIN {run} r ON r.run_pk = m.latest_run_pk"
                + " ORDER BY m.model");
        selectRecords = t.sql("SELECT " + REQUEST_COLUMNS + " FROM {request} WHERE run_pk = :pk ORDER BY ordinal");
        selectBlocks = t.sql("SELECT first_ordinal, record_count, gaps FROM {itl} WHERE run_pk = :pk ORDER BY first_ordinal");
        selectCell = t.sql("SELECT 1 FROM {run} WHERE cell_key = :cellKey FETCH FIRST 1 ROWS ONLY");
    }

    /** The internal key of a run, if stored. */
    Optional<Long> pk(Handle h, String runId) {
        return h.createQuery(selectPk).bind("runId", runId).mapTo(Long.class).findOne();
    }

    /** The internal key and endpoint name of a run, if stored. */
    Optional<Map.Entry<Long, String>> keyAndEndpoint(Handle h, String runId) {
        return h.createQuery(selectKey).bind("runId", runId)
                .map((rs, ctx) -> Map.entry(rs.getLong("run_pk"), rs.getString("endpoint_name"))).findOne();
    }

    /** Internal keys of the runs that exist, by id. */
    Map<String, Long> pks(Handle h, List<String> runIds) {
        Map<String, Long> out = new HashMap<>();
        for (int from = 0; from < runIds.size(); from += IN_CHUNK) {
            List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + IN_CHUNK));
            h.createQuery(selectPks).bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString("run_id"), rs.getLong("run_pk")))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** One run with its server metrics (the lists of runs leave them out). */
    Optional<StoredRun> find(Handle h, String runId) {
        List<Row> rows = h.createQuery(selectRunById).bind("runId", runId).map(RunReader::row).list();
        return complete(h, rows).stream().findFirst().map(run -> {
            EndpointResult r = run.result();
            return new StoredRun(run.id(), run.savedAt(), run.recordCount(),
                    r.withServerMetrics(serverMetrics.read(h, rows.get(0).pk())));
        });
    }

    boolean isCellDone(Handle h, String cellKey) {
        return h.createQuery(selectCell).bind("cellKey", cellKey).mapTo(Integer.class).findOne().isPresent();
    }

    List<ModelSummary> models(Handle h) {
        Map<String, Row> latest = new LinkedHashMap<>();
        Map<String, Long> counts = new HashMap<>();
        h.createQuery(selectModels).map((rs, ctx) -> {
            Row row = row(rs, ctx);
            counts.put(row.model(), rs.getLong("run_count"));
            return row;
        }).forEach(row -> latest.put(row.model(), row));
        List<StoredRun> runs = complete(h, new ArrayList<>(latest.values()));
        List<ModelSummary> out = new ArrayList<>(runs.size());
        for (StoredRun run : runs) {
            out.add(new ModelSummary(run.model(), counts.get(run.model()), run));
        }
        return out;
    }

    List<StoredRun> runs(Handle h, RunQuery q) {
        Filter f = filter(q);
        StringBuilder sql = new StringBuilder("SELECT ").append(RUN_COLUMNS).append(" FROM ").append(t.run).append(" r")
                .append(f.where).append(ORDER);
        boolean paged = q.offset() > 0 || q.limit() != RunQuery.UNLIMITED;
        if (paged) {
            sql.append(" OFFSET :offset ROWS");
            if (q.limit() != RunQuery.UNLIMITED) {
                sql.append(" FETCH NEXT :limit ROWS ONLY");
            }
        }
        Query query = h.createQuery(sql.toString());
        f.bind(query);
        if (paged) {
            query.bind("offset", q.offset());
            if (q.limit() != RunQuery.UNLIMITED) {
                query.bind("limit", q.limit());
            }
        }
        return complete(h, query.map(RunReader::row).list());
    }

    long count(Handle h, RunQuery q) {
        Filter f = filter(q);
        Query query = h.createQuery("SELECT COUNT(*) FROM " + t.run + " r" + f.where);
        f.bind(query);
        return query.mapTo(Long.class).one();
    }

    /** Metric distributions of the given runs, by internal key. */
    Map<Long, Map<Metric, MetricStats>> metrics(Handle h, List<Long> pks) {
        Map<Long, Map<Metric, MetricStats>> out = new HashMap<>();
        for (int from = 0; from < pks.size(); from += IN_CHUNK) {
            List<Long> chunk = pks.subList(from, Math.min(pks.size(), from + IN_CHUNK));
            h.createQuery(selectMetrics).bindList("pks", chunk).map((rs, ctx) -> {
                MetricStats s = new MetricStats(Metric.ofKey(rs.getString("metric")), rs.getLong("sample_count"),
                        Columns.real(rs, "mean_value"), Columns.real(rs, "stdev_value"), Columns.real(rs, "min_value"),
                        Columns.real(rs, "max_value"), Columns.real(rs, "p05"), Columns.real(rs, "p50"),
                        Columns.real(rs, "p80"), Columns.real(rs, "p95"), Columns.real(rs, "p99"), Columns.real(rs, "p999"),
                        rs.getString("histogram"));
                return Map.entry(rs.getLong("run_pk"), s);
            }).forEach(e -> out.computeIfAbsent(e.getKey(), k -> new EnumMap<>(Metric.class))
                    .put(e.getValue().metric(), e.getValue()));
        }
        return out;
    }

    /** A cursor over a run's records in order; the caller closes it (and keeps the handle open meanwhile). */
    RecordCursor records(Handle h, long pk, String endpointName, int fetchSize) {
        return new RecordCursor(h.createQuery(selectRecords).bind("pk", pk), h.createQuery(selectBlocks).bind("pk", pk),
                endpointName, fetchSize);
    }

    /** Adds labels and metrics to run rows. */
    private List<StoredRun> complete(Handle h, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> pks = new ArrayList<>(rows.size());
        rows.forEach(r -> pks.add(r.pk()));
        Map<Long, Map<String, String>> deploymentLabels = new HashMap<>();
        Map<Long, Map<String, String>> runLabels = new HashMap<>();
        for (int from = 0; from < pks.size(); from += IN_CHUNK) {
            List<Long> chunk = pks.subList(from, Math.min(pks.size(), from + IN_CHUNK));
            h.createQuery(selectLabels).bindList("pks", chunk).map((rs, ctx) -> {
                Map<Long, Map<String, String>> target = DEPLOYMENT_SCOPE.equals(rs.getString("label_scope"))
                        ? deploymentLabels : runLabels;
                target.computeIfAbsent(rs.getLong("run_pk"), k -> new TreeMap<>())
                        .put(rs.getString("label_name"), rs.getString("label_value"));
                return Boolean.TRUE;
            }).forEach(x -> { });
        }
        Map<Long, Map<Metric, MetricStats>> metrics = metrics(h, pks);
        Map<Long, HarnessHealth> healths = health.read(h, pks);
        List<StoredRun> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.toStoredRun(deploymentLabels.getOrDefault(r.pk(), Map.of()), runLabels.getOrDefault(r.pk(), Map.of()),
                    metrics.getOrDefault(r.pk(), Map.of()), Optional.ofNullable(healths.get(r.pk()))));
        }
        return out;
    }

    private static Row row(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        JobStats job = new JobStats(Columns.real(rs, "duration_s"), rs.getLong("requests"), rs.getLong("succeeded"),
                rs.getLong("failed"), Columns.failures(rs.getString("failures")), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), Columns.real(rs, "request_throughput"), Columns.real(rs, "output_token_throughput"),
                Columns.real(rs, "total_token_throughput"), Columns.real(rs, "peak_output_tps"), rs.getLong("good_requests"),
                Columns.real(rs, "goodput"), rs.getLong("late_sends"), Columns.tokenSources(rs.getString("token_sources")));
        return new Row(rs.getLong("run_pk"), rs.getString("run_id"), Columns.instant(rs, "saved_at"),
                rs.getString("endpoint_name"), rs.getString("provider"), rs.getString("model"), rs.getString("base_url"),
                rs.getString("hardware"), rs.getInt("gpu_count"), rs.getString("engine"), rs.getString("quantization"),
                rs.getInt("context_window"), rs.getString("model_size"),
                new Traffic(Traffic.Mode.valueOf(rs.getString("traffic_mode")), rs.getDouble("traffic_level")),
                rs.getString("workload"), rs.getString("notes"), rs.getString("cell_key"),
                Columns.instant(rs, "started_at"), Columns.instant(rs, "finished_at"), job,
                Columns.warnings(rs.getString("warnings")), rs.getLong("record_count"));
    }

    /** A run row before its labels and metrics are read. */
    private record Row(long pk, String id, Instant savedAt, String endpointName, String provider, String model,
                       String baseUrl, String hardware, int gpuCount, String engine, String quantization, int contextWindow,
                       String modelSize, Traffic traffic, String workload, String notes, String cellKey, Instant startedAt,
                       Instant finishedAt, JobStats job, List<String> warnings, long recordCount) {
        StoredRun toStoredRun(Map<String, String> deploymentLabels, Map<String, String> runLabels,
                              Map<Metric, MetricStats> metrics, Optional<HarnessHealth> health) {
            Deployment d = new Deployment(endpointName, provider, model, baseUrl, hardware, gpuCount, engine, quantization,
                    contextWindow, modelSize, deploymentLabels);
            RunInfo run = new RunInfo(traffic, workload, runLabels, notes, cellKey, startedAt, finishedAt);
            return new StoredRun(id, savedAt, recordCount, new EndpointResult(d, run, job, metrics, List.of(), warnings, health));
        }
    }

    /** The WHERE clause of a query: fixed SQL fragments, every value bound. */
    private Filter filter(RunQuery q) {
        Filter f = new Filter();
        f.equal("r.model", "model", q.model());
        f.equal("r.provider", "provider", q.provider());
        f.equal("r.endpoint_name", "endpoint", q.endpoint());
        f.equal("r.hardware", "hardware", q.hardware());
        f.equal("r.engine", "engine", q.engine());
        f.equal("r.quantization", "quantization", q.quantization());
        f.equal("r.cell_key", "cellKey", q.cellKey());
        f.equal("r.traffic_mode", "trafficMode", q.trafficMode() == null ? null : q.trafficMode().name());
        if (q.minTrafficLevel() != null) {
            double min = q.minTrafficLevel();
            f.add("r.traffic_level >= :minLevel", s -> s.bind("minLevel", min));
        }
        if (q.maxTrafficLevel() != null) {
            double max = q.maxTrafficLevel();
            f.add("r.traffic_level <= :maxLevel", s -> s.bind("maxLevel", max));
        }
        if (q.startedFrom() != null) {
            Instant from = q.startedFrom();
            f.add("r.started_at >= :startedFrom", s -> s.bind("startedFrom", Columns.timestamp(from)));
        }
        if (q.startedBefore() != null) {
            Instant before = q.startedBefore();
            f.add("r.started_at < :startedBefore", s -> s.bind("startedBefore", Columns.timestamp(before)));
        }
        int i = 0;
        for (Map.Entry<String, String> label : q.labels().entrySet()) {
            String name = "labelName" + i;
            String value = "labelValue" + i;
            f.add("EXISTS (SELECT 1 FROM " + t.label + " l WHERE l.run_pk = r.run_pk AND l.label_name = :" + name
                    + " AND l.label_value = :" + value + ")", s -> s.bind(name, label.getKey()).bind(value, label.getValue()));
            i++;
        }
        return f;
    }

    private static final class Filter {
        private String where = "";
        private final List<Consumer<SqlStatement<?>>> binders = new ArrayList<>();

        void equal(String column, String param, String value) {
            if (value != null) {
                add(column + " = :" + param, s -> s.bind(param, value));
            }
        }

        void add(String condition, Consumer<SqlStatement<?>> binder) {
            where = where.isEmpty() ? " WHERE " + condition : where + " AND " + condition;
            binders.add(binder);
        }

        void bind(SqlStatement<?> statement) {
            binders.forEach(b -> b.accept(statement));
        }
    }
}
