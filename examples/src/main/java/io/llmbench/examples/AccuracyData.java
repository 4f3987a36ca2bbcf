package io.llmbench.examples;

import io.llmbench.core.Traffic;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads benchmark results from files into observations per data set and deployment, for
 * {@link ModelAccuracy}. Formats are recognised by their header:
 * <ul>
 *   <li><b>The generic long format</b> (documented in docs/MODEL-ACCURACY.md, "Evaluate on your own
 *       data"): one row per run; columns {@code deployment} (or several {@code deployment.*} columns),
 *       {@code input_tokens}, {@code output_tokens}, {@code concurrency} or {@code rate} (requests per
 *       second), and any of the measure columns {@code ttft_ms}, {@code tpot_ms}, {@code itl_ms},
 *       {@code e2e_ms} (or {@code _s}, {@code _us}, {@code _ns} instead of {@code _ms}),
 *       {@code user_tps}, {@code output_throughput} (tokens/s), {@code request_throughput} (req/s).</li>
 *   <li>GenAI-Perf NIM sweep ({@code nim.csv}): one deployment per model × GPU × GPU count × precision;
 *       times converted from the {@code *-unit} columns.</li>
 *   <li>GenAI-Perf profile exports ({@code *profile_export_genai_perf.csv}): one run per file, the
 *       concurrency taken from {@code concurrencyN} in the file name, one deployment per directory.</li>
 *   <li>LLM-Inference-Bench ({@code All_results.csv}): one deployment per hardware × count × framework ×
 *       model; input = output = the length column; concurrency = batch size; E2E = batch latency;
 *       output throughput = throughput / 2 (the file counts input and output tokens, ISL = OSL).
 *       llama.cpp rows are skipped: their batch size is n_batch, not concurrency.</li>
 *   <li>The benchmark summary CSV ({@code provider_name,provider_model,...}): one deployment per
 *       provider × model; traffic from {@code traffic_mode}/{@code traffic_level}; means of TTFT, E2E
 *       and user TPS, job-level throughputs.</li>
 * </ul>
 * A file that cannot be read, or whose rows break the format, is an {@link IllegalArgumentException}
 * naming it (and the line). Reads the files only. Not thread-safe.
 */
final class AccuracyData {
    /** Data set name → deployment → observations. */
    private final Map<String, Map<String, List<Observation>>> sets = new TreeMap<>();
    private final Consumer<String> notes;

    AccuracyData(Consumer<String> notes) {
        this.notes = notes;
    }

    Map<String, Map<String, List<Observation>>> sets() {
        return sets;
    }

    /**
     * Reads a file, or every {@code .csv} under a directory. In a directory, CSV files of no known
     * format are passed over with a note; a file named directly must be of a known format.
     */
    void read(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such file or directory");
        }
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(path)) {
                files = s.filter(f -> f.toString().endsWith(".csv") && Files.isRegularFile(f)).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalArgumentException(path + ": cannot list the directory: " + e.getMessage(), e);
            }
            for (Path f : files) {
                if (!load(f)) {
                    notes.accept("note: " + f + ": not a format ModelAccuracy reads; passed over");
                }
            }
        } else if (!load(path)) {
            throw new IllegalArgumentException(path + ": header matches none of the formats ModelAccuracy reads "
                    + "(the generic long format needs deployment, input_tokens, output_tokens columns; see docs/MODEL-ACCURACY.md)");
        }
    }

    /** Loads one file; false when its header is of no known format. */
    private boolean load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e, e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException(file + ": is empty; a header row was expected");
        }
        List<String> header = split(lines.get(0));
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim(), i);
        }
        String name = file.getFileName().toString();
        if (col.containsKey("input_tokens") && col.containsKey("output_tokens")
                && col.keySet().stream().anyMatch(c -> c.equals("deployment") || c.startsWith("deployment."))) {
            loadLong(file, lines, header, col, set("long format: " + name));
        } else if (col.containsKey("time_to_first_token-avg")) {
            loadNim(file, lines, col, set("nim.csv (GenAI-Perf NIM sweep)"));
        } else if (col.containsKey("Metric") && col.containsKey("avg") && name.contains("profile_export")) {
            loadProfileExport(file, lines, set("GenAI-Perf profile exports (" + file.getParent().getFileName() + ")"));
        } else if (col.containsKey("Batch Size") && col.containsKey("Latency")) {
            loadArgonne(file, lines, col, set("All_results.csv (LLM-Inference-Bench)"));
        } else if (col.containsKey("provider_name") && col.containsKey("ttft_mean")) {
            loadSummary(file, lines, col, set("benchmark summary CSV (" + file.getParent().getFileName() + ")"));
        } else {
            return false;
        }
        return true;
    }

    private Map<String, List<Observation>> set(String name) {
        return sets.computeIfAbsent(name, k -> new TreeMap<>());
    }

    private static final class Row {
        final List<String> cells;
        final Map<String, Integer> col;
        final Path file;
        final int line;

        Row(List<String> cells, Map<String, Integer> col, Path file, int line) {
            this.cells = cells;
            this.col = col;
            this.file = file;
            this.line = line;
        }

        String text(String name) {
            Integer i = col.get(name);
            if (i == null || i >= cells.size()) {
                throw new IllegalArgumentException(file + " line " + line + ": column '" + name + "' is missing");
            }
            return cells.get(i).trim();
        }

        boolean blank(String name) {
            Integer i = col.get(name);
            return i == null || i >= cells.size() || cells.get(i).isBlank();
        }

        double number(String name) {
            String t = text(name);
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + line + ": column '" + name + "' must be a number, but was '" + t + "'", e);
            }
        }

        /** A time column in milliseconds, using its {@code -unit} column. */
        double millis(String base) {
            String unit = text(base + "-unit");
            return number(base + "-avg") * scaleToMillis(unit, file + " line " + line + ": " + base + "-unit");
        }

        String source() {
            return file.getFileName() + ":" + line;
        }
    }

    static double scaleToMillis(String unit, String where) {
        return switch (unit) {
            case "ns" -> 1e-6;
            case "us" -> 1e-3;
            case "ms" -> 1;
            case "s", "sec" -> 1e3;
            default -> throw new IllegalArgumentException(where + " must be ns, us, ms or s, but was '" + unit + "'");
        };
    }

    private interface RowReader {
        void read(Row r);
    }

    private static void rows(Path file, List<String> lines, Map<String, Integer> col, RowReader reader) {
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                reader.read(new Row(split(lines.get(i)), col, file, i + 1));
            }
        }
    }

    /** Latency columns of the long format: measure key, then the unit suffixes it may carry. */
    private static final Pattern LATENCY = Pattern.compile("(ttft|tpot|itl|e2e)_(ms|s|us|ns)");
    private static final Map<String, Measure> RATES = Map.of("user_tps", Measure.USER_TPS,
            "output_throughput", Measure.OUTPUT_THROUGHPUT, "request_throughput", Measure.REQUEST_THROUGHPUT);

    private void loadLong(Path file, List<String> lines, List<String> header, Map<String, Integer> col, Map<String, List<Observation>> groups) {
        List<String> deployment = new ArrayList<>();
        Map<String, Measure> measures = new LinkedHashMap<>();
        Map<String, Double> scale = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String h : header) {
            String c = h.trim();
            Matcher m = LATENCY.matcher(c);
            if (c.equals("deployment") || c.startsWith("deployment.")) {
                deployment.add(c);
            } else if (m.matches()) {
                measures.put(c, Measure.ofKey(m.group(1)));
                scale.put(c, scaleToMillis(m.group(2), file + ": column " + c));
            } else if (RATES.containsKey(c)) {
                measures.put(c, RATES.get(c));
                scale.put(c, 1.0);
            } else if (!List.of("input_tokens", "output_tokens", "concurrency", "rate").contains(c) && !c.isEmpty()) {
                unknown.add(c);
            }
        }
        if (measures.isEmpty()) {
            throw new IllegalArgumentException(file + ": the long format needs at least one measure column (ttft_ms, tpot_ms, itl_ms, "
                    + "e2e_ms, user_tps, output_throughput, request_throughput), but the header has none");
        }
        if (!col.containsKey("concurrency") && !col.containsKey("rate")) {
            throw new IllegalArgumentException(file + ": the long format needs a concurrency or a rate column, but the header has neither");
        }
        if (!unknown.isEmpty()) {
            notes.accept("note: " + file + ": columns " + unknown + " are not part of the long format; ignored");
        }
        rows(file, lines, col, r -> {
            StringBuilder group = new StringBuilder();
            for (String d : deployment) {
                group.append(group.length() == 0 ? "" : " ").append(r.text(d));
            }
            boolean hasC = !r.blank("concurrency");
            boolean hasR = !r.blank("rate");
            if (hasC == hasR) {
                throw new IllegalArgumentException(file + " line " + r.line + ": exactly one of concurrency and rate must be given, but "
                        + (hasC ? "both were" : "neither was"));
            }
            Observation.Builder b = Observation.builder().source(r.source()).inputTokens(r.number("input_tokens"))
                    .outputTokens(r.number("output_tokens"));
            if (hasC) {
                b.concurrency(r.number("concurrency"));
            } else {
                b.rate(r.number("rate"));
            }
            measures.forEach((c, m) -> {
                if (!r.blank(c)) {
                    b.value(m, r.number(c) * scale.get(c));
                }
            });
            try {
                groups.computeIfAbsent(group.toString(), k -> new ArrayList<>()).add(b.build());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + r.line + ": " + e.getMessage(), e);
            }
        });
    }

    private static void loadNim(Path file, List<String> lines, Map<String, Integer> col, Map<String, List<Observation>> groups) {
        rows(file, lines, col, r -> {
            String group = r.text("task_inputs-model") + " " + r.text("task_inputs-GPU") + " x" + r.text("task_inputs-n_gpus")
                    + " " + r.text("task_inputs-precision");
            double out = r.number("num_output_token-avg");
            double ttft = r.millis("time_to_first_token");
            double e2e = r.millis("request_latency");
            Observation o = Observation.builder().source(r.source()).inputTokens(r.number("num_input_token-avg")).outputTokens(out)
                    .concurrency(r.number("input_config-concurrency"))
                    .value(Measure.TTFT, ttft)
                    .value(Measure.TPOT, r.millis("inter_token_latency")) // GenAI-Perf's ITL is (e2e - ttft) / (osl - 1): our TPOT
                    .value(Measure.E2E, e2e)
                    .value(Measure.USER_TPS, 1000 * out / (e2e - ttft)) // our definition, from the row's means
                    .value(Measure.OUTPUT_THROUGHPUT, r.number("output_token_throughput-avg"))
                    .value(Measure.REQUEST_THROUGHPUT, r.number("request_throughput-avg"))
                    .build();
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(o);
        });
    }

    private static final Pattern CONCURRENCY_IN_NAME = Pattern.compile("concurrency(\\d+)");

    private static void loadProfileExport(Path file, List<String> lines, Map<String, List<Observation>> groups) {
        Matcher m = CONCURRENCY_IN_NAME.matcher(file.getFileName().toString());
        if (!m.find()) {
            throw new IllegalArgumentException(file + ": a GenAI-Perf profile export's concurrency is read from 'concurrencyN' in its "
                    + "file name, but the name has none");
        }
        Map<String, Double> avg = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> cells = split(lines.get(i));
            if (cells.size() >= 2 && !cells.get(0).isBlank() && !cells.get(0).equals("Metric")) {
                try {
                    avg.put(cells.get(0).trim(), Double.parseDouble(cells.get(1).trim().replace(",", ""))); // "1,024.21"
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": the value of '" + cells.get(0) + "' must be a number, "
                            + "but was '" + cells.get(1) + "'", e);
                }
            }
        }
        String[] needed = {"Time To First Token (ms)", "Inter Token Latency (ms)", "Request Latency (ms)", "Output Sequence Length",
            "Input Sequence Length", "Output Token Throughput (per sec)", "Request Throughput (per sec)"};
        for (String k : needed) {
            if (!avg.containsKey(k)) {
                throw new IllegalArgumentException(file + ": a GenAI-Perf profile export must have the metric '" + k + "', but has none");
            }
        }
        double out = avg.get("Output Sequence Length");
        double ttft = avg.get("Time To First Token (ms)");
        double e2e = avg.get("Request Latency (ms)");
        Observation o = Observation.builder().source(file.getFileName().toString()).inputTokens(avg.get("Input Sequence Length"))
                .outputTokens(out).concurrency(Double.parseDouble(m.group(1)))
                .value(Measure.TTFT, ttft)
                .value(Measure.TPOT, avg.get("Inter Token Latency (ms)"))
                .value(Measure.E2E, e2e)
                .value(Measure.USER_TPS, 1000 * out / (e2e - ttft))
                .value(Measure.OUTPUT_THROUGHPUT, avg.get("Output Token Throughput (per sec)"))
                .value(Measure.REQUEST_THROUGHPUT, avg.get("Request Throughput (per sec)"))
                .build();
        groups.computeIfAbsent(file.getParent().getFileName().toString(), k -> new ArrayList<>()).add(o);
    }

    private static void loadArgonne(Path file, List<String> lines, Map<String, Integer> col, Map<String, List<Observation>> groups) {
        rows(file, lines, col, r -> {
            if (r.text("Framework").equalsIgnoreCase("llama.cpp")) {
                return;
            }
            String group = r.text("Hardware") + " x" + r.text("Num of Hardware") + " " + r.text("Framework") + " " + r.text("Model");
            double length = r.number("Input Output Length");
            double batch = r.number("Batch Size");
            double latency = r.number("Latency");
            double throughput = r.number("Throughput");
            if (!(latency > 0) || !(throughput > 0)) {
                return;
            }
            Observation o = Observation.builder().source(r.source()).inputTokens(length).outputTokens(length).concurrency(batch)
                    .value(Measure.E2E, latency * 1000)
                    .value(Measure.OUTPUT_THROUGHPUT, throughput / 2)
                    .value(Measure.REQUEST_THROUGHPUT, batch / latency)
                    .build();
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(o);
        });
    }

    private static void loadSummary(Path file, List<String> lines, Map<String, Integer> col, Map<String, List<Observation>> groups) {
        rows(file, lines, col, r -> {
            String group = r.text("provider_name") + " " + r.text("provider_model");
            Observation.Builder b = Observation.builder().source(r.source())
                    .inputTokens(r.number("input_avg_len")).outputTokens(r.number("output_avg_len"))
                    .traffic(new Traffic(Traffic.Mode.parse(r.text("traffic_mode")), r.number("traffic_level")));
            Map<Measure, String> columns = new LinkedHashMap<>();
            columns.put(Measure.TTFT, "ttft_mean");
            columns.put(Measure.E2E, "e2e_mean");
            columns.put(Measure.USER_TPS, "user_tps_mean");
            columns.put(Measure.OUTPUT_THROUGHPUT, "summary_job_level_tps");
            columns.put(Measure.REQUEST_THROUGHPUT, "summary_actual_qps");
            columns.forEach((m, c) -> b.value(m, r.number(c)));
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(b.build());
        });
    }

    /** Splits one CSV line (RFC 4180 quoting; no embedded newlines in these files). */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
