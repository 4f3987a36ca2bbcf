package io.llmbench.report.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Metric;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LLMPerf's (ray-project) result files: the summary ({@code *_summary.json}: {@code results_<metric>_mean},
 * {@code _stddev}, {@code _min}, {@code _max}, {@code _quantiles_pNN} in seconds, request counts,
 * {@code num_concurrent_requests}) and the individual responses ({@code *_individual_responses.json}:
 * an array with {@code ttft_s}, {@code inter_token_latency_s}, {@code end_to_end_latency_s},
 * token counts and {@code error_code} per request, but no timestamps).
 *
 * <p>LLMPerf's TTFT is the first chunk with content ({@link Metric#TTFT}). Its
 * {@code inter_token_latency_s} is the sum of the gaps up to the last content chunk divided by the
 * output tokens, about E2E / n, not a gap between tokens: so per request llmbench's E2E (last
 * content chunk) is {@code inter_token_latency_s × number_output_tokens}, TPOT follows from it, and
 * {@code end_to_end_latency_s} (which runs to the end of the stream) is the request's end. Token
 * counts are LLMPerf's tokenizer's. The summary's inter-token latency and per-request output
 * throughput (n / E2E) have no counterpart and are not imported; TTFT and E2E are.
 */
final class LlmPerf {
    private LlmPerf() {
    }

    static boolean isSummary(JsonNode root) {
        return root.isObject() && root.has("results_ttft_s_mean");
    }

    static boolean isRequests(JsonNode root) {
        return root.isArray() && !root.isEmpty() && root.get(0).has("ttft_s") && root.get(0).has("end_to_end_latency_s");
    }

    static RunParts summaryParts(Json json, JsonNode root, PeerOptions options) {
        RunParts parts = new RunParts();
        parts.model = Json.text(root, "model") != null ? Json.text(root, "model") : options.model();
        if (parts.model == null) {
            throw json.fail("model", "must name the model (or give PeerOptions.model, llmbench import --model)", root.get("model"));
        }
        parts.provider = Json.text(root, "framework");
        double conc = json.number(root, "", "num_concurrent_requests");
        if (conc > 0) {
            parts.traffic = new Traffic(Traffic.Mode.CONCURRENCY, conc);
        } else {
            parts.traffic = options.trafficIfGiven().orElseThrow(() -> json.fail("num_concurrent_requests",
                    "must be > 0 (or give PeerOptions.traffic, llmbench import --traffic)", root.get("num_concurrent_requests")));
        }
        double in = json.number(root, "", "mean_input_tokens");
        double out = json.number(root, "", "mean_output_tokens");
        String name = Json.text(root, "name");
        parts.workload = "LLMPerf " + (Double.isNaN(in) ? "" : String.format(Locale.ROOT, "%.0f±%.0f input, %.0f±%.0f output tokens",
                in, nz(json.number(root, "", "stddev_input_tokens")), out, nz(json.number(root, "", "stddev_output_tokens"))))
                + (name == null ? "" : " (" + name + ")");
        long completed = json.count(root, "", "results_num_completed_requests");
        long started = json.count(root, "", "results_num_requests_started");
        long errors = Math.max(0, json.count(root, "", "results_number_errors"));
        parts.succeeded = Math.max(0, completed);
        parts.requests = started >= 0 ? started : parts.succeeded + errors;
        if (errors > 0) {
            parts.failures.put(FailureKind.OTHER, errors);
        }
        double perMinute = json.number(root, "", "results_num_completed_requests_per_min");
        parts.requestThroughput = perMinute / 60;
        parts.durationSeconds = perMinute > 0 ? completed / parts.requestThroughput : Double.NaN;
        parts.outputThroughput = json.number(root, "", "results_mean_output_throughput_token_per_s");
        double inMean = json.number(root, "", "results_number_input_tokens_mean");
        double outMean = json.number(root, "", "results_number_output_tokens_mean");
        parts.inputTokens = Double.isNaN(inMean) ? -1 : Math.round(inMean * parts.succeeded);
        parts.outputTokens = Double.isNaN(outMean) ? -1 : Math.round(outMean * parts.succeeded);
        parts.totalThroughput = parts.durationSeconds > 0 ? (Math.max(0, parts.inputTokens) + Math.max(0, parts.outputTokens)) / parts.durationSeconds : Double.NaN;
        double ts = json.number(root, "", "timestamp");
        if (!Double.isNaN(ts)) {
            Instant end = Instant.ofEpochSecond((long) ts);
            parts.startedAt = Double.isNaN(parts.durationSeconds) ? end : end.minusNanos(Math.round(parts.durationSeconds * 1e9));
        }
        long n = parts.succeeded;
        quoted(json, root, parts, "ttft_s", Metric.TTFT, 1000, n);
        quoted(json, root, parts, "end_to_end_latency_s", Metric.E2E, 1000, n);
        quoted(json, root, parts, "number_input_tokens", Metric.INPUT_TOKENS, 1, n);
        quoted(json, root, parts, "number_output_tokens", Metric.OUTPUT_TOKENS, 1, n);
        return parts;
    }

    private static double nz(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    static EndpointResult summary(Json json, JsonNode root, PeerOptions options) {
        RunParts parts = summaryParts(json, root, options);
        parts.warnings.add("LLMPerf's e2e runs to the end of the stream; its inter-token latency (about e2e/n) is not imported");
        return parts.summary(options);
    }

    /**
     * The individual responses as records. The job figures come from the summary when one is given
     * (a pair imported together), else they are unknown: the file has no timestamps.
     */
    static EndpointResult requests(Json json, JsonNode root, Json summaryJson, JsonNode summaryRoot, PeerOptions options) {
        RunParts parts;
        if (summaryRoot != null) {
            parts = summaryParts(summaryJson, summaryRoot, options);
            parts.metrics.clear();
        } else {
            parts = new RunParts();
            parts.model = options.model();
            if (parts.model == null) {
                throw new PeerFormatException(json.file, "names no model: import it together with its summary file, or give the model "
                        + "(PeerOptions.model, llmbench import --model)");
            }
            parts.traffic = options.trafficIfGiven().orElseThrow(() -> new PeerFormatException(json.file,
                    "records no load: import it together with its summary file, or give the traffic (PeerOptions.traffic, llmbench import --traffic)"));
            parts.workload = "LLMPerf individual responses";
            parts.warnings.add("LLMPerf's individual responses have no timestamps: duration and throughputs are unknown without the summary file");
        }
        String endpoint = parts.provider == null ? parts.model : parts.provider + "/" + parts.model;
        long start = (parts.startedAt != null ? parts.startedAt : options.startedAt()).toEpochMilli();
        List<RequestRecord> records = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            String p = "[" + i + "]";
            JsonNode code = r.get("error_code");
            boolean failed = code != null && !code.isNull();
            double ttft = json.number(r, p, "ttft_s");
            double itl = json.number(r, p, "inter_token_latency_s");
            double e2e = json.number(r, p, "end_to_end_latency_s");
            double out = json.number(r, p, "number_output_tokens");
            double in = json.number(r, p, "number_input_tokens");
            FailureKind kind = null;
            String message = null;
            if (failed) {
                int status = code.isNumber() ? code.asInt() : 0;
                kind = status >= 400 ? FailureKind.ofHttpStatus(status) : FailureKind.OTHER;
                message = Json.text(r, "error_msg") == null ? "error " + code.asText() : Json.text(r, "error_msg");
            } else if (Double.isNaN(ttft) || Double.isNaN(e2e)) {
                throw json.fail(p, "must have ttft_s and end_to_end_latency_s when error_code is null", r);
            }
            long ttftNs = failed ? -1 : Math.round(ttft * 1e9);
            long lastContent = failed || Double.isNaN(itl) || Double.isNaN(out) ? -1 : Math.round(itl * out * 1e9);
            long end = Double.isNaN(e2e) ? 0 : Math.round(e2e * 1e9);
            records.add(new RequestRecord(endpoint, i, PromptInfo.of("request-" + i), start, 0, 0, -1, ttftNs,
                    lastContent < 0 && !failed ? end : lastContent, end, 0, null,
                    Double.isNaN(in) ? -1 : (int) in, Double.isNaN(in) ? TokenSource.NONE : TokenSource.TOKENIZER,
                    failed || Double.isNaN(out) ? -1 : (int) out, failed || Double.isNaN(out) ? TokenSource.NONE : TokenSource.TOKENIZER,
                    -1, true, kind, message, failed && code.isNumber() ? code.asInt() : (failed ? 0 : 200), null));
        }
        parts.name = endpoint;
        return parts.fromRecords(records, false, options);
    }

    private static void quoted(Json json, JsonNode root, RunParts parts, String key, Metric metric, double scale, long count) {
        String k = "results_" + key + "_";
        double nan = Double.NaN;
        parts.stats(metric, count, json.number(root, "", k + "mean") * scale, json.number(root, "", k + "stddev") * scale,
                json.number(root, "", k + "min") * scale, json.number(root, "", k + "max") * scale,
                json.number(root, "", k + "quantiles_p5") * scale, json.number(root, "", k + "quantiles_p50") * scale, nan,
                json.number(root, "", k + "quantiles_p95") * scale, json.number(root, "", k + "quantiles_p99") * scale, nan);
    }
}
