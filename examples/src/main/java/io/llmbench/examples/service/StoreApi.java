package io.llmbench.examples.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.report.CsvFormatException;
import io.llmbench.report.CsvProblem;
import io.llmbench.report.HtmlReport;
import io.llmbench.report.ImportMode;
import io.llmbench.report.ImportOptions;
import io.llmbench.report.ImportResult;
import io.llmbench.report.SummaryCsv;
import io.llmbench.store.ModelSummary;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Browsing the store: models, runs, one run with its request records and charts, delete, summary
 * CSV upload. Model lists are cached until the next write. Thread-safe.
 */
final class StoreApi {
    /** The run label that ties the rows of one uploaded CSV together (the seed tools' "benchmark"). */
    static final String UPLOAD_LABEL = "upload";
    /** Most runs one chart request may name. */
    static final int MAX_CHART_RUNS = 8;

    private final ResultStore store;
    private final Cache cache;
    private final Views views;
    private final Clock clock;

    StoreApi(ResultStore store, Cache cache, Views views, Clock clock) {
        this.store = store;
        this.cache = cache;
        this.views = views;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/models").tag("runs").summary("Every model with its run count and latest run")
                        .ok("Models").handler(c -> {
                            c.query();
                            return cache.get("reply /api/models", () -> views.encoded(models()));
                        }),
                Route.get("/api/runs").tag("runs").summary("Runs, newest first, optionally of one model or deployment")
                        .query("model", "string", "only runs of this model")
                        .query("endpoint", "string", "only runs of this endpoint (deployment) name")
                        .query("hardware", "string", "only runs on this hardware label")
                        .query("engine", "string", "only runs of this serving engine")
                        .query("offset", "integer", "runs to skip; default 0")
                        .query("limit", "integer", "runs to return, 1 to 1000; default 100")
                        .ok("Runs").handler(c -> runs(c.query())),
                Route.get("/api/runs/{id}").tag("runs").summary("One run with every metric's statistics")
                        .pathParam("id", "the run's id").ok("RunDetail")
                        .response(404, "no run has that id", "Error").handler(c -> Reply.ok(views.runDetail(find(c.path("id"))))),
                Route.delete("/api/runs/{id}").tag("runs").summary("Deletes a run and its request records")
                        .pathParam("id", "the run's id").response(204, "deleted", null)
                        .response(404, "no run has that id", "Error").handler(c -> delete(c.path("id"))),
                Route.get("/api/runs/{id}/records").tag("runs").summary("A page of a run's request records, in send order")
                        .pathParam("id", "the run's id")
                        .query("offset", "integer", "records to skip; default 0")
                        .query("limit", "integer", "records to return, 1 to 1000; default 100")
                        .ok("Records").response(404, "no run has that id", "Error").handler(c -> records(c.path("id"), c.query())),
                Route.get("/api/charts").tag("runs").summary("The HTML report's charts for one or more runs, as data for its chart script")
                        .requiredQuery("runs", "string", "run ids separated by commas, at most " + MAX_CHART_RUNS)
                        .ok("Charts").response(404, "a run id is unknown", "Error").handler(c -> charts(c.query())),
                Route.post("/api/runs/import").tag("runs").summary("Imports the rows of a benchmark summary CSV as runs")
                        .description("mode=all (default) imports every row in one transaction or nothing; mode=skip imports the "
                                + "good rows and reports the bad ones with their line and column.")
                        .query("mode", "string", "all or skip; default all")
                        .body("text/csv", "SummaryCsv", BenchService.MAX_CSV_BYTES)
                        .response(201, "imported", "ImportResult")
                        .response(400, "the CSV has problems; nothing (mode=all) or only good rows (mode=skip) were imported", "ImportProblems")
                        .handler(c -> {
                            Params q = c.query();
                            return importCsv(q.choice("mode", "all", Set.of("all", "skip")).equals("all"), c.body());
                        }));
    }

    /** Every model with its run count and latest run. */
    private ObjectNode models() {
        ArrayNode a = views.array();
        for (ModelSummary m : modelSummaries()) {
            ObjectNode o = a.addObject();
            o.put("model", m.model());
            o.put("runs", m.runCount());
            o.set("latest", views.runSummary(m.latest()));
        }
        ObjectNode body = views.object();
        body.set("models", a);
        return body;
    }

    /**
     * Every run without its records, by model, newest first; cached until the next write. One query
     * serves every model's fits, rankings and seed listings.
     */
    Map<String, List<StoredRun>> runsByModel() {
        return cache.get("runs-by-model", () -> {
            Map<String, List<StoredRun>> m = new java.util.TreeMap<>();
            for (StoredRun r : store.runs(RunQuery.all())) {
                m.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r);
            }
            return m;
        });
    }

    /** A model's runs, newest first (empty when it has none); cached until the next write. */
    List<StoredRun> runsOf(String model) {
        return runsByModel().getOrDefault(model, List.of());
    }

    /** The store's model summaries; cached until the next write. */
    List<ModelSummary> modelSummaries() {
        return cache.get("models", store::models);
    }

    private Reply runs(Params q) {
        RunQuery.Builder b = RunQuery.builder();
        q.optionalText("model").ifPresent(b::model);
        q.optionalText("endpoint").ifPresent(b::endpoint);
        q.optionalText("hardware").ifPresent(b::hardware);
        q.optionalText("engine").ifPresent(b::engine);
        int offset = (int) q.integer("offset", 0, 0, Integer.MAX_VALUE);
        int limit = (int) q.integer("limit", 100, 1, 1000);
        RunQuery query = b.page(offset, limit).build();
        ArrayNode a = views.array();
        for (StoredRun r : store.runs(query)) {
            a.add(views.runSummary(r));
        }
        ObjectNode body = views.object();
        body.put("total", store.count(query));
        body.put("offset", offset);
        body.put("limit", limit);
        body.set("runs", a);
        return Reply.ok(body);
    }

    StoredRun find(String id) {
        return store.find(id).orElseThrow(() -> unknownRun(id));
    }

    static ApiException unknownRun(String id) {
        return ApiException.notFound("run id must be one of a stored run, but '" + Views.shorten(id) + "' is not");
    }

    private Reply delete(String id) {
        if (!store.delete(id)) {
            throw unknownRun(id);
        }
        cache.invalidate();
        return Reply.noContent();
    }

    /** Deletes runs; returns how many existed. */
    int deleteAll(List<String> ids) {
        int n = 0;
        for (String id : ids) {
            if (store.delete(id)) {
                n++;
            }
        }
        cache.invalidate();
        return n;
    }

    private Reply records(String id, Params q) {
        StoredRun run = find(id);
        int offset = (int) q.integer("offset", 0, 0, Integer.MAX_VALUE);
        int limit = (int) q.integer("limit", 100, 1, 1000);
        ArrayNode a = views.array();
        try (Stream<RequestRecord> s = store.records(id)) {
            s.skip(offset).limit(limit).forEach(r -> a.add(views.record(r)));
        }
        ObjectNode body = views.object();
        body.put("total", run.recordCount());
        body.put("offset", offset);
        body.put("limit", limit);
        body.set("records", a);
        return Reply.ok(body);
    }

    private Reply charts(Params q) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : q.text("runs").split(",")) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
        if (ids.isEmpty() || ids.size() > MAX_CHART_RUNS) {
            throw ApiException.badRequest("runs", "runs must name 1 to " + MAX_CHART_RUNS + " run ids separated by commas, but named "
                    + ids.size());
        }
        List<EndpointResult> results = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String id : ids) {
            EndpointResult r = store.findWithRecords(id).orElseThrow(() -> unknownRun(id)).result();
            // the report keys series by endpoint name: two runs of one endpoint get their traffic added
            String name = r.name();
            int n = seen.merge(name, 1, Integer::sum);
            if (ids.size() > 1) {
                name = name + " · " + r.run().traffic() + (n > 1 ? " #" + n : "");
            }
            results.add(Views.renamed(r, name));
        }
        ObjectNode body = views.object();
        body.set("charts", views.parse(HtmlReport.builder().endpoints(results).build().chartsJson()));
        return Reply.ok(body);
    }

    /**
     * Imports a summary CSV: every row in one transaction, or (not {@code allOrNothing}) the good
     * rows with the bad ones reported. The rows of one import share an {@value #UPLOAD_LABEL} label.
     */
    Reply importCsv(boolean allOrNothing, byte[] body) {
        ImportOptions options = ImportOptions.custom()
                .mode(allOrNothing ? ImportMode.ALL_OR_NOTHING : ImportMode.SKIP_AND_REPORT)
                .startedAt(clock.instant())
                .build();
        ImportResult<EndpointResult> read;
        try (Reader in = new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            read = SummaryCsv.read(in, options);
        } catch (CsvFormatException e) {
            ObjectNode err = views.object();
            err.put("status", 400);
            err.put("error", "summary CSV has " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s")
                    + "; nothing was imported");
            err.set("problems", problems(e.problems()));
            return new Reply(400, err);
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(null, "request body must be a UTF-8 CSV, but has bytes that are not UTF-8");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw ApiException.badRequest(null, "request body must be a UTF-8 CSV, but could not be read: " + e.getMessage());
        }
        String upload = UUID.randomUUID().toString();
        List<EndpointResult> rows = read.rows().stream().map(r -> labelled(r, upload)).toList();
        List<String> ids = rows.isEmpty() ? List.of() : store.save(new BenchmarkResult(rows, List.of()));
        cache.invalidate();
        ObjectNode o = views.object();
        o.put("imported", ids.size());
        o.put("upload", ids.isEmpty() ? null : upload);
        ArrayNode idArray = o.putArray("runIds");
        ids.forEach(idArray::add);
        o.set("problems", problems(read.problems()));
        return new Reply(ids.isEmpty() && !read.problems().isEmpty() ? 400 : 201, o);
    }

    private static EndpointResult labelled(EndpointResult r, String upload) {
        RunInfo i = r.run();
        Map<String, String> labels = new HashMap<>(i.labels());
        labels.put(UPLOAD_LABEL, upload);
        return new EndpointResult(r.deployment(), new RunInfo(i.traffic(), i.workload(), labels, i.notes(), i.cellKey(),
                i.startedAt(), i.finishedAt()), r.job(), r.metrics(), r.records(), r.warnings(), r.serverMetrics());
    }

    /** Reads an uploaded file's bytes within the CSV limit. */
    static byte[] readUpload(InputStream in, long declaredSize) throws IOException {
        if (declaredSize > BenchService.MAX_CSV_BYTES) {
            throw ApiException.tooLarge(BenchService.MAX_CSV_BYTES);
        }
        byte[] b = in.readNBytes(BenchService.MAX_CSV_BYTES + 1);
        if (b.length > BenchService.MAX_CSV_BYTES) {
            throw ApiException.tooLarge(BenchService.MAX_CSV_BYTES);
        }
        return b;
    }

    ArrayNode problems(List<CsvProblem> problems) {
        ArrayNode a = views.array();
        for (CsvProblem p : problems) {
            ObjectNode o = a.addObject();
            o.put("line", p.line());
            o.put("column", p.column());
            o.put("rule", p.rule());
            o.put("value", p.value());
            o.put("message", p.message());
        }
        return a;
    }
}
