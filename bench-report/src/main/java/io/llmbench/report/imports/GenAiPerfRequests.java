package io.llmbench.report.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * GenAI-Perf's per-request export (written by perf_analyzer, e.g. {@code 200_50.json}):
 * {@code experiments[]}, each with {@code experiment.mode} ({@code concurrency} or
 * {@code request_rate}) and {@code value}, and {@code requests[]} with {@code timestamp} (send time,
 * ns since the epoch), {@code response_timestamps[]} (ns) and {@code response_outputs[]} (the raw
 * SSE text of each response). Every request becomes a {@link RequestRecord} measured the way
 * llmbench measures: TTFT at the first response carrying content (GenAI-Perf's TTFT, which skips
 * the role-only first chunk), time to first chunk at the first response with {@code choices}, E2E
 * at the last content response, ITL the gaps between content responses, token counts from the
 * stream's {@code usage} (GenAI-Perf re-counts output tokens with its own tokenizer, so its TPOT
 * differs from the one recomputed here when the two counts disagree).
 */
final class GenAiPerfRequests {
    private GenAiPerfRequests() {
    }

    static boolean matches(JsonNode root) {
        JsonNode e = root.path("experiments");
        return e.isArray() && !e.isEmpty() && e.get(0).path("requests").isArray()
                && (e.get(0).get("requests").isEmpty() || e.get(0).get("requests").get(0).has("response_timestamps"));
    }

    static List<EndpointResult> read(Json json, JsonNode root, PeerOptions options) {
        List<EndpointResult> out = new ArrayList<>();
        JsonNode experiments = root.get("experiments");
        for (int e = 0; e < experiments.size(); e++) {
            String ep = "experiments[" + e + "]";
            JsonNode exp = experiments.get(e);
            RunParts parts = new RunParts();
            JsonNode mode = exp.path("experiment");
            String m = Json.text(mode, "mode");
            double value = json.number(mode, ep + ".experiment", "value");
            if (m != null && !Double.isNaN(value) && value > 0) {
                parts.traffic = switch (m.toLowerCase(Locale.ROOT)) {
                    case "concurrency" -> new Traffic(Traffic.Mode.CONCURRENCY, value);
                    case "request_rate", "request-rate", "rate" -> new Traffic(Traffic.Mode.RATE, value);
                    default -> throw json.fail(ep + ".experiment.mode", "must be concurrency or request_rate", mode.get("mode"));
                };
            } else if (options.trafficIfGiven().isPresent()) {
                parts.traffic = options.traffic();
            } else {
                throw json.fail(ep + ".experiment", "must give mode and value (or give PeerOptions.traffic, llmbench import --traffic)", mode);
            }
            JsonNode requests = json.array(exp, ep, "requests");
            List<RequestRecord> records = new ArrayList<>();
            long origin = Long.MAX_VALUE;
            for (JsonNode r : requests) {
                origin = Math.min(origin, nanos(json, r.get("timestamp"), ep + ".requests[].timestamp"));
            }
            for (int i = 0; i < requests.size() && parts.model == null; i++) {
                parts.model = model(requests.get(i));
            }
            if (parts.model == null) {
                parts.model = options.model();
            }
            if (parts.model == null) {
                throw new PeerFormatException(json.file, "names no model in its request payloads; give one (PeerOptions.model, llmbench import --model)");
            }
            parts.name = parts.model;
            for (int i = 0; i < requests.size(); i++) {
                records.add(record(json, requests.get(i), ep + ".requests[" + i + "]", i, origin, parts.name));
            }
            parts.workload = "GenAI-Perf per-request export (" + records.size() + " requests)";
            out.add(parts.fromRecords(records, true, options));
        }
        return out;
    }

    private static String model(JsonNode r) {
        String payload = Json.text(r.path("request_inputs"), "payload");
        if (payload == null) {
            return null;
        }
        try {
            return Json.text(Json.MAPPER.readTree(payload), "model");
        } catch (IOException e) {
            return null;
        }
    }

    private static long nanos(Json json, JsonNode v, String path) {
        if (v == null || v.isNull()) {
            throw json.fail(path, "must be a time in nanoseconds", v);
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw json.fail(path, "must be a time in nanoseconds", v);
            }
        }
        throw json.fail(path, "must be a time in nanoseconds", v);
    }

    private static RequestRecord record(Json json, JsonNode r, String rp, int index, long origin, String endpoint) {
        long t0 = nanos(json, r.get("timestamp"), rp + ".timestamp");
        JsonNode ts = json.array(r, rp, "response_timestamps");
        JsonNode outs = json.array(r, rp, "response_outputs");
        int n = ts == null ? 0 : ts.size();
        if (outs != null && outs.size() != n) {
            throw json.fail(rp + ".response_outputs", "must have one entry per response timestamp (" + n + ")", null);
        }
        long firstChunk = -1;
        long ttft = -1;
        long last = -1;
        long end = -1;
        int chunks = 0;
        List<Integer> gaps = new ArrayList<>();
        int prompt = -1;
        int completion = -1;
        boolean streamed = false;
        String error = null;
        for (int k = 0; k < n; k++) {
            long t = nanos(json, ts.get(k), rp + ".response_timestamps[" + k + "]") - t0;
            if (t < 0) {
                throw json.fail(rp + ".response_timestamps[" + k + "]", "must not be before the request's timestamp", ts.get(k));
            }
            end = Math.max(end, t);
            Chunks c = Chunks.of(outs == null ? null : Json.text(outs.get(k), "response"));
            streamed |= c.streamed;
            if (c.error != null) {
                error = c.error;
            }
            prompt = c.promptTokens >= 0 ? c.promptTokens : prompt;
            completion = c.completionTokens >= 0 ? c.completionTokens : completion;
            if (c.choices && firstChunk < 0) {
                firstChunk = t;
            }
            if (c.content) {
                if (ttft < 0) {
                    ttft = t;
                } else {
                    gaps.add((int) Math.min(Integer.MAX_VALUE, Math.round((t - last) / 1e3)));
                }
                last = t;
                chunks++;
            }
        }
        FailureKind failure = null;
        String message = null;
        if (error != null) {
            failure = FailureKind.STREAM_ERROR;
            message = "error in stream: " + error;
        } else if (ttft < 0) {
            failure = FailureKind.OTHER;
            message = "no response carried content (" + n + " responses)";
        }
        int[] itl = gaps.stream().mapToInt(Integer::intValue).toArray();
        long sent = t0 - origin;
        return new RequestRecord(endpoint, index, PromptInfo.of("request-" + index), t0 / 1_000_000, sent, sent,
                firstChunk, ttft, last, Math.max(0, end), chunks, itl,
                prompt, prompt >= 0 ? TokenSource.USAGE : TokenSource.NONE,
                failure == null ? completion : -1, failure == null && completion >= 0 ? TokenSource.USAGE : TokenSource.NONE,
                -1, streamed, failure, message, 200, null);
    }
}
