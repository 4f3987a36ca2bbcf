package io.llmbench.examples.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.model.Comparison;
import io.llmbench.model.Measure;
import io.llmbench.model.Point;
import io.llmbench.model.PredictedValue;
import io.llmbench.model.Prediction;
import io.llmbench.model.Ranked;
import io.llmbench.model.TimeEstimate;
import io.llmbench.store.StoredRun;
import java.util.List;
import java.util.Map;

/**
 * Turns results into the service's JSON. Numbers that are not finite (NaN for "no samples") become
 * {@code null}, so every response is strict JSON. Times in milliseconds, rates per second, as in
 * the library. Thread-safe (stateless apart from the thread-safe mapper).
 */
final class Views {
    private final ObjectMapper mapper;

    Views(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A 200 reply with its body encoded once, for the cache. */
    Reply encoded(JsonNode body) {
        try {
            return new Reply(200, body, mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response must be writable as JSON, but was not: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON text (e.g. the report's chart data) as a tree. */
    JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report's chart data must be JSON, but was not: " + e.getOriginalMessage(), e);
        }
    }

    /** Shortens a client-supplied text for a message. */
    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The result under another endpoint name, e.g. to tell two runs of one endpoint apart in a chart. */
    static EndpointResult renamed(EndpointResult r, String name) {
        Deployment d = r.deployment();
        return new EndpointResult(new Deployment(name, d.provider(), d.model(), d.baseUrl(), d.hardware(), d.gpuCount(), d.engine(),
                d.quantization(), d.contextWindow(), d.modelSize(), d.labels()), r.run(), r.job(), r.metrics(), r.records(), r.warnings(),
                r.serverMetrics());
    }

    /** One request record: what the run detail's table shows. Times in milliseconds from the run's start. */
    ObjectNode record(RequestRecord r) {
        ObjectNode o = object();
        o.put("sequence", r.sequence());
        o.put("prompt", r.prompt().id());
        o.put("category", r.prompt().category());
        o.put("startedAt", java.time.Instant.ofEpochMilli(r.startEpochMillis()).toString());
        num(o, "sentMs", r.sentNanos() / 1e6);
        num(o, "ttftMs", r.ttftMillis());
        num(o, "e2eMs", r.e2eMillis());
        num(o, "tpotMs", r.tpotMillis());
        num(o, "scheduleLagMs", r.scheduleLagMillis());
        o.put("inputTokens", r.inputTokens());
        o.put("outputTokens", r.outputTokens());
        o.put("chunks", r.contentChunks());
        o.put("ok", r.ok());
        o.put("httpStatus", r.httpStatus());
        o.put("failure", r.failure() == null ? null : r.failure().name());
        o.put("error", r.error());
        return o;
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    ArrayNode array() {
        return mapper.createArrayNode();
    }

    static void num(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    /** A run without its metrics' details: what lists show. */
    ObjectNode runSummary(StoredRun r) {
        EndpointResult e = r.result();
        ObjectNode o = object();
        o.put("id", r.id());
        o.put("savedAt", r.savedAt().toString());
        o.set("deployment", deployment(e.deployment()));
        o.set("run", runInfo(e.run()));
        o.set("job", job(e.job()));
        ObjectNode key = o.putObject("keyMetrics");
        for (Metric m : List.of(Metric.TTFT, Metric.TPOT, Metric.E2E, Metric.USER_TPS)) {
            MetricStats s = e.metric(m);
            ObjectNode k = key.putObject(m.key());
            num(k, "mean", s.mean());
            num(k, "p50", s.p50());
            num(k, "p95", s.p95());
            k.put("unit", m.unit().symbol());
        }
        return o;
    }

    /** A run with every metric's statistics and its warnings. */
    ObjectNode runDetail(StoredRun r) {
        ObjectNode o = runSummary(r);
        o.remove("keyMetrics");
        o.put("recordCount", r.recordCount());
        ObjectNode metrics = o.putObject("metrics");
        for (Map.Entry<Metric, MetricStats> e : r.result().metrics().entrySet()) {
            metrics.set(e.getKey().key(), stats(e.getValue()));
        }
        ArrayNode w = o.putArray("warnings");
        r.result().warnings().forEach(w::add);
        return o;
    }

    ObjectNode stats(MetricStats s) {
        ObjectNode o = object();
        o.put("unit", s.metric().unit().symbol());
        o.put("count", s.count());
        num(o, "mean", s.mean());
        num(o, "stdev", s.stdev());
        num(o, "min", s.min());
        num(o, "max", s.max());
        num(o, "p05", s.p05());
        num(o, "p50", s.p50());
        num(o, "p80", s.p80());
        num(o, "p95", s.p95());
        num(o, "p99", s.p99());
        num(o, "p999", s.p999());
        o.put("hasHistogram", s.hasHistogram());
        return o;
    }

    ObjectNode deployment(Deployment d) {
        ObjectNode o = object();
        o.put("name", d.name());
        o.put("provider", d.provider());
        o.put("model", d.model());
        o.put("baseUrl", d.baseUrl());
        o.put("hardware", d.hardware());
        o.put("gpuCount", d.gpuCount());
        o.put("engine", d.engine());
        o.put("quantization", d.quantization());
        ObjectNode labels = o.putObject("labels");
        d.labels().forEach(labels::put);
        return o;
    }

    ObjectNode runInfo(RunInfo r) {
        ObjectNode o = object();
        o.put("trafficMode", r.traffic().mode().csvName());
        o.put("trafficLevel", r.traffic().level());
        o.put("workload", r.workload());
        o.put("cellKey", r.cellKey());
        o.put("startedAt", r.startedAt().toString());
        o.put("finishedAt", r.finishedAt().toString());
        o.put("notes", r.notes());
        ObjectNode labels = o.putObject("labels");
        r.labels().forEach(labels::put);
        return o;
    }

    ObjectNode job(JobStats j) {
        ObjectNode o = object();
        num(o, "durationSeconds", j.durationSeconds());
        o.put("requests", j.requests());
        o.put("succeeded", j.succeeded());
        o.put("failed", j.failed());
        num(o, "successRate", j.successRate());
        ObjectNode f = o.putObject("failures");
        j.failures().forEach((k, v) -> f.put(k.name(), v));
        o.put("inputTokens", j.inputTokens());
        o.put("outputTokens", j.outputTokens());
        num(o, "requestThroughput", j.requestThroughput());
        num(o, "outputTokenThroughput", j.outputTokenThroughput());
        num(o, "goodput", j.goodput());
        return o;
    }

    ObjectNode point(Point p) {
        ObjectNode o = object();
        o.put("inputTokens", p.inputTokens());
        o.put("outputTokens", p.outputTokens());
        if (p.traffic() != null) {
            o.put(p.traffic().mode() == io.llmbench.core.Traffic.Mode.RATE ? "rate" : "concurrency", p.traffic().level());
        }
        return o;
    }

    ObjectNode prediction(String model, String predictor, int runs, Prediction p, String nearest) {
        ObjectNode o = object();
        o.put("model", model);
        o.set("point", point(p.point()));
        o.put("predictor", predictor);
        o.put("runs", runs);
        o.put("confidence", p.confidence().name());
        o.put("reason", p.reason());
        if (p.saturation() != null) {
            o.put("saturated", p.saturation().saturated());
            num(o, "capacityRequestsPerSecond", p.saturation().capacity());
        }
        o.put("level", p.level());
        o.put("nearestRun", nearest);
        ObjectNode values = o.putObject("values");
        for (PredictedValue v : p.values().values()) {
            ObjectNode x = values.putObject(v.measure().key());
            num(x, "value", v.value());
            num(x, "lower", v.lower());
            num(x, "upper", v.upper());
            x.put("unit", v.measure().unitSymbol());
            x.put("confidence", v.confidence().name());
        }
        return o;
    }

    ObjectNode estimate(TimeEstimate t) {
        ObjectNode o = object();
        o.put("model", t.name());
        o.put("requests", t.job().requests());
        num(o, "seconds", t.seconds());
        num(o, "hours", t.hours());
        num(o, "days", t.days());
        num(o, "requestsPerSecond", t.requestsPerSecond());
        num(o, "latencyMs", t.latencyMillis());
        num(o, "outputTokensPerSecond", t.outputTokensPerSecond());
        o.put("confidence", t.confidence().name());
        o.put("basis", t.basis());
        if (t.saturation() != null) {
            o.put("saturated", t.saturation().saturated());
        }
        t.costEstimate().ifPresent(c -> {
            ObjectNode cost = o.putObject("cost");
            num(cost, "perJob", c.perJob());
            num(cost, "perMillionOutputTokens", c.perMillionOutputTokens());
            num(cost, "perMillionTokens", c.perMillionTokens());
        });
        return o;
    }

    ObjectNode comparison(Comparison c) {
        ObjectNode o = estimate(c.estimate());
        o.put("rank", c.rank());
        num(o, "speedUpVsSlowest", c.speedUpVsSlowest());
        num(o, "secondsSavedVsSlowest", c.secondsSavedVsSlowest());
        return o;
    }

    ArrayNode ranking(Measure m, List<Ranked> rows) {
        ArrayNode a = array();
        for (Ranked r : rows) {
            ObjectNode o = a.addObject();
            o.put("rank", r.rank());
            o.put("model", r.name());
            num(o, "value", r.value());
            o.put("unit", m.unitSymbol());
        }
        return a;
    }
}
