package io.llmbench.examples.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.UploadedFile;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.Traffic;
import io.llmbench.report.SummaryCsv;
import io.llmbench.store.ModelSummary;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes the seed tools' clients call, in their JSON shapes (snake_case): the batch tool's
 * {@code /v1/benchmarks/...} (models, a model's benchmarks, estimate and compare from each model's
 * latest measured request rate) and the upload tool's {@code /api/benchmarks/...} (multipart CSV
 * upload, models, a model's benchmarks, one benchmark's rows, delete). The upload tool's
 * "benchmark" is one uploaded CSV: its rows are runs sharing the {@value StoreApi#UPLOAD_LABEL}
 * label; a run stored otherwise is a benchmark of its own, under its run id. Thread-safe.
 */
final class SeedApi {
    private static final String TAG = "seed tools";

    private final ResultStore store;
    private final StoreApi storeApi;
    private final Cache cache;
    private final Views views;

    SeedApi(ResultStore store, StoreApi storeApi, Cache cache, Views views) {
        this.store = store;
        this.storeApi = storeApi;
        this.cache = cache;
        this.views = views;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/v1/benchmarks/models").tag(TAG).summary("Every model with its latest run's request rate")
                        .ok("SeedModels").handler(c -> {
                            c.query();
                            return cache.get("reply /v1/benchmarks/models", () -> views.encoded(models()));
                        }),
                Route.get("/v1/benchmarks/models/<model>").tag(TAG).summary("A model's runs, newest first")
                        .pathParam("model", "the model id").query("limit", "integer", "runs to return, 1 to 1000; default 10")
                        .ok("SeedModelBenchmarks").response(404, "the model has no stored runs", "Error")
                        .handler(c -> modelBenchmarks(c.path("model"), c.query())),
                Route.get("/v1/benchmarks/estimate").tag(TAG).summary("How long N requests take on a model at its latest run's request rate")
                        .requiredQuery("model", "string", "the model id")
                        .requiredQuery("num_requests", "integer", "requests in the batch, at least 1")
                        .ok("SeedEstimate").response(404, "the model has no stored runs", "Error")
                        .response(422, "the model's latest run completed no request", "Error")
                        .handler(c -> estimate(c.query())),
                Route.get("/v1/benchmarks/compare").tag(TAG).summary("Every model for a batch of N requests, fastest first, with speed-up and hours saved against the slowest")
                        .requiredQuery("num_requests", "integer", "requests in the batch, at least 1")
                        .ok("SeedCompare").handler(c -> compare(c.query())),
                Route.post("/api/benchmarks/upload").tag(TAG).summary("Uploads a benchmark summary CSV (multipart field 'file')")
                        .description("All rows or nothing by default; mode=skip imports the good rows. Problems name the line, "
                                + "column, rule and value.")
                        .query("mode", "string", "all or skip; default all")
                        .body("multipart/form-data", "SeedUploadForm", BenchService.MAX_CSV_BYTES + 64 * 1024)
                        .response(201, "imported", "SeedUpload")
                        .response(400, "the file has problems", "SeedUpload")
                        .handler(c -> upload(c, c.query())),
                Route.get("/api/benchmarks/models").tag(TAG).summary("Every model with its benchmark and run counts and token ranges")
                        .ok("SeedModelSummaries").handler(c -> {
                            c.query();
                            return cache.get("reply /api/benchmarks/models", () -> views.encoded(modelSummaries()));
                        }),
                Route.get("/api/benchmarks/models/<model>/benchmarks").tag(TAG).summary("A model's benchmarks (uploads), newest first")
                        .pathParam("model", "the model id").ok("SeedBenchmarkList")
                        .response(404, "the model has no stored runs", "Error")
                        .handler(c -> {
                            c.query();
                            return Reply.ok(benchmarks(c.path("model")));
                        }),
                Route.get("/api/benchmarks/benchmarks/{id}").tag(TAG).summary("One benchmark's rows, by summary CSV column")
                        .pathParam("id", "a benchmark id (an upload) or a run id").ok("SeedBenchmarkRows")
                        .response(404, "no benchmark has that id", "Error")
                        .handler(c -> {
                            c.query();
                            return Reply.ok(rows(c.path("id")));
                        }),
                Route.delete("/api/benchmarks/benchmarks/{id}").tag(TAG).summary("Deletes one benchmark's runs")
                        .pathParam("id", "a benchmark id (an upload) or a run id").ok("SeedDeleted")
                        .response(404, "no benchmark has that id", "Error")
                        .handler(c -> {
                            c.query();
                            return Reply.ok(delete(c.path("id")));
                        }));
    }

    private ObjectNode models() {
        {
            ArrayNode a = views.array();
            for (ModelSummary m : storeApi.modelSummaries()) {
                EndpointResult r = m.latest().result();
                ObjectNode o = a.addObject();
                o.put("model", m.model());
                Views.num(o, "rate_req_per_sec", r.job().requestThroughput());
                Views.num(o, "success_rate_pct", r.job().successRate() * 100);
                workers(o, r);
                o.put("last_benchmarked", r.run().startedAt().getEpochSecond());
                o.put("num_runs", m.runCount());
            }
            ObjectNode body = views.object();
            body.set("models", a);
            body.put("total", a.size());
            return body;
        }
    }

    private Reply modelBenchmarks(String model, Params q) {
        int limit = (int) q.integer("limit", 10, 1, 1000);
        List<StoredRun> runs = store.runs(RunQuery.builder().model(model).page(0, limit).build());
        if (runs.isEmpty()) {
            throw unknownModel(model);
        }
        ArrayNode a = views.array();
        for (StoredRun r : runs) {
            ObjectNode o = a.addObject();
            EndpointResult e = r.result();
            JobStats j = e.job();
            o.put("id", r.id());
            o.put("model", model);
            o.put("endpoint", e.name());
            o.put("num_requests", j.requests());
            workersAs(o, "num_workers", e);
            o.put("traffic_mode", e.run().traffic().mode().csvName());
            o.put("traffic_level", e.run().traffic().level());
            Views.num(o, "rate_req_per_sec", j.requestThroughput());
            Views.num(o, "time_per_request_sec", 1 / j.requestThroughput());
            Views.num(o, "success_rate_pct", j.successRate() * 100);
            Views.num(o, "avg_prompt_tokens", e.metric(Metric.INPUT_TOKENS).mean());
            Views.num(o, "avg_completion_tokens", e.metric(Metric.OUTPUT_TOKENS).mean());
            o.put("benchmark_type", e.run().workload());
            o.put("created_at", e.run().startedAt().getEpochSecond());
        }
        ObjectNode body = views.object();
        body.put("model", model);
        body.set("benchmarks", a);
        body.put("total", a.size());
        return Reply.ok(body);
    }

    private Reply estimate(Params q) {
        String model = q.text("model");
        long n = requests(q);
        StoredRun latest = store.runs(RunQuery.builder().model(model).page(0, 1).build()).stream().findFirst()
                .orElseThrow(() -> unknownModel(model));
        JobStats j = latest.result().job();
        double rate = j.requestThroughput();
        if (!(rate > 0)) {
            throw new ApiException(422, "model", "model '" + Views.shorten(model) + "' must have a latest run with completed requests "
                    + "to estimate from, but run " + latest.id() + " completed none");
        }
        double seconds = n / rate;
        ObjectNode body = views.object();
        body.put("model", model);
        body.put("num_requests", n);
        ObjectNode e = body.putObject("estimate");
        e.put("total_time_seconds", seconds);
        e.put("total_time_hours", seconds / 3600);
        e.put("total_time_days", seconds / 86400);
        e.put("rate_req_per_sec", rate);
        e.put("time_per_request_sec", 1 / rate);
        ObjectNode b = body.putObject("based_on_benchmark");
        b.put("id", latest.id());
        b.put("test_size", j.requests());
        workers(b, latest.result());
        b.put("traffic_mode", latest.result().run().traffic().mode().csvName());
        b.put("traffic_level", latest.result().run().traffic().level());
        Views.num(b, "success_rate_pct", j.successRate() * 100);
        b.put("date", latest.result().run().startedAt().getEpochSecond());
        return Reply.ok(body);
    }

    private Reply compare(Params q) {
        long n = requests(q);
        record Row(String model, EndpointResult latest, double rate) {
        }
        List<Row> rows = new ArrayList<>();
        ArrayNode skipped = views.array();
        for (ModelSummary m : storeApi.modelSummaries()) {
            EndpointResult r = m.latest().result();
            double rate = r.job().requestThroughput();
            if (rate > 0) {
                rows.add(new Row(m.model(), r, rate));
            } else {
                ObjectNode s = skipped.addObject();
                s.put("model", m.model());
                s.put("reason", "latest run " + m.latest().id() + " completed no request");
            }
        }
        rows.sort(Comparator.comparingDouble(Row::rate).reversed());
        double slowestHours = rows.isEmpty() ? 0 : n / rows.get(rows.size() - 1).rate() / 3600;
        double slowestRate = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).rate();
        ArrayNode a = views.array();
        for (Row r : rows) {
            double hours = n / r.rate() / 3600;
            ObjectNode o = a.addObject();
            o.put("model", r.model());
            o.put("rate_req_per_sec", r.rate());
            o.put("estimated_time_hours", hours);
            o.put("estimated_time_days", hours / 24);
            Views.num(o, "success_rate_pct", r.latest().job().successRate() * 100);
            workers(o, r.latest());
            o.put("speedup_vs_slowest", r.rate() / slowestRate);
            o.put("time_saved_hours", slowestHours - hours);
        }
        ObjectNode body = views.object();
        body.put("num_requests", n);
        body.set("models", a);
        body.put("total_models", a.size());
        body.set("skipped", skipped);
        return Reply.ok(body);
    }

    private Reply upload(Call c, Params q) throws IOException {
        boolean all = q.choice("mode", "all", Set.of("all", "skip")).equals("all");
        UploadedFile f = c.file("file");
        byte[] csv;
        try (InputStream in = f.content()) {
            csv = StoreApi.readUpload(in, f.size());
        }
        Reply r = storeApi.importCsv(all, csv);
        JsonNode b = r.body();
        ObjectNode o = views.object();
        o.put("success", r.status() == 201);
        o.put("file", f.filename());
        o.put("benchmark_id", b.path("upload").asText(null));
        o.put("rows_inserted", b.path("imported").asInt(0));
        o.set("run_ids", b.has("runIds") ? b.get("runIds") : views.array());
        if (b.has("error")) {
            o.put("error", b.get("error").asText());
        }
        o.set("problems", b.get("problems"));
        return new Reply(r.status(), o);
    }

    private ArrayNode modelSummaries() {
        {
            ArrayNode a = views.array();
            for (ModelSummary m : storeApi.modelSummaries()) {
                List<StoredRun> runs = storeApi.runsOf(m.model());
                ObjectNode o = a.addObject();
                o.put("provider_model", m.model());
                o.put("num_benchmarks", groups(runs).size());
                o.put("num_runs", runs.size());
                range(o.putObject("input_token_range"), runs, Metric.INPUT_TOKENS);
                range(o.putObject("output_token_range"), runs, Metric.OUTPUT_TOKENS);
            }
            return a;
        }
    }

    private static void range(ObjectNode o, List<StoredRun> runs, Metric m) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (StoredRun r : runs) {
            double v = r.result().metric(m).mean();
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        Views.num(o, "min", min);
        Views.num(o, "max", max);
    }

    /** A model's runs by benchmark id (upload label, or run id), newest benchmark first. */
    private static Map<String, List<StoredRun>> groups(List<StoredRun> runs) {
        Map<String, List<StoredRun>> g = new LinkedHashMap<>();
        for (StoredRun r : runs) {
            g.computeIfAbsent(benchmarkId(r), k -> new ArrayList<>()).add(r);
        }
        return g;
    }

    private static String benchmarkId(StoredRun r) {
        return r.result().run().labels().getOrDefault(StoreApi.UPLOAD_LABEL, r.id());
    }

    private ArrayNode benchmarks(String model) {
        List<StoredRun> runs = store.runs(RunQuery.ofModel(model));
        if (runs.isEmpty()) {
            throw unknownModel(model);
        }
        ArrayNode a = views.array();
        groups(runs).forEach((id, group) -> {
            ObjectNode o = a.addObject();
            o.put("benchmark_id", id);
            o.put("upload_date", uploadDate(group).toString());
            o.put("provider_model", model);
            o.put("num_runs", group.size());
            Views.num(o, "avg_input_tokens", group.stream().mapToDouble(r -> r.result().metric(Metric.INPUT_TOKENS).mean()).average().orElse(Double.NaN));
            Views.num(o, "avg_output_tokens", group.stream().mapToDouble(r -> r.result().metric(Metric.OUTPUT_TOKENS).mean()).average().orElse(Double.NaN));
        });
        return a;
    }

    private static Instant uploadDate(List<StoredRun> group) {
        return group.stream().map(StoredRun::savedAt).min(Comparator.naturalOrder()).orElseThrow();
    }

    /** The runs of a benchmark: an upload's rows, or the one run with that id. */
    private List<StoredRun> benchmark(String id) {
        List<StoredRun> runs = store.runs(RunQuery.builder().label(StoreApi.UPLOAD_LABEL, id).build());
        if (runs.isEmpty()) {
            runs = store.find(id).map(List::of).orElse(List.of());
        }
        if (runs.isEmpty()) {
            throw ApiException.notFound("benchmark id must be one of an upload or a stored run, but '" + Views.shorten(id) + "' is neither");
        }
        return runs;
    }

    private ArrayNode rows(String id) {
        ArrayNode a = views.array();
        for (StoredRun r : benchmark(id)) {
            ObjectNode o = a.addObject();
            o.put("benchmark_id", benchmarkId(r));
            o.put("run_id", r.id());
            o.put("upload_date", r.savedAt().toString());
            List<String> cells = SummaryCsv.cells(r.result());
            for (int i = 0; i < cells.size(); i++) {
                cell(o, SummaryCsv.COLUMNS.get(i), cells.get(i));
            }
        }
        return a;
    }

    /** The summary CSV columns that hold text; every other column holds a number. */
    static boolean textColumn(String column) {
        return column.endsWith("_distribution") || Set.of("provider_name", "provider_model", "traffic_mode", "hf_dataset_name")
                .contains(column);
    }

    /** A CSV cell as JSON: empty or not a finite number (in a number column) is null. */
    private static void cell(ObjectNode o, String column, String v) {
        if (v.isEmpty()) {
            o.putNull(column);
        } else if (textColumn(column)) {
            o.put(column, v);
        } else {
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
            Views.num(o, column, d);
        }
    }

    private ObjectNode delete(String id) {
        List<String> ids = benchmark(id).stream().map(StoredRun::id).toList();
        int n = storeApi.deleteAll(ids);
        ObjectNode o = views.object();
        o.put("success", true);
        o.put("deleted", n);
        return o;
    }

    private static long requests(Params q) {
        if (!q.has("num_requests")) {
            throw ApiException.badRequest("num_requests", "num_requests must be a whole number >= 1, but was missing");
        }
        return q.integer("num_requests", 1, 1, Long.MAX_VALUE / 2);
    }

    private static void workers(ObjectNode o, EndpointResult r) {
        workersAs(o, "workers", r);
    }

    /** The concurrency of a closed-loop (or sequential) run; null for a run at a request rate. */
    private static void workersAs(ObjectNode o, String field, EndpointResult r) {
        Traffic t = r.run().traffic();
        if (t.mode() == Traffic.Mode.RATE) {
            o.putNull(field);
        } else {
            o.put(field, t.mode() == Traffic.Mode.SEQUENTIAL ? 1 : t.level());
        }
    }

    private static ApiException unknownModel(String model) {
        return ApiException.notFound("model must be one with stored runs, but '" + Views.shorten(model) + "' has none");
    }
}
