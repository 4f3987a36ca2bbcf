package io.llmbench.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads version 1 of the export (camelCase fields, metrics as a list, written before the store
 * and the report shared one run encoding), so exports made by earlier versions still import.
 * Nothing writes this version any more.
 */
final class RunJsonV1 {
    private RunJsonV1() {
    }

    static RunJson.ImportedRun run(long line, Map<String, JsonNode> f, List<RequestRecord> records) {
        String id = RunJson.id(text(f.get("id"), "id", true));
        Instant savedAt = instant(f.get("savedAt"), "savedAt");

        JsonNode d = object(f.get("deployment"), "deployment");
        Deployment deployment = new Deployment(text(d.get("name"), "deployment.name", true),
                text(d.get("provider"), "deployment.provider", false), text(d.get("model"), "deployment.model", true),
                text(d.get("baseUrl"), "deployment.baseUrl", false), text(d.get("hardware"), "deployment.hardware", false),
                (int) integer(d.get("gpuCount"), "deployment.gpuCount"), text(d.get("engine"), "deployment.engine", false),
                text(d.get("quantization"), "deployment.quantization", false),
                (int) integer(d.get("contextWindow"), "deployment.contextWindow"),
                text(d.get("modelSize"), "deployment.modelSize", false), labels(d.get("labels"), "deployment.labels"));

        JsonNode r = object(f.get("run"), "run");
        Traffic traffic = new Traffic(constant(Traffic.Mode.class, text(r.get("trafficMode"), "run.trafficMode", true), "run.trafficMode"),
                real(r.get("trafficLevel"), "run.trafficLevel"));
        RunInfo run = new RunInfo(traffic, text(r.get("workload"), "run.workload", true), labels(r.get("labels"), "run.labels"),
                text(r.get("notes"), "run.notes", false), text(r.get("cellKey"), "run.cellKey", false),
                instant(r.get("startedAt"), "run.startedAt"), instant(r.get("finishedAt"), "run.finishedAt"));

        JsonNode j = object(f.get("job"), "job");
        Map<FailureKind, Long> failures = new EnumMap<>(FailureKind.class);
        object(j.get("failures"), "job.failures").fields().forEachRemaining(e ->
                failures.put(constant(FailureKind.class, e.getKey(), "job.failures key"), integer(e.getValue(), "job.failures." + e.getKey())));
        Map<TokenSource, Long> sources = new EnumMap<>(TokenSource.class);
        object(j.get("outputTokenSources"), "job.outputTokenSources").fields().forEachRemaining(e ->
                sources.put(constant(TokenSource.class, e.getKey(), "job.outputTokenSources key"), integer(e.getValue(), "job.outputTokenSources." + e.getKey())));
        JobStats job = new JobStats(real(j.get("durationSeconds"), "job.durationSeconds"), integer(j.get("requests"), "job.requests"),
                integer(j.get("succeeded"), "job.succeeded"), integer(j.get("failed"), "job.failed"), failures,
                integer(j.get("inputTokens"), "job.inputTokens"), integer(j.get("outputTokens"), "job.outputTokens"),
                real(j.get("requestThroughput"), "job.requestThroughput"),
                real(j.get("outputTokenThroughput"), "job.outputTokenThroughput"),
                real(j.get("totalTokenThroughput"), "job.totalTokenThroughput"),
                real(j.get("peakOutputTokensPerSecond"), "job.peakOutputTokensPerSecond"),
                integer(j.get("goodRequests"), "job.goodRequests"), real(j.get("goodput"), "job.goodput"),
                integer(j.get("lateSends"), "job.lateSends"), sources);

        Map<Metric, MetricStats> metrics = new EnumMap<>(Metric.class);
        JsonNode ms = array(f.get("metrics"), "metrics");
        for (int i = 0; i < ms.size(); i++) {
            JsonNode m = ms.get(i);
            String at = "metrics[" + i + "].";
            MetricStats s = new MetricStats(Metric.ofKey(text(m.get("metric"), at + "metric", true)),
                    integer(m.get("count"), at + "count"), real(m.get("mean"), at + "mean"), real(m.get("stdev"), at + "stdev"),
                    real(m.get("min"), at + "min"), real(m.get("max"), at + "max"), real(m.get("p05"), at + "p05"),
                    real(m.get("p50"), at + "p50"), real(m.get("p80"), at + "p80"), real(m.get("p95"), at + "p95"),
                    real(m.get("p99"), at + "p99"), real(m.get("p999"), at + "p999"),
                    text(m.get("histogram"), at + "histogram", false));
            metrics.put(s.metric(), s);
        }
        List<String> warnings = new ArrayList<>();
        JsonNode ws = array(f.get("warnings"), "warnings");
        for (int i = 0; i < ws.size(); i++) {
            warnings.add(text(ws.get(i), "warnings[" + i + "]", true));
        }
        return new RunJson.ImportedRun(line, id, savedAt, new EndpointResult(deployment, run, job, metrics, records, warnings));
    }

    static RequestRecord record(JsonNode n, String at) {
        JsonNode p = object(n.get("prompt"), at + ".prompt");
        JsonNode gaps = array(n.get("itlMicros"), at + ".itlMicros");
        int[] itl = new int[gaps.size()];
        for (int i = 0; i < itl.length; i++) {
            itl[i] = (int) integer(gaps.get(i), at + ".itlMicros[" + i + "]");
        }
        String failure = text(n.get("failure"), at + ".failure", false);
        return new RequestRecord(text(n.get("endpoint"), at + ".endpoint", true), integer(n.get("sequence"), at + ".sequence"),
                new PromptInfo(text(p.get("id"), at + ".prompt.id", true), text(p.get("category"), at + ".prompt.category", false),
                        text(p.get("length"), at + ".prompt.length", false),
                        text(p.get("complexity"), at + ".prompt.complexity", false)),
                integer(n.get("startEpochMillis"), at + ".startEpochMillis"),
                integer(n.get("scheduledNanos"), at + ".scheduledNanos"), integer(n.get("sentNanos"), at + ".sentNanos"),
                integer(n.get("firstChunkNanos"), at + ".firstChunkNanos"), integer(n.get("ttftNanos"), at + ".ttftNanos"),
                integer(n.get("e2eNanos"), at + ".e2eNanos"), integer(n.get("endNanos"), at + ".endNanos"),
                (int) integer(n.get("contentChunks"), at + ".contentChunks"), itl,
                (int) integer(n.get("inputTokens"), at + ".inputTokens"),
                constant(TokenSource.class, text(n.get("inputSource"), at + ".inputSource", true), at + ".inputSource"),
                (int) integer(n.get("outputTokens"), at + ".outputTokens"),
                constant(TokenSource.class, text(n.get("outputSource"), at + ".outputSource", true), at + ".outputSource"),
                (int) integer(n.get("tokenizerOutputTokens"), at + ".tokenizerOutputTokens"),
                bool(n.get("streamed"), at + ".streamed"),
                failure == null ? null : constant(FailureKind.class, failure, at + ".failure"), text(n.get("error"), at + ".error", false),
                (int) integer(n.get("httpStatus"), at + ".httpStatus"),
                text(n.get("responseSample"), at + ".responseSample", false));
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String value, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException(field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                + ", but was '" + value + "'");
    }

    private static String text(JsonNode n, String field, boolean required) {
        if (n == null || n.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " must be present, but was missing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, but was " + n);
        }
        return n.asText();
    }

    private static long integer(JsonNode n, String field) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be an integer, but was " + (n == null ? "missing" : n.toString()));
        }
        return n.asLong();
    }

    private static double real(JsonNode n, String field) {
        if (n == null) {
            throw new IllegalArgumentException(field + " must be a number or null, but was missing");
        }
        if (n.isNull()) {
            return Double.NaN;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number or null, but was " + n);
        }
        return n.asDouble();
    }

    private static boolean bool(JsonNode n, String field) {
        if (n == null || !n.isBoolean()) {
            throw new IllegalArgumentException(field + " must be true or false, but was " + (n == null ? "missing" : n.toString()));
        }
        return n.asBoolean();
    }

    private static Instant instant(JsonNode n, String field) {
        String s = text(n, field, true);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, but was '" + s + "'");
        }
    }

    private static JsonNode object(JsonNode n, String field) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(field + " must be an object, but was " + (n == null ? "missing" : n.toString()));
        }
        return n;
    }

    private static JsonNode array(JsonNode n, String field) {
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException(field + " must be an array, but was " + (n == null ? "missing" : n.toString()));
        }
        return n;
    }

    private static Map<String, String> labels(JsonNode n, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        object(n, field).fields().forEachRemaining(e -> out.put(e.getKey(), text(e.getValue(), field + "." + e.getKey(), false)));
        return out;
    }
}
