package io.llmbench.core.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
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
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON encoding of a run ({@link EndpointResult}): records mirroring the core values with
 * stable snake_case names, decoupled from the core types so those can evolve. NaN numbers are
 * written as {@code null}. Both JSON files llmbench writes use it, each wrapping it with what it
 * needs: the report's {@code result.json} (a document of endpoints) and the store's JSON-lines
 * export (one run per line with its id and save time). Not API.
 */
public final class RunDocs {
    private static final ObjectMapper MAPPER = mapper();

    private RunDocs() {
    }

    /** A mapper for these documents: snake_case, nulls left out, unknown fields ignored. */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /**
     * Writes a run's fields ({@code deployment, run, job, metrics, warnings}, {@code health} when
     * the run has one and, when {@code records} is not null, {@code records}) into the JSON object {@code g} has open,
     * streaming the records one at a time.
     */
    public static void writeFields(JsonGenerator g, EndpointResult r, Iterator<RequestRecord> records) throws IOException {
        EndpointDoc head = endpointHead(r);
        g.writeFieldName("deployment");
        MAPPER.writeValue(g, head.deployment());
        g.writeFieldName("run");
        MAPPER.writeValue(g, head.run());
        g.writeFieldName("job");
        MAPPER.writeValue(g, head.job());
        g.writeFieldName("metrics");
        MAPPER.writeValue(g, head.metrics());
        g.writeFieldName("warnings");
        MAPPER.writeValue(g, head.warnings());
        if (head.health() != null) {
            g.writeFieldName("health");
            MAPPER.writeValue(g, head.health());
        }
        if (records != null) {
            g.writeArrayFieldStart("records");
            while (records.hasNext()) {
                MAPPER.writeValue(g, record(records.next()));
            }
            g.writeEndArray();
        }
    }

    /**
     * Reads a run from its fields as parsed trees ({@code deployment, run, job, metrics,
     * warnings}, optional {@code health}) and its records, already read.
     *
     * @param where names the object in messages, e.g. {@code "line 3"} or {@code "endpoints[0]"}
     * @throws IllegalArgumentException naming the field when one is missing or invalid
     */
    public static EndpointResult fromFields(Map<String, JsonNode> fields, List<RequestRecord> records, String where) {
        try {
            EndpointDoc doc = new EndpointDoc(tree(fields, "deployment", DeploymentDoc.class), tree(fields, "run", RunDoc.class),
                    tree(fields, "job", JobDoc.class), metricsTree(fields.get("metrics")),
                    fields.get("warnings") == null ? null : MAPPER.treeToValue(fields.get("warnings"), STRINGS),
                    tree(fields, "health", HealthDoc.class), null);
            return endpoint(doc, where).withRecords(records);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException(where + " is not a run: " + ex.getOriginalMessage(), ex);
        }
    }

    /** Reads one record written by {@link #writeFields}. */
    public static RequestRecord readRecord(JsonNode node, String where) {
        try {
            return record(MAPPER.treeToValue(node, RecordDoc.class));
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException(where + " is not a request record: " + ex.getOriginalMessage(), ex);
        } catch (NullPointerException ex) {
            throw new IllegalArgumentException(where + " is missing a required field of a request record", ex);
        }
    }

    private static <T> T tree(Map<String, JsonNode> fields, String name, Class<T> type) throws JsonProcessingException {
        JsonNode n = fields.get(name);
        return n == null || n.isNull() ? null : MAPPER.treeToValue(n, type);
    }

    private static Map<String, StatsDoc> metricsTree(JsonNode n) throws JsonProcessingException {
        return n == null || n.isNull() ? null : MAPPER.treeToValue(n, METRICS);
    }

    private static final com.fasterxml.jackson.databind.JavaType STRINGS =
            MAPPER.getTypeFactory().constructCollectionType(List.class, String.class);
    private static final com.fasterxml.jackson.databind.JavaType METRICS =
            MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, StatsDoc.class);

    public record EndpointDoc(DeploymentDoc deployment, RunDoc run, JobDoc job, Map<String, StatsDoc> metrics,
                              List<String> warnings, HealthDoc health, List<RecordDoc> records) {
    }

    public record HealthDoc(String verdict, List<String> reasons, int probedLoops, long loopLagSamples, Double loopLagP50Ms,
                            Double loopLagP99Ms, Double loopLagMaxMs, Double cpuShare, int cores, Double machineCpuShare,
                            long gcPauses, Double gcPauseMs, Double gcPauseMaxMs, Double scheduleLagP99Ms, Double sampledS) {
    }

    public record DeploymentDoc(String name, String provider, String model, String baseUrl, String hardware, int gpuCount,
                                String engine, String quantization, int contextWindow, String modelSize, Map<String, String> labels) {
    }

    public record RunDoc(String trafficMode, double trafficLevel, String workload, Map<String, String> labels, String notes,
                         String cellKey, String startedAt, String finishedAt) {
    }

    public record JobDoc(Double durationS, long requests, long succeeded, long failed, Map<String, Long> failures,
                         long inputTokens, long outputTokens, Double requestThroughput, Double outputTokenThroughput,
                         Double totalTokenThroughput, Double peakOutputTokensPerS, long goodRequests, Double goodput,
                         long lateSends, Map<String, Long> outputTokenSources) {
    }

    public record StatsDoc(String unit, long count, Double mean, Double stdev, Double min, Double max, Double p05, Double p50,
                           Double p80, Double p95, Double p99, Double p999, String histogram) {
    }

    public record RecordDoc(String endpoint, long sequence, String promptId, String promptCategory, String promptLength,
                            String promptComplexity, long startEpochMs, long scheduledNs, long sentNs, long firstChunkNs,
                            long ttftNs, long e2eNs, long endNs, int contentChunks, int[] itlUs, int inputTokens,
                            String inputTokenSource, int outputTokens, String outputTokenSource, int tokenizerOutputTokens,
                            boolean streamed, String failureKind, String error, int httpStatus, String responseSample,
                            Long writtenNs) {
    }

    // ---- to documents ----

    public static EndpointDoc endpointHead(EndpointResult r) {
        Deployment d = r.deployment();
        RunInfo run = r.run();
        JobStats j = r.job();
        Map<String, StatsDoc> metrics = new LinkedHashMap<>();
        r.metrics().forEach((m, s) -> metrics.put(m.key(), stats(s)));
        return new EndpointDoc(
                new DeploymentDoc(d.name(), d.provider(), d.model(), d.baseUrl(), d.hardware(), d.gpuCount(), d.engine(),
                        d.quantization(), d.contextWindow(), d.modelSize(), d.labels()),
                new RunDoc(run.traffic().mode().csvName(), run.traffic().level(), run.workload(), run.labels(), run.notes(),
                        run.cellKey(), run.startedAt().toString(), run.finishedAt().toString()),
                new JobDoc(n(j.durationSeconds()), j.requests(), j.succeeded(), j.failed(), names(j.failures()), j.inputTokens(),
                        j.outputTokens(), n(j.requestThroughput()), n(j.outputTokenThroughput()), n(j.totalTokenThroughput()),
                        n(j.peakOutputTokensPerSecond()), j.goodRequests(), n(j.goodput()), j.lateSends(),
                        names(j.outputTokenSources())),
                metrics, r.warnings(), r.health().map(RunDocs::health).orElse(null), null);
    }

    public static HealthDoc health(HarnessHealth h) {
        return new HealthDoc(h.verdict().name(), h.reasons(), h.probedLoops(), h.loopLagSamples(), n(h.loopLagP50Millis()),
                n(h.loopLagP99Millis()), n(h.loopLagMaxMillis()), n(h.cpuShare()), h.cores(), n(h.machineCpuShare()),
                h.gcPauses(), n(h.gcPauseMillis()), n(h.gcPauseMaxMillis()), n(h.scheduleLagP99Millis()), n(h.sampledSeconds()));
    }

    private static HarnessHealth health(HealthDoc h, String where) {
        HarnessHealth.Verdict verdict;
        try {
            verdict = HarnessHealth.Verdict.valueOf(require(h.verdict(), where + ".verdict"));
        } catch (IllegalArgumentException ex) {
            if (h.verdict() == null) {
                throw ex;
            }
            throw new IllegalArgumentException(where + ".verdict must be one of "
                    + java.util.Arrays.toString(HarnessHealth.Verdict.values()) + ", but was '" + h.verdict() + "'", ex);
        }
        return new HarnessHealth(verdict, h.reasons(), h.probedLoops(), h.loopLagSamples(), d(h.loopLagP50Ms()),
                d(h.loopLagP99Ms()), d(h.loopLagMaxMs()), d(h.cpuShare()), h.cores(), d(h.machineCpuShare()), h.gcPauses(),
                d(h.gcPauseMs()), d(h.gcPauseMaxMs()), d(h.scheduleLagP99Ms()), d(h.sampledS()));
    }

    public static StatsDoc stats(MetricStats s) {
        return new StatsDoc(s.metric().unit().symbol(), s.count(), n(s.mean()), n(s.stdev()), n(s.min()), n(s.max()),
                n(s.p05()), n(s.p50()), n(s.p80()), n(s.p95()), n(s.p99()), n(s.p999()), s.histogram());
    }

    public static RecordDoc record(RequestRecord r) {
        PromptInfo p = r.prompt();
        return new RecordDoc(r.endpoint(), r.sequence(), p.id(), p.category(), p.length(), p.complexity(), r.startEpochMillis(),
                r.scheduledNanos(), r.sentNanos(), r.firstChunkNanos(), r.ttftNanos(), r.e2eNanos(), r.endNanos(),
                r.contentChunks(), r.itlMicros(), r.inputTokens(), r.inputSource().name(), r.outputTokens(),
                r.outputSource().name(), r.tokenizerOutputTokens(), r.streamed(),
                r.failure() == null ? null : r.failure().name(), r.error(), r.httpStatus(), r.responseSample(),
                r.writtenNanos() < 0 ? null : r.writtenNanos());
    }

    private static Double n(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    private static <E extends Enum<E>> Map<String, Long> names(Map<E, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    // ---- from documents ----

    public static EndpointResult endpoint(EndpointDoc e, String where) {
        require(e.deployment(), where + ".deployment");
        require(e.run(), where + ".run");
        require(e.job(), where + ".job");
        DeploymentDoc d = e.deployment();
        Deployment deployment = new Deployment(d.name(), d.provider(), d.model(), d.baseUrl(), d.hardware(), d.gpuCount(),
                d.engine(), d.quantization(), d.contextWindow(), d.modelSize(), d.labels());
        RunDoc r = e.run();
        Traffic.Mode mode;
        try {
            mode = Traffic.Mode.parse(r.trafficMode());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where + ".run." + ex.getMessage(), ex);
        }
        RunInfo run = new RunInfo(new Traffic(mode, r.trafficLevel()),
                require(r.workload(), where + ".run.workload"), r.labels(), r.notes(), r.cellKey(),
                instant(r.startedAt(), where + ".run.started_at"), instant(r.finishedAt(), where + ".run.finished_at"));
        JobDoc j = e.job();
        JobStats job = new JobStats(d(j.durationS()), j.requests(), j.succeeded(), j.failed(),
                enums(FailureKind.class, j.failures(), where + ".job.failures"), j.inputTokens(), j.outputTokens(),
                d(j.requestThroughput()), d(j.outputTokenThroughput()), d(j.totalTokenThroughput()), d(j.peakOutputTokensPerS()),
                j.goodRequests(), d(j.goodput()), j.lateSends(),
                enums(TokenSource.class, j.outputTokenSources(), where + ".job.output_token_sources"));
        Map<Metric, MetricStats> metrics = new EnumMap<>(Metric.class);
        if (e.metrics() != null) {
            e.metrics().forEach((key, s) -> {
                Metric m = Metric.ofKey(key);
                metrics.put(m, new MetricStats(m, s.count(), d(s.mean()), d(s.stdev()), d(s.min()), d(s.max()), d(s.p05()),
                        d(s.p50()), d(s.p80()), d(s.p95()), d(s.p99()), d(s.p999()), s.histogram()));
            });
        }
        List<RequestRecord> records = e.records() == null ? List.of() : e.records().stream().map(RunDocs::record).toList();
        return new EndpointResult(deployment, run, job, metrics, records, e.warnings(),
                e.health() == null ? java.util.Optional.empty() : java.util.Optional.of(health(e.health(), where + ".health")));
    }

    public static RequestRecord record(RecordDoc r) {
        return new RequestRecord(r.endpoint(), r.sequence(),
                new PromptInfo(r.promptId(), r.promptCategory(), r.promptLength(), r.promptComplexity()),
                r.startEpochMs(), r.scheduledNs(), r.sentNs(), r.firstChunkNs(), r.ttftNs(), r.e2eNs(), r.endNs(),
                r.contentChunks(), r.itlUs(), r.inputTokens(), TokenSource.valueOf(r.inputTokenSource()), r.outputTokens(),
                TokenSource.valueOf(r.outputTokenSource()), r.tokenizerOutputTokens(), r.streamed(),
                r.failureKind() == null ? null : FailureKind.valueOf(r.failureKind()), r.error(), r.httpStatus(),
                r.responseSample(), r.writtenNs() == null ? -1 : r.writtenNs());
    }

    private static double d(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static <T> T require(T v, String field) {
        if (v == null) {
            throw new IllegalArgumentException(field + " must be present, but was missing");
        }
        return v;
    }

    private static Instant instant(String text, String field) {
        try {
            return Instant.parse(require(text, field));
        } catch (java.time.format.DateTimeParseException ex) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant, but was '" + text + "'", ex);
        }
    }

    private static <E extends Enum<E>> Map<E, Long> enums(Class<E> type, Map<String, Long> m, String field) {
        Map<E, Long> out = new TreeMap<>();
        if (m != null) {
            m.forEach((k, v) -> {
                try {
                    out.put(Enum.valueOf(type, k), v);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(field + " keys must be one of "
                            + java.util.Arrays.toString(type.getEnumConstants()) + ", but was '" + k + "'", ex);
                }
            });
        }
        return out;
    }
}
