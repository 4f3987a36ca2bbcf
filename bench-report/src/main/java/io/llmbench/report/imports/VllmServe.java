package io.llmbench.report.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The result JSON of {@code vllm bench serve --save-result} (and {@code benchmark_serving.py}):
 * {@code duration}, {@code completed}, {@code failed}, token totals and throughputs, and for each of
 * {@code ttft}, {@code tpot}, {@code itl}, {@code e2el} the keys {@code mean_*_ms},
 * {@code median_*_ms}, {@code std_*_ms} and {@code pNN_*_ms} (the percentiles chosen with
 * {@code --metric-percentiles}, 99 by default). With {@code --save-detailed} it also holds
 * per-request arrays ({@code input_lens}, {@code output_lens}, {@code ttfts}, {@code itls} in
 * seconds, {@code latencies}, {@code start_times}, {@code errors}), which become request records.
 * {@code --append-result} writes one object per line; each becomes a run.
 *
 * <p>vLLM's TTFT is taken at the first chunk with {@code choices}, even a role-only one: that is
 * llmbench's {@link Metric#TIME_TO_FIRST_CHUNK}. The file does not say which chunks carried content,
 * so {@link Metric#TTFT} is given the same value, a lower bound of llmbench's TTFT (equal when the
 * first chunk carries text, as on {@code /v1/completions}), and the run says so in a warning.
 * vLLM's TPOT is (E2EL − its TTFT) / (output tokens − 1), llmbench's {@link Metric#TPOT} with that
 * TTFT; its ITL pools the gaps between chunks ({@link Metric#ITL}); E2EL runs to the end of the
 * stream ({@link Metric#E2E}).
 */
final class VllmServe {
    private static final Pattern SUMMARY_KEY = Pattern.compile("(mean|median|std|p[0-9.]+)_(ttft|tpot|itl|e2el)_ms");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    static final String TTFT_WARNING = "vLLM's TTFT counts the first chunk with choices even when it is role-only "
            + "(llmbench's time_to_first_chunk); ttft here is that value, a lower bound of llmbench's TTFT";

    private VllmServe() {
    }

    static boolean matches(JsonNode root) {
        if (!root.isObject()) {
            return false;
        }
        if (root.has("completed") && root.has("duration") && root.has("total_output_tokens")) {
            return true;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            if (SUMMARY_KEY.matcher(it.next()).matches()) {
                return true;
            }
        }
        return false;
    }

    static EndpointResult read(Json json, JsonNode root, String path, PeerOptions options) {
        RunParts parts = new RunParts();
        parts.model = Json.text(root, "model_id");
        if (parts.model == null) {
            parts.model = options.model();
        }
        if (parts.model == null) {
            throw json.fail(Json.path(path, "model_id"), "must name the model (or give PeerOptions.model, llmbench import --model)", root.get("model_id"));
        }
        String label = Json.text(root, "label");
        parts.name = label != null ? label : parts.model;
        String backend = Json.text(root, "backend") != null ? Json.text(root, "backend") : Json.text(root, "endpoint_type");
        if (backend != null) {
            parts.labels.put("vllm.backend", backend);
        }
        parts.startedAt = date(json, root, path);
        long completed = json.count(root, path, "completed");
        long failed = Math.max(0, json.count(root, path, "failed"));
        double prompts = json.number(root, path, "num_prompts");
        parts.traffic = traffic(json, root, path, prompts, options, parts);
        parts.workload = "vLLM bench serve" + (backend == null ? "" : " (" + backend + ")")
                + (Double.isNaN(prompts) ? "" : String.format(Locale.ROOT, ", %.0f prompts", prompts));
        parts.durationSeconds = json.number(root, path, "duration");
        parts.succeeded = Math.max(0, completed);
        parts.requests = parts.succeeded + failed;
        if (failed > 0) {
            parts.failures.put(FailureKind.OTHER, failed);
        }
        parts.inputTokens = json.count(root, path, "total_input_tokens");
        parts.outputTokens = json.count(root, path, "total_output_tokens");
        parts.requestThroughput = json.number(root, path, "request_throughput");
        parts.outputThroughput = json.number(root, path, "output_throughput");
        parts.totalThroughput = json.number(root, path, "total_token_throughput");
        parts.peakOutputPerSecond = json.number(root, path, "max_output_tokens_per_s");
        parts.goodput = json.number(root, path, "request_goodput");
        long count = Math.max(0, completed);
        quoted(json, root, path, parts, "ttft", Metric.TTFT, count);
        quoted(json, root, path, parts, "ttft", Metric.TIME_TO_FIRST_CHUNK, count);
        quoted(json, root, path, parts, "tpot", Metric.TPOT, count);
        quoted(json, root, path, parts, "itl", Metric.ITL, 0);
        quoted(json, root, path, parts, "e2el", Metric.E2E, count);
        parts.warnings.add(TTFT_WARNING);

        JsonNode ttfts = json.array(root, path, "ttfts");
        JsonNode itls = json.array(root, path, "itls");
        JsonNode outputs = json.array(root, path, "output_lens");
        JsonNode inputs = json.array(root, path, "input_lens");
        if (ttfts == null || itls == null || outputs == null || inputs == null || ttfts.isEmpty()) {
            return parts.summary(options);
        }
        int n = ttfts.size();
        for (String k : new String[] {"itls", "output_lens", "input_lens", "latencies", "start_times", "errors"}) {
            JsonNode a = json.array(root, path, k);
            if (a != null && a.size() != n) {
                throw json.fail(Json.path(path, k), "must have one entry per request like ttfts (" + n + ")", null);
            }
        }
        JsonNode latencies = json.array(root, path, "latencies");
        JsonNode starts = json.array(root, path, "start_times");
        JsonNode errors = json.array(root, path, "errors");
        double origin = Double.POSITIVE_INFINITY;
        if (starts != null) {
            for (int i = 0; i < n; i++) {
                origin = Math.min(origin, json.number(starts.get(i), Json.path(path, "start_times[" + i + "]")));
            }
        }
        Instant base = parts.startedAt != null ? parts.startedAt : options.startedAt();
        List<RequestRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String ip = "[" + i + "]";
            double ttft = json.number(ttfts.get(i), Json.path(path, "ttfts" + ip));
            JsonNode gapsNode = itls.get(i);
            if (!gapsNode.isArray()) {
                throw json.fail(Json.path(path, "itls" + ip), "must be an array of seconds", gapsNode);
            }
            int[] gaps = new int[gapsNode.size()];
            double sum = 0;
            for (int k = 0; k < gaps.length; k++) {
                double g = json.number(gapsNode.get(k), Json.path(path, "itls" + ip + "[" + k + "]"));
                sum += g;
                gaps[k] = (int) Math.round(g * 1e6);
            }
            int out = (int) json.number(outputs.get(i), Json.path(path, "output_lens" + ip));
            int in = (int) json.number(inputs.get(i), Json.path(path, "input_lens" + ip));
            double latency = latencies != null ? json.number(latencies.get(i), Json.path(path, "latencies" + ip)) : ttft + sum;
            String error = errors == null || errors.get(i).isNull() || errors.get(i).asText().isBlank() ? null : errors.get(i).asText();
            boolean ok = error == null && (ttft > 0 || out > 0);
            long sent = starts == null ? 0 : Math.round((json.number(starts.get(i), "") - origin) * 1e9);
            long ttftNs = ok ? Math.round(ttft * 1e9) : -1;
            long e2eNs = ok ? Math.round(latency * 1e9) : -1;
            records.add(new RequestRecord(parts.name, i, PromptInfo.of("request-" + i), base.toEpochMilli() + sent / 1_000_000, sent, sent,
                    ttftNs, ttftNs, e2eNs, Math.max(0, Math.round(latency * 1e9)), ok ? gaps.length + 1 : 0, ok ? gaps : null,
                    in, TokenSource.TOKENIZER, ok ? out : -1, ok ? TokenSource.USAGE : TokenSource.NONE, -1, true,
                    ok ? null : FailureKind.OTHER, ok ? null : (error == null ? "failed (no output)" : error), ok ? 200 : 0, null));
        }
        EndpointResult r = parts.fromRecords(records, starts != null, options);
        List<String> warnings = new ArrayList<>(r.warnings());
        for (Metric m : new Metric[] {Metric.TTFT, Metric.E2E}) {
            MetricStats quoted = parts.metrics.get(m);
            double ours = r.metric(m).mean();
            if (quoted != null && !Double.isNaN(quoted.mean()) && r.metric(m).count() > 0
                    && Math.abs(ours - quoted.mean()) > 0.01 * Math.abs(quoted.mean())) {
                warnings.add(String.format(Locale.ROOT, "%s mean of the per-request arrays (%.3f ms) differs from the file's "
                        + "mean_%s_ms (%.3f ms) by more than 1%%", m.key(), ours, m == Metric.TTFT ? "ttft" : "e2el", quoted.mean()));
            }
        }
        return warnings.size() == r.warnings().size() ? r
                : r.withWarnings(warnings);
    }

    private static Instant date(Json json, JsonNode root, String path) {
        String d = Json.text(root, "date");
        if (d == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(d, DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw json.fail(Json.path(path, "date"), "must be a time like 20250301-143000", root.get("date"));
        }
    }

    private static Traffic traffic(Json json, JsonNode root, String path, double prompts, PeerOptions options, RunParts parts) {
        double rate = json.number(root, path, "request_rate");
        double cap = json.number(root, path, "max_concurrency");
        if (rate > 0 && !Double.isInfinite(rate)) {
            if (cap > 0) {
                parts.labels.put("vllm.max_concurrency", String.format(Locale.ROOT, "%.0f", cap));
            }
            return new Traffic(Traffic.Mode.RATE, rate);
        }
        if (cap > 0) {
            return new Traffic(Traffic.Mode.CONCURRENCY, cap);
        }
        if (prompts > 0) {
            parts.warnings.add("request rate inf without --max-concurrency: every request was sent at once, read as concurrency "
                    + String.format(Locale.ROOT, "%.0f", prompts));
            return new Traffic(Traffic.Mode.CONCURRENCY, prompts);
        }
        return options.trafficIfGiven().orElseThrow(() -> json.fail(Json.path(path, "request_rate"),
                "must be a finite rate, or max_concurrency or num_prompts must be given (or give PeerOptions.traffic, llmbench import --traffic)", root.get("request_rate")));
    }

    private static void quoted(Json json, JsonNode root, String path, RunParts parts, String key, Metric metric, long count) {
        double nan = Double.NaN;
        double p05 = json.number(root, path, "p5_" + key + "_ms");
        double p50 = json.number(root, path, "p50_" + key + "_ms");
        if (Double.isNaN(p50)) {
            p50 = json.number(root, path, "median_" + key + "_ms");
        }
        parts.stats(metric, count, json.number(root, path, "mean_" + key + "_ms"), json.number(root, path, "std_" + key + "_ms"),
                nan, nan, p05, p50, json.number(root, path, "p80_" + key + "_ms"), json.number(root, path, "p95_" + key + "_ms"),
                json.number(root, path, "p99_" + key + "_ms"), json.number(root, path, "p99.9_" + key + "_ms"));
    }
}
