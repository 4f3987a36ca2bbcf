package io.llmbench.report.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Metric;
import io.llmbench.core.Traffic;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * GenAI-Perf's and AIPerf's summary exports, {@code profile_export_*.json} and {@code .csv}.
 * AIPerf's JSON deliberately mirrors GenAI-Perf's: one object per metric with {@code unit},
 * {@code avg}, {@code std}, {@code min}, {@code max} and percentiles ({@code p25} ... {@code p99};
 * AIPerf adds {@code p1}, {@code p5}, {@code p10}). The CSVs hold the same figures to two
 * decimals in two sections ({@code Metric,avg,...} and {@code Metric,Value}); they are turned into
 * the JSON shape and read by the same code. Neither names the model or the load in the CSV: that
 * comes from the JSON export beside it (same file name, {@code .json}) or from {@link PeerOptions}.
 *
 * <p>Their "inter token latency" is (request latency − TTFT) / (output tokens − 1), which is
 * llmbench's {@link Metric#TPOT}; their "request latency" runs to the last response, which is
 * {@link Metric#E2E}; their TTFT is the first response with content, {@link Metric#TTFT}. AIPerf's
 * "inter chunk latency" is {@link Metric#ITL}. Output and input sequence lengths are counted by
 * the tool's tokenizer.
 */
final class ProfileExports {
    private ProfileExports() {
    }

    /** Whether a JSON object is a profile export summary: it has the metric objects both tools write. */
    static boolean isSummary(JsonNode root) {
        return root.isObject() && root.path("time_to_first_token").has("unit") && root.path("request_latency").has("unit");
    }

    /** AIPerf nests its configuration ({@code input_config.endpoint}, {@code .loadgen}) and writes request counts. */
    static boolean isAiPerf(JsonNode root) {
        JsonNode cfg = root.path("input_config");
        return cfg.has("endpoint") && cfg.get("endpoint").isObject() || root.has("benchmark_duration") || root.has("request_count");
    }

    static EndpointResult readJson(Json json, JsonNode root, PeerOptions options) {
        RunParts parts = new RunParts();
        boolean aiperf = isAiPerf(root);
        configure(json, parts, root.path("input_config"), aiperf, options);
        summary(json, root, parts, aiperf);
        if (aiperf) {
            parts.startedAt = json.time(root, "", "start_time");
        }
        return parts.summary(options);
    }

    /** Reads a CSV export; the configuration comes from the JSON export beside it or from the options. */
    static EndpointResult readCsv(Json json, boolean aiperf, PeerOptions options) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        CsvParserSettings s = new CsvParserSettings();
        s.setLineSeparatorDetectionEnabled(true);
        s.setSkipEmptyLines(true);
        s.setMaxColumns(64);
        List<String[]> rows;
        try (Reader in = Files.newBufferedReader(json.file, StandardCharsets.UTF_8)) {
            rows = new CsvParser(s).parseAll(in);
        }
        String[] header = null;
        int line = 0;
        for (String[] row : rows) {
            line++;
            if (row.length == 0 || row[0] == null) {
                continue;
            }
            if ("Metric".equalsIgnoreCase(row[0].trim())) {
                header = row;
                continue;
            }
            if (header == null) {
                throw new PeerFormatException(json.file, "row " + line + " must follow a 'Metric,...' header, but was '" + String.join(",", row) + "'");
            }
            String name = row[0].trim();
            String unit = null;
            int paren = name.lastIndexOf('(');
            if (paren > 0 && name.endsWith(")")) {
                unit = name.substring(paren + 1, name.length() - 1).trim();
                name = name.substring(0, paren).trim();
            }
            ObjectNode metric = root.putObject(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
            metric.put("unit", unit == null ? "" : unit);
            for (int i = 1; i < row.length && i < header.length; i++) {
                if (row[i] == null || row[i].isBlank()) {
                    continue;
                }
                String key = "value".equalsIgnoreCase(header[i].trim()) ? "avg" : header[i].trim();
                String cell = row[i].trim().replace(",", "");
                try {
                    metric.put(key, Double.parseDouble(cell));
                } catch (NumberFormatException e) {
                    throw new PeerFormatException(json.file, "row " + line + " (" + row[0].trim() + ") column " + header[i].trim()
                            + " must be a number, but was '" + row[i] + "'");
                }
            }
        }
        if (!isSummary(root)) {
            throw new PeerFormatException(json.file, "must have rows 'Time To First Token (ms)' and 'Request Latency (ms)'");
        }
        RunParts parts = new RunParts();
        JsonNode config = sibling(json);
        configure(json, parts, config == null ? Json.MAPPER.createObjectNode() : config.path("input_config"), aiperf, options);
        summary(json, root, parts, aiperf);
        if (config != null && aiperf) {
            parts.startedAt = new Json(json.file.resolveSibling(siblingName(json.file))).time(config, "", "start_time");
        }
        return parts.summary(options);
    }

    private static String siblingName(Path csv) {
        String n = csv.getFileName().toString();
        return n.substring(0, n.length() - ".csv".length()) + ".json";
    }

    /** The JSON export beside a CSV export, or null. */
    private static JsonNode sibling(Json json) {
        Path p = json.file.resolveSibling(siblingName(json.file));
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(p.toFile());
            return n != null && isSummary(n) ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void configure(Json json, RunParts parts, JsonNode cfg, boolean aiperf, PeerOptions options) {
        String tool = aiperf ? "AIPerf" : "GenAI-Perf";
        String model;
        double concurrency;
        double rate;
        if (aiperf) {
            JsonNode endpoint = cfg.path("endpoint");
            model = first(endpoint.get("model_names"));
            concurrency = json.number(cfg.path("loadgen"), "input_config.loadgen", "concurrency");
            rate = json.number(cfg.path("loadgen"), "input_config.loadgen", "request_rate");
        } else {
            model = first(cfg.get("model"));
            if (model == null) {
                model = Json.text(cfg, "formatted_model_name");
            }
            concurrency = json.number(cfg, "input_config", "concurrency");
            rate = json.number(cfg, "input_config", "request_rate");
            parts.engine = Json.text(cfg, "backend");
            double in = json.number(cfg, "input_config", "synthetic_input_tokens_mean");
            double out = json.number(cfg, "input_config", "output_tokens_mean");
            if (!Double.isNaN(in) && !Double.isNaN(out)) {
                parts.workload = String.format(Locale.ROOT, "GenAI-Perf synthetic prompts: %.0f input, %.0f output tokens", in, out);
            }
        }
        parts.model = model != null ? model : options.model();
        if (parts.model == null) {
            throw new PeerFormatException(json.file, "names no model (input_config); give one (PeerOptions.model, llmbench import --model)"
                    + (json.file.toString().endsWith(".csv") ? " or keep the JSON export " + siblingName(json.file) + " beside it" : ""));
        }
        if (!Double.isNaN(rate) && rate > 0) {
            parts.traffic = new Traffic(Traffic.Mode.RATE, rate);
        } else if (!Double.isNaN(concurrency) && concurrency > 0) {
            parts.traffic = new Traffic(Traffic.Mode.CONCURRENCY, concurrency);
        } else if (options.trafficIfGiven().isPresent()) {
            parts.traffic = options.traffic();
        } else {
            throw new PeerFormatException(json.file, "records no concurrency or request rate (input_config); give the traffic "
                    + "(PeerOptions.traffic, llmbench import --traffic)"
                    + (json.file.toString().endsWith(".csv") ? " or keep the JSON export " + siblingName(json.file) + " beside it" : ""));
        }
        if (parts.workload == null) {
            parts.workload = tool + " profile export";
        }
    }

    private static String first(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            return v.isEmpty() ? null : Json.text(Json.MAPPER.createObjectNode().set("m", v.get(0)), "m");
        }
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static void summary(Json json, JsonNode root, RunParts parts, boolean aiperf) {
        double quotedCount = value(json, root, "request_count", Double.NaN);
        double errors = value(json, root, "error_request_count", 0);
        boolean countKnown = quotedCount >= 0;
        long count = countKnown ? Math.round(quotedCount) : 0;
        if (!countKnown) {
            parts.warnings.add((aiperf ? "AIPerf" : "GenAI-Perf") + "'s summary does not say how many requests it measured: "
                    + "sample counts are 0 (unknown)");
        }
        quoted(json, root, parts, "time_to_first_token", Metric.TTFT, count, true);
        quoted(json, root, parts, "inter_token_latency", Metric.TPOT, count, true);
        quoted(json, root, parts, "inter_chunk_latency", Metric.ITL, 0, true);
        quoted(json, root, parts, "request_latency", Metric.E2E, count, true);
        quoted(json, root, parts, "input_sequence_length", Metric.INPUT_TOKENS, count, false);
        quoted(json, root, parts, "output_sequence_length", Metric.OUTPUT_TOKENS, count, false);
        parts.requestThroughput = value(json, root, "request_throughput", Double.NaN);
        parts.outputThroughput = value(json, root, "output_token_throughput", Double.NaN);
        double isl = value(json, root, "input_sequence_length", Double.NaN);
        double osl = value(json, root, "output_sequence_length", Double.NaN);
        parts.totalThroughput = parts.requestThroughput * (isl + osl);
        JsonNode duration = root.get("benchmark_duration");
        if (duration != null && duration.isObject()) {
            double perUnit = RunParts.millisPer(Json.text(duration, "unit"));
            parts.durationSeconds = json.number(duration, "benchmark_duration", "avg") * (Double.isNaN(perUnit) ? 1000 : perUnit) / 1000;
        } else if (countKnown && parts.requestThroughput > 0) {
            parts.durationSeconds = count / parts.requestThroughput;
        }
        parts.succeeded = count;
        if (errors > 0) {
            parts.failures.put(FailureKind.OTHER, Math.round(errors));
        }
        if (countKnown) {
            parts.inputTokens = Double.isNaN(isl) ? -1 : Math.round(isl * count);
            parts.outputTokens = Double.isNaN(osl) ? -1 : Math.round(osl * count);
        }
    }

    private static double value(Json json, JsonNode root, String metric, double missing) {
        JsonNode m = root.get(metric);
        if (m == null || m.isNull()) {
            return missing;
        }
        double v = json.number(m, metric, "avg");
        return Double.isNaN(v) ? missing : v;
    }

    private static void quoted(Json json, JsonNode root, RunParts parts, String key, Metric metric, long count, boolean time) {
        JsonNode m = json.object(root, "", key);
        if (m == null) {
            return;
        }
        double scale = 1;
        if (time) {
            scale = RunParts.millisPer(Json.text(m, "unit"));
            if (Double.isNaN(scale)) {
                throw json.fail(key + ".unit", "must be ms, s or ns", m.get("unit"));
            }
        }
        double f = scale;
        java.util.function.Function<String, Double> v = k -> json.number(m, key, k) * f;
        parts.stats(metric, count, v.apply("avg"), v.apply("std"), v.apply("min"), v.apply("max"), v.apply("p5"),
                v.apply("p50"), Double.NaN, v.apply("p95"), v.apply("p99"), Double.NaN);
    }
}
