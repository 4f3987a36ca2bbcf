package io.llmbench.examples.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.report.CsvFormatException;
import io.llmbench.report.CsvProblem;
import io.llmbench.report.ImportMode;
import io.llmbench.report.ImportOptions;
import io.llmbench.report.ImportResult;
import io.llmbench.report.SummaryCsv;
import io.llmbench.store.ModelSummary;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Browsing the store: models, runs, one run, delete, summary CSV upload. Thread-safe. */
final class StoreApi {
    private final ResultStore store;
    private final Fits fits;
    private final Views views;
    private final Clock clock;

    StoreApi(ResultStore store, Fits fits, Views views, Clock clock) {
        this.store = store;
        this.fits = fits;
        this.views = views;
        this.clock = clock;
    }

    /** {@code GET /api/models}: every model with its run count and latest run. */
    Reply models() {
        ArrayNode a = views.array();
        for (ModelSummary m : store.models()) {
            ObjectNode o = a.addObject();
            o.put("model", m.model());
            o.put("runs", m.runCount());
            o.set("latest", views.runSummary(m.latest()));
        }
        ObjectNode body = views.object();
        body.set("models", a);
        return Reply.ok(body);
    }

    /** {@code GET /api/runs?model=&offset=&limit=}: runs, newest first. */
    Reply runs(Params q) {
        RunQuery.Builder b = RunQuery.builder();
        q.optionalText("model").ifPresent(b::model);
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

    /** {@code GET /api/runs/{id}}. */
    Reply run(String id) {
        StoredRun r = store.find(id).orElseThrow(() -> ApiException.notFound("run id must be one of a stored run, but '" + id + "' is not"));
        return Reply.ok(views.runDetail(r));
    }

    /** {@code DELETE /api/runs/{id}}. */
    Reply delete(String id) {
        if (!store.delete(id)) {
            throw ApiException.notFound("run id must be one of a stored run, but '" + id + "' is not");
        }
        fits.invalidate();
        return Reply.noContent();
    }

    /**
     * {@code POST /api/runs/import?mode=all|skip} with a summary CSV body: all rows in one
     * transaction, or (mode {@code skip}) the good rows with the bad ones reported.
     */
    Reply importCsv(Params q, byte[] body) {
        String mode = q.choice("mode", "all", Set.of("all", "skip"));
        ImportOptions options = ImportOptions.custom()
                .mode(mode.equals("all") ? ImportMode.ALL_OR_NOTHING : ImportMode.SKIP_AND_REPORT)
                .startedAt(clock.instant())
                .build();
        ImportResult<EndpointResult> read;
        try (Reader in = new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            read = SummaryCsv.read(in, options);
        } catch (CsvFormatException e) {
            ObjectNode err = views.object();
            err.put("status", 400);
            err.put("error", "summary CSV has " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s")
                    + "; nothing was imported");
            err.set("problems", problems(e.problems()));
            return new Reply(400, err);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest(null, "request body could not be read as UTF-8 CSV: " + e.getMessage());
        }
        List<String> ids = read.rows().isEmpty() ? List.of() : store.save(new BenchmarkResult(read.rows(), List.of()));
        fits.invalidate();
        ObjectNode o = views.object();
        o.put("imported", ids.size());
        ArrayNode idArray = o.putArray("runIds");
        ids.forEach(idArray::add);
        o.set("problems", problems(read.problems()));
        return new Reply(ids.isEmpty() && !read.problems().isEmpty() ? 400 : 201, o);
    }

    private ArrayNode problems(List<CsvProblem> problems) {
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
