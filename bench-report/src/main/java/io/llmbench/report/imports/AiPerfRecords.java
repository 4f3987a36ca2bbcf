package io.llmbench.report.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Metric;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.TokenSource;
import io.llmbench.core.workload.PromptInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * AIPerf's per-request records, {@code profile_export.jsonl}: one object per line with
 * {@code metadata} ({@code request_start_ns}, {@code request_end_ns}, epoch nanoseconds),
 * {@code metrics} (each {@code {value, unit}}: {@code time_to_first_token}, {@code request_latency},
 * {@code inter_chunk_latency} (a list), {@code input_sequence_length}, {@code output_sequence_length})
 * and {@code error}. The model and the load are not in it: they come from
 * {@code profile_export_aiperf.json} beside it, or from {@link PeerOptions}.
 *
 * <p>AIPerf's TTFT is its first response with content ({@link Metric#TTFT}), its request latency
 * the last response ({@link Metric#E2E}), its inter-chunk latencies the gaps between responses
 * ({@link Metric#ITL}); TPOT is recomputed from those with AIPerf's output sequence length (its
 * tokenizer's count), which is how AIPerf computes its "inter token latency".
 */
final class AiPerfRecords {
    /** The summary AIPerf writes beside the records. */
    static final String SUMMARY_FILE = "profile_export_aiperf.json";

    private AiPerfRecords() {
    }

    static boolean matches(JsonNode first) {
        return first.isObject() && first.path("metadata").has("request_start_ns") && first.has("metrics");
    }

    static EndpointResult read(Json json, List<JsonNode> lines, PeerOptions options) {
        RunParts parts = new RunParts();
        Path sibling = json.file.resolveSibling(SUMMARY_FILE);
        EndpointResult config = null;
        if (Files.isRegularFile(sibling)) {
            try {
                JsonNode s = Json.MAPPER.readTree(sibling.toFile());
                if (s != null && ProfileExports.isSummary(s)) {
                    config = ProfileExports.readJson(new Json(sibling), s, options);
                }
            } catch (IOException e) {
                throw new PeerFormatException(sibling, "could not be read: " + e.getMessage(), e);
            }
        }
        if (config != null) {
            parts.model = config.deployment().model();
            parts.traffic = config.run().traffic();
            parts.engine = config.deployment().engine();
        } else {
            parts.model = options.model();
            parts.traffic = options.traffic();
            if (parts.model == null || parts.traffic == null) {
                throw new PeerFormatException(json.file, "names no model or load: keep " + SUMMARY_FILE + " beside it, or give both "
                        + "(PeerOptions.model and .traffic, llmbench import --model --traffic)");
            }
        }
        parts.name = parts.model;
        parts.workload = "AIPerf profile export (" + lines.size() + " requests)";
        long origin = Long.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            origin = Math.min(origin, nanos(json, lines.get(i).path("metadata"), "line " + (i + 1) + " metadata", "request_start_ns"));
        }
        List<RequestRecord> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            records.add(record(json, lines.get(i), "line " + (i + 1), i, origin, parts.name));
        }
        return parts.fromRecords(records, true, options);
    }

    private static long nanos(Json json, JsonNode parent, String path, String field) {
        double d = json.number(parent, path, field);
        if (Double.isNaN(d)) {
            throw json.fail(Json.path(path, field), "must be a time in nanoseconds", parent.get(field));
        }
        JsonNode v = parent.get(field);
        return v.isIntegralNumber() ? v.asLong() : Math.round(d);
    }

    private static double millis(Json json, JsonNode metrics, String path, String key) {
        JsonNode m = metrics.get(key);
        if (m == null || m.isNull()) {
            return Double.NaN;
        }
        double scale = RunParts.millisPer(Json.text(m, "unit"));
        if (Double.isNaN(scale)) {
            throw json.fail(Json.path(path, key + ".unit"), "must be ms, s or ns", m.get("unit"));
        }
        return json.number(m, Json.path(path, key), "value") * scale;
    }

    private static RequestRecord record(Json json, JsonNode line, String path, int index, long origin, String endpoint) {
        JsonNode meta = line.path("metadata");
        long t0 = nanos(json, meta, path + " metadata", "request_start_ns");
        double endNs = json.number(meta, path + " metadata", "request_end_ns");
        JsonNode metrics = line.path("metrics");
        String mp = path + " metrics";
        JsonNode error = line.get("error");
        boolean failed = error != null && !error.isNull();
        double ttft = millis(json, metrics, mp, "time_to_first_token");
        double latency = millis(json, metrics, mp, "request_latency");
        JsonNode chunks = metrics.path("inter_chunk_latency");
        int[] gaps = new int[0];
        if (chunks.isObject()) {
            double scale = RunParts.millisPer(Json.text(chunks, "unit"));
            JsonNode values = chunks.path("value");
            if (values.isArray()) {
                gaps = new int[values.size()];
                for (int k = 0; k < gaps.length; k++) {
                    gaps[k] = (int) Math.round(json.number(values.get(k), mp + ".inter_chunk_latency.value[" + k + "]") * scale * 1000);
                }
            }
        }
        double out = json.number(metrics.path("output_sequence_length"), mp + ".output_sequence_length", "value");
        double in = json.number(metrics.path("input_sequence_length"), mp + ".input_sequence_length", "value");
        if (Double.isNaN(in)) {
            in = json.number(metrics.path("error_isl"), mp + ".error_isl", "value");
        }
        FailureKind kind = null;
        String message = null;
        int status = 200;
        if (failed) {
            status = error.path("code").isNumber() ? error.get("code").asInt() : 0;
            kind = status >= 400 && status != 499 ? FailureKind.ofHttpStatus(status)
                    : "RequestCancellationError".equals(Json.text(error, "type")) ? FailureKind.CANCELLED : FailureKind.OTHER;
            message = Json.text(error, "message") != null ? Json.text(error, "message") : error.toString();
        } else if (Double.isNaN(ttft) && Double.isNaN(latency)) {
            throw json.fail(mp, "must have time_to_first_token or request_latency when error is null", metrics);
        }
        long sent = t0 - origin;
        long ttftNs = failed || Double.isNaN(ttft) ? -1 : Math.round(ttft * 1e6);
        long e2eNs = failed || Double.isNaN(latency) ? -1 : Math.round(latency * 1e6);
        long end = !Double.isNaN(endNs) ? Math.max(0, Math.round(endNs) - t0) : Math.max(0, e2eNs);
        boolean streamed = ttftNs >= 0;
        return new RequestRecord(endpoint, index, PromptInfo.of("request-" + index), t0 / 1_000_000, sent, sent, -1,
                ttftNs, e2eNs, end, failed ? 0 : gaps.length + 1, failed ? null : gaps,
                Double.isNaN(in) ? -1 : (int) in, Double.isNaN(in) ? TokenSource.NONE : TokenSource.TOKENIZER,
                failed || Double.isNaN(out) ? -1 : (int) out, failed || Double.isNaN(out) ? TokenSource.NONE : TokenSource.TOKENIZER,
                -1, streamed, kind, message, status, null);
    }
}
