package io.llmbench.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.HarnessHealth;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import io.llmbench.store.ImportException;
import io.llmbench.store.StoredRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON-lines export format: one object per run, {@code "format": "llmbench-run"},
 * {@code "version": 1}, with the run's id, save time, deployment, run info, job figures, metrics
 * (with encoded histograms), warnings, the harness health when the run has one, and records. Doubles that are NaN are written as null.
 * Records are written and read one at a time, so a run's JSON is never held as a whole.
 */
final class RunJson {
    static final String FORMAT = "llmbench-run";
    static final int VERSION = 1;

    private RunJson() {
    }

    /** A generator writing UTF-8 JSON to {@code out} without closing it. */
    static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = Columns.JSON.getFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null);
        return g;
    }

    /** Writes one run as one line (a JSON object followed by a newline). */
    static void write(JsonGenerator g, StoredRun stored, Iterator<RequestRecord> records) throws IOException {
        EndpointResult r = stored.result();
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("version", VERSION);
        g.writeStringField("id", stored.id());
        g.writeStringField("savedAt", stored.savedAt().toString());

        Deployment d = r.deployment();
        g.writeObjectFieldStart("deployment");
        g.writeStringField("name", d.name());
        g.writeStringField("provider", d.provider());
        g.writeStringField("model", d.model());
        g.writeStringField("baseUrl", d.baseUrl());
        g.writeStringField("hardware", d.hardware());
        g.writeNumberField("gpuCount", d.gpuCount());
        g.writeStringField("engine", d.engine());
        g.writeStringField("quantization", d.quantization());
        g.writeNumberField("contextWindow", d.contextWindow());
        g.writeStringField("modelSize", d.modelSize());
        writeLabels(g, d.labels());
        g.writeEndObject();

        RunInfo run = r.run();
        g.writeObjectFieldStart("run");
        g.writeStringField("trafficMode", run.traffic().mode().name());
        g.writeNumberField("trafficLevel", run.traffic().level());
        g.writeStringField("workload", run.workload());
        writeLabels(g, run.labels());
        g.writeStringField("notes", run.notes());
        g.writeStringField("cellKey", run.cellKey());
        g.writeStringField("startedAt", run.startedAt().toString());
        g.writeStringField("finishedAt", run.finishedAt().toString());
        g.writeEndObject();

        JobStats j = r.job();
        g.writeObjectFieldStart("job");
        real(g, "durationSeconds", j.durationSeconds());
        g.writeNumberField("requests", j.requests());
        g.writeNumberField("succeeded", j.succeeded());
        g.writeNumberField("failed", j.failed());
        g.writeObjectFieldStart("failures");
        for (Map.Entry<FailureKind, Long> e : j.failures().entrySet()) {
            g.writeNumberField(e.getKey().name(), e.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("inputTokens", j.inputTokens());
        g.writeNumberField("outputTokens", j.outputTokens());
        real(g, "requestThroughput", j.requestThroughput());
        real(g, "outputTokenThroughput", j.outputTokenThroughput());
        real(g, "totalTokenThroughput", j.totalTokenThroughput());
        real(g, "peakOutputTokensPerSecond", j.peakOutputTokensPerSecond());
        g.writeNumberField("goodRequests", j.goodRequests());
        real(g, "goodput", j.goodput());
        g.writeNumberField("lateSends", j.lateSends());
        g.writeObjectFieldStart("outputTokenSources");
        for (Map.Entry<TokenSource, Long> e : j.outputTokenSources().entrySet()) {
            g.writeNumberField(e.getKey().name(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();

        g.writeArrayFieldStart("metrics");
        for (MetricStats s : r.metrics().values()) {
            g.writeStartObject();
            g.writeStringField("metric", s.metric().key());
            g.writeNumberField("count", s.count());
            real(g, "mean", s.mean());
            real(g, "stdev", s.stdev());
            real(g, "min", s.min());
            real(g, "max", s.max());
            real(g, "p05", s.p05());
            real(g, "p50", s.p50());
            real(g, "p80", s.p80());
            real(g, "p95", s.p95());
            real(g, "p99", s.p99());
            real(g, "p999", s.p999());
            g.writeStringField("histogram", s.histogram());
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("warnings");
        for (String w : r.warnings()) {
            g.writeString(w);
        }
        g.writeEndArray();
        if (r.health().isPresent()) {
            writeHealth(g, r.health().get());
        }

        g.writeArrayFieldStart("records");
        while (records.hasNext()) {
            writeRecord(g, records.next());
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static void writeHealth(JsonGenerator g, HarnessHealth h) throws IOException {
        g.writeObjectFieldStart("health");
        g.writeStringField("verdict", h.verdict().name());
        g.writeArrayFieldStart("reasons");
        for (String reason : h.reasons()) {
            g.writeString(reason);
        }
        g.writeEndArray();
        g.writeNumberField("probedLoops", h.probedLoops());
        g.writeNumberField("loopLagSamples", h.loopLagSamples());
        real(g, "loopLagP50Millis", h.loopLagP50Millis());
        real(g, "loopLagP99Millis", h.loopLagP99Millis());
        real(g, "loopLagMaxMillis", h.loopLagMaxMillis());
        real(g, "cpuShare", h.cpuShare());
        g.writeNumberField("cores", h.cores());
        real(g, "machineCpuShare", h.machineCpuShare());
        g.writeNumberField("gcPauses", h.gcPauses());
        real(g, "gcPauseMillis", h.gcPauseMillis());
        real(g, "gcPauseMaxMillis", h.gcPauseMaxMillis());
        real(g, "scheduleLagP99Millis", h.scheduleLagP99Millis());
        real(g, "sampledSeconds", h.sampledSeconds());
        g.writeEndObject();
    }

    /** The run's health, or empty when the export has none (runs imported from other tools). */
    private static Optional<HarnessHealth> health(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        object(n, "health");
        JsonNode rs = array(n.get("reasons"), "health.reasons");
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            reasons.add(text(rs.get(i), "health.reasons[" + i + "]", true));
        }
        return Optional.of(new HarnessHealth(
                constant(HarnessHealth.Verdict.class, text(n.get("verdict"), "health.verdict", true), "health.verdict"), reasons,
                (int) integer(n.get("probedLoops"), "health.probedLoops"), integer(n.get("loopLagSamples"), "health.loopLagSamples"),
                real(n.get("loopLagP50Millis"), "health.loopLagP50Millis"), real(n.get("loopLagP99Millis"), "health.loopLagP99Millis"),
                real(n.get("loopLagMaxMillis"), "health.loopLagMaxMillis"), real(n.get("cpuShare"), "health.cpuShare"),
                (int) integer(n.get("cores"), "health.cores"), real(n.get("machineCpuShare"), "health.machineCpuShare"),
                integer(n.get("gcPauses"), "health.gcPauses"), real(n.get("gcPauseMillis"), "health.gcPauseMillis"),
                real(n.get("gcPauseMaxMillis"), "health.gcPauseMaxMillis"),
                real(n.get("scheduleLagP99Millis"), "health.scheduleLagP99Millis"),
                real(n.get("sampledSeconds"), "health.sampledSeconds")));
    }

    private static void writeRecord(JsonGenerator g, RequestRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("endpoint", r.endpoint());
        g.writeNumberField("sequence", r.sequence());
        PromptInfo p = r.prompt();
        g.writeObjectFieldStart("prompt");
        g.writeStringField("id", p.id());
        g.writeStringField("category", p.category());
        g.writeStringField("length", p.length());
        g.writeStringField("complexity", p.complexity());
        g.writeEndObject();
        g.writeNumberField("startEpochMillis", r.startEpochMillis());
        g.writeNumberField("scheduledNanos", r.scheduledNanos());
        g.writeNumberField("sentNanos", r.sentNanos());
        g.writeNumberField("firstChunkNanos", r.firstChunkNanos());
        g.writeNumberField("ttftNanos", r.ttftNanos());
        g.writeNumberField("e2eNanos", r.e2eNanos());
        g.writeNumberField("endNanos", r.endNanos());
        g.writeNumberField("contentChunks", r.contentChunks());
        g.writeFieldName("itlMicros");
        int[] itl = r.itlMicros();
        g.writeArray(itl, 0, itl.length);
        g.writeNumberField("inputTokens", r.inputTokens());
        g.writeStringField("inputSource", r.inputSource().name());
        g.writeNumberField("outputTokens", r.outputTokens());
        g.writeStringField("outputSource", r.outputSource().name());
        g.writeNumberField("tokenizerOutputTokens", r.tokenizerOutputTokens());
        g.writeBooleanField("streamed", r.streamed());
        g.writeStringField("failure", r.failure() == null ? null : r.failure().name());
        g.writeStringField("error", r.error());
        g.writeNumberField("httpStatus", r.httpStatus());
        g.writeStringField("responseSample", r.responseSample());
        g.writeEndObject();
    }

    private static void writeLabels(JsonGenerator g, Map<String, String> labels) throws IOException {
        g.writeObjectFieldStart("labels");
        for (Map.Entry<String, String> e : labels.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void real(JsonGenerator g, String field, double value) throws IOException {
        if (Double.isNaN(value)) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }

    /** A run read from an export. */
    record ImportedRun(long line, String id, Instant savedAt, EndpointResult result) {
    }

    /** Reads runs one at a time from JSON lines. Not thread-safe; closes its parser, not the stream. */
    static final class Reader implements AutoCloseable {
        private final JsonParser parser;

        Reader(InputStream in) {
            try {
                JsonFactory f = Columns.JSON.getFactory();
                parser = f.createParser(in);
                parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            } catch (IOException e) {
                throw new ImportException(1, "could not read the input", e);
            }
        }

        /** The next run, or null at the end of the input. */
        ImportedRun next() {
            long line = 1;
            try {
                JsonToken token = parser.nextToken();
                line = parser.currentTokenLocation().getLineNr();
                if (token == null) {
                    return null;
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new ImportException(line, "each line must be a JSON object, but found " + token, null);
                }
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                List<RequestRecord> records = new ArrayList<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (name.equals("records")) {
                        if (value != JsonToken.START_ARRAY) {
                            throw new ImportException(line, "records must be an array, but was " + value, null);
                        }
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode node = Columns.JSON.readTree(parser);
                            records.add(record(node, "records[" + records.size() + "]"));
                        }
                    } else {
                        fields.put(name, Columns.JSON.readTree(parser));
                    }
                }
                return run(line, fields, records);
            } catch (ImportException e) {
                throw e;
            } catch (JsonProcessingException e) {
                throw new ImportException(e.getLocation() == null ? line : e.getLocation().getLineNr(),
                        "malformed JSON: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new ImportException(line, "could not read the input", e);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ImportException(line, e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException ignored) {
                // nothing was written; the input stream belongs to the caller
            }
        }
    }

    private static ImportedRun run(long line, Map<String, JsonNode> f, List<RequestRecord> records) {
        String format = text(f.get("format"), "format", true);
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format must be '" + FORMAT + "', but was '" + format + "'");
        }
        long version = integer(f.get("version"), "version");
        if (version != VERSION) {
            throw new IllegalArgumentException("version must be " + VERSION + ", but was " + version);
        }
        String id = text(f.get("id"), "id", true);
        if (id.isBlank() || id.length() > 64) {
            throw new IllegalArgumentException("id must be 1 to 64 characters, but was '" + id + "'");
        }
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
        return new ImportedRun(line, id, savedAt, new EndpointResult(deployment, run, job, metrics, records, warnings,
                health(f.get("health"))));
    }

    private static RequestRecord record(JsonNode n, String at) {
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
