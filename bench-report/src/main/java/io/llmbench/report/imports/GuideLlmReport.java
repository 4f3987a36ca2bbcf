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
 * GuideLLM's benchmarks report ({@code benchmarks.json}, report schema version 2 of GuideLLM 0.4+,
 * with the field names of earlier versions as fallbacks): {@code metadata.guidellm_version}, and
 * {@code benchmarks[]}, one per strategy run, each with {@code config.strategy}, {@code config.backend}
 * (the model), {@code start_time}/{@code end_time} (seconds since the epoch), {@code metrics} (one
 * distribution summary per metric and request status: {@code successful.mean}, {@code median},
 * {@code std_dev}, {@code min}, {@code max}, {@code count}, {@code total_sum},
 * {@code percentiles.p05 ... p999}) and {@code requests.successful/errored/incomplete[]}.
 *
 * <p>GuideLLM's TTFT is the first stream iteration that carried tokens ({@link Metric#TTFT}). Its
 * "inter token latency" is (last token − first token) / (output tokens − 1) per request, which is
 * llmbench's {@link Metric#TPOT}; its distribution weights each request by output tokens − 1, while
 * llmbench weights requests equally. Its "time per output token" includes the first token
 * ((last token − start) / output tokens) and has no counterpart here. Its request latency runs
 * to the end of the response (E2E, seconds in the file). Request records are made only when the
 * file keeps every request (GuideLLM samples them with {@code --sample-requests}).
 */
final class GuideLlmReport {
    private GuideLlmReport() {
    }

    static boolean matches(JsonNode root) {
        JsonNode b = root.path("benchmarks");
        return b.isArray() && !b.isEmpty() && b.get(0).path("metrics").has("time_to_first_token_ms");
    }

    static String version(JsonNode root) {
        return Json.text(root.path("metadata"), "guidellm_version");
    }

    static List<EndpointResult> read(Json json, JsonNode root, PeerOptions options) {
        List<EndpointResult> out = new ArrayList<>();
        JsonNode benchmarks = root.get("benchmarks");
        for (int i = 0; i < benchmarks.size(); i++) {
            out.add(benchmark(json, root, benchmarks.get(i), "benchmarks[" + i + "]", options));
        }
        return out;
    }

    private static EndpointResult benchmark(Json json, JsonNode root, JsonNode b, String path, PeerOptions options) {
        RunParts parts = new RunParts();
        JsonNode config = b.has("config") ? b.get("config") : b.path("args");
        JsonNode backend = config.path("backend");
        parts.model = firstText(backend.get("model"), root.path("config").path("backend").get("model"),
                b.path("worker").get("backend_model"));
        if (parts.model == null) {
            parts.model = options.model();
        }
        if (parts.model == null) {
            throw json.fail(Json.path(path, "config.backend.model"), "must name the model (or give PeerOptions.model, llmbench import --model)",
                    backend.get("model"));
        }
        parts.name = parts.model;
        JsonNode metrics = json.object(b, path, "metrics");
        String mp = Json.path(path, "metrics");
        parts.traffic = traffic(json, config.path("strategy"), Json.path(path, "config.strategy"), metrics, options);
        parts.workload = "GuideLLM " + strategyName(config.path("strategy"));
        double start = json.number(b, path, "start_time");
        double end = json.number(b, path, "end_time");
        if (!Double.isNaN(start)) {
            parts.startedAt = Instant.ofEpochMilli(Math.round(start * 1000));
        }
        double duration = json.number(b, path, "duration");
        parts.durationSeconds = Double.isNaN(duration) && !Double.isNaN(start) && !Double.isNaN(end) ? end - start : duration;

        JsonNode totals = metrics.path("request_totals");
        long ok = json.count(totals, mp + ".request_totals", "successful");
        long errored = Math.max(0, json.count(totals, mp + ".request_totals", "errored"));
        long incomplete = Math.max(0, json.count(totals, mp + ".request_totals", "incomplete"));
        parts.succeeded = Math.max(0, ok);
        parts.requests = parts.succeeded + errored + incomplete;
        if (errored > 0) {
            parts.failures.put(FailureKind.OTHER, errored);
        }
        if (incomplete > 0) {
            parts.failures.put(FailureKind.CANCELLED, incomplete);
        }
        distribution(json, metrics, mp, "time_to_first_token_ms", Metric.TTFT, 1, parts);
        distribution(json, metrics, mp, "inter_token_latency_ms", Metric.TPOT, 1, parts);
        distribution(json, metrics, mp, "request_latency", Metric.E2E, 1000, parts);
        distribution(json, metrics, mp, "prompt_token_count", Metric.INPUT_TOKENS, 1, parts);
        distribution(json, metrics, mp, "output_token_count", Metric.OUTPUT_TOKENS, 1, parts);
        double in = json.number(metrics.path("prompt_token_count").path("successful"), mp, "total_sum");
        double outTokens = json.number(metrics.path("output_token_count").path("successful"), mp, "total_sum");
        parts.inputTokens = Double.isNaN(in) ? -1 : Math.round(in);
        parts.outputTokens = Double.isNaN(outTokens) ? -1 : Math.round(outTokens);
        double d = parts.durationSeconds;
        if (d > 0) {
            parts.requestThroughput = parts.succeeded / d;
            parts.outputThroughput = Math.max(0, parts.outputTokens) / d;
            parts.totalThroughput = (Math.max(0, parts.inputTokens) + Math.max(0, parts.outputTokens)) / d;
        }
        parts.warnings.add("GuideLLM's inter_token_latency_ms (llmbench's TPOT) statistics weight each request by its output tokens - 1");

        JsonNode requests = b.path("requests");
        List<JsonNode> all = new ArrayList<>();
        List<FailureKind> kinds = new ArrayList<>();
        for (String status : new String[] {"successful", "errored", "incomplete"}) {
            JsonNode list = requests.get(status);
            if (list != null && list.isArray()) {
                for (JsonNode r : list) {
                    all.add(r);
                    kinds.add(status.equals("successful") ? null : status.equals("errored") ? FailureKind.OTHER : FailureKind.CANCELLED);
                }
            }
        }
        if (all.isEmpty()) {
            return parts.summary(options);
        }
        if (all.size() != parts.requests) {
            parts.warnings.add(String.format(Locale.ROOT, "the file keeps %d of %d requests (sampled): request records not imported",
                    all.size(), parts.requests));
            return parts.summary(options);
        }
        return parts.fromRecords(records(json, all, kinds, Json.path(path, "requests"), parts.name), true, options);
    }

    private static List<RequestRecord> records(Json json, List<JsonNode> all, List<FailureKind> kinds, String path, String endpoint) {
        double origin = Double.POSITIVE_INFINITY;
        double[][] t = new double[all.size()][];
        for (int i = 0; i < all.size(); i++) {
            JsonNode r = all.get(i);
            JsonNode timings = r.path("info").path("timings");
            String p = path + "[" + i + "]";
            t[i] = new double[] {
                    either(json, timings, r, p, "request_start", "start_time"),
                    either(json, timings, r, p, "first_token_iteration", "first_token_time"),
                    either(json, timings, r, p, "last_token_iteration", "last_token_time"),
                    either(json, timings, r, p, "request_end", "end_time")};
            if (Double.isNaN(t[i][0])) {
                throw json.fail(p + ".info.timings.request_start", "must be a time in seconds", timings.get("request_start"));
            }
            origin = Math.min(origin, t[i][0]);
        }
        List<RequestRecord> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            JsonNode r = all.get(i);
            String p = path + "[" + i + "]";
            FailureKind failure = kinds.get(i);
            double s = t[i][0];
            long sent = Math.round((s - origin) * 1e9);
            long ttft = Double.isNaN(t[i][1]) ? -1 : Math.round((t[i][1] - s) * 1e9);
            long e2e = Double.isNaN(t[i][2]) ? -1 : Math.round((t[i][2] - s) * 1e9);
            long end = Double.isNaN(t[i][3]) ? Math.max(0, e2e) : Math.round((t[i][3] - s) * 1e9);
            double prompt = json.number(r, p, "prompt_tokens");
            if (Double.isNaN(prompt)) {
                prompt = json.number(r.path("input_metrics"), p + ".input_metrics", "total_tokens");
            }
            double output = json.number(r, p, "output_tokens");
            if (Double.isNaN(output)) {
                output = json.number(r.path("output_metrics"), p + ".output_metrics", "total_tokens");
            }
            String error = failure == null ? null : firstText(r.path("info").get("error"), r.get("error"));
            if (failure == null && ttft < 0) {
                failure = FailureKind.OTHER;
                error = "no token arrived";
            }
            int in = Double.isNaN(prompt) ? -1 : (int) prompt;
            int outTokens = Double.isNaN(output) || failure != null ? -1 : (int) output;
            out.add(new RequestRecord(endpoint, i, PromptInfo.of(firstTextOr(r.get("request_id"), "request-" + i)),
                    Math.round(s * 1000), sent, sent, ttft, failure == null ? ttft : -1, failure == null ? e2e : -1, end, 0, null,
                    in, in >= 0 ? TokenSource.USAGE : TokenSource.NONE, outTokens, outTokens >= 0 ? TokenSource.USAGE : TokenSource.NONE,
                    -1, true, failure, failure == null ? null : (error == null ? failure.name().toLowerCase(Locale.ROOT) : error),
                    failure == null ? 200 : 0, null));
        }
        return out;
    }

    private static double either(Json json, JsonNode timings, JsonNode r, String p, String field, String oldField) {
        double v = json.number(timings, p + ".info.timings", field);
        return Double.isNaN(v) ? json.number(r, p, oldField) : v;
    }

    private static Traffic traffic(Json json, JsonNode strategy, String path, JsonNode metrics, PeerOptions options) {
        String type = Json.text(strategy, "type_");
        if (type == null) {
            return options.trafficIfGiven().orElseThrow(() -> json.fail(Json.path(path, "type_"),
                    "must name the strategy (or give PeerOptions.traffic, llmbench import --traffic)", strategy.get("type_")));
        }
        switch (type) {
            case "synchronous":
                return new Traffic(Traffic.Mode.SEQUENTIAL, 1);
            case "concurrent":
                return new Traffic(Traffic.Mode.CONCURRENCY, json.required(strategy, path, "streams"));
            case "throughput": {
                double cap = json.number(strategy, path, "max_concurrency");
                if (cap > 0) {
                    return new Traffic(Traffic.Mode.CONCURRENCY, cap);
                }
                double mean = json.number(metrics.path("request_concurrency").path("successful"), "metrics.request_concurrency.successful", "mean");
                if (mean > 0) {
                    return new Traffic(Traffic.Mode.CONCURRENCY, Math.max(1, Math.round(mean)));
                }
                return options.trafficIfGiven().orElseThrow(() -> json.fail(path, "throughput without max_concurrency needs "
                        + "metrics.request_concurrency (or give PeerOptions.traffic)", strategy));
            }
            case "constant":
            case "poisson":
            case "async":
                return new Traffic(Traffic.Mode.RATE, json.required(strategy, path, "rate"));
            default:
                throw json.fail(Json.path(path, "type_"), "must be synchronous, concurrent, throughput, constant or poisson", strategy.get("type_"));
        }
    }

    private static String strategyName(JsonNode strategy) {
        String type = Json.text(strategy, "type_");
        return type == null ? "benchmark" : type + " strategy";
    }

    private static void distribution(Json json, JsonNode metrics, String mp, String key, Metric metric, double scale, RunParts parts) {
        JsonNode s = metrics.path(key).path("successful");
        if (!s.isObject()) {
            return;
        }
        String p = mp + "." + key + ".successful";
        JsonNode pct = s.path("percentiles");
        String pp = p + ".percentiles";
        long count = Math.max(0, json.count(s, p, "count"));
        double median = json.number(s, p, "median");
        double p50 = json.number(pct, pp, "p50");
        parts.stats(metric, count, json.number(s, p, "mean") * scale, json.number(s, p, "std_dev") * scale,
                json.number(s, p, "min") * scale, json.number(s, p, "max") * scale, json.number(pct, pp, "p05") * scale,
                (Double.isNaN(p50) ? median : p50) * scale, Double.NaN, json.number(pct, pp, "p95") * scale,
                json.number(pct, pp, "p99") * scale, json.number(pct, pp, "p999") * scale);
    }

    private static String firstText(JsonNode... candidates) {
        for (JsonNode c : candidates) {
            if (c != null && c.isTextual() && !c.asText().isBlank()) {
                return c.asText();
            }
        }
        return null;
    }

    private static String firstTextOr(JsonNode c, String fallback) {
        String t = firstText(c);
        return t == null ? fallback : t;
    }
}
