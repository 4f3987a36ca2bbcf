package io.llmbench.examples;

import io.llmbench.model.Accuracy;
import io.llmbench.model.AccuracyReport;
import io.llmbench.model.Confidence;
import io.llmbench.model.Evaluation;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Predictor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Measures how well each predictor predicts held-out benchmark results from public data sets, by
 * leave-one-out within each deployment, and prints Markdown tables of median and p90 absolute
 * percentage error and interval coverage per measure.
 *
 * <pre>
 * java -cp ... io.llmbench.examples.ModelAccuracy [--threads 2] [--level 0.9] [--predictors linear,knn,physical,auto] PATH...
 * </pre>
 *
 * Each PATH is a file or a directory searched recursively. Formats are recognised by their header:
 * <ul>
 *   <li>GenAI-Perf NIM sweep ({@code nim.csv}): one group per model × GPU × GPU count × precision;
 *       dimensions (input, output, concurrency); times converted from the {@code *-unit} columns.</li>
 *   <li>LLM-Inference-Bench ({@code All_results.csv}): one group per hardware × count × framework ×
 *       model; input = output = the length column; concurrency = batch size; E2E = batch latency;
 *       output throughput = throughput / 2 (the file counts input and output tokens, ISL = OSL).
 *       llama.cpp rows are skipped: their batch size is n_batch, not concurrency.</li>
 *   <li>The benchmark summary CSV ({@code provider_name,provider_model,...}): one group per provider ×
 *       model; traffic from {@code traffic_mode}/{@code traffic_level}; means of TTFT, E2E and user TPS.</li>
 * </ul>
 * Reads the files only; nothing is written.
 */
public final class ModelAccuracy {
    private static final Measure[] ORDER = {Measure.TTFT, Measure.TPOT, Measure.E2E, Measure.USER_TPS,
            Measure.OUTPUT_THROUGHPUT, Measure.REQUEST_THROUGHPUT};

    private ModelAccuracy() {
    }

    public static void main(String[] args) throws IOException {
        int threads = 2;
        double level = Predictor.DEFAULT_LEVEL;
        List<String> predictorNames = List.of("linear", "knn", "physical", "auto");
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--level" -> level = Double.parseDouble(args[++i]);
                case "--predictors" -> predictorNames = List.of(args[++i].split(","));
                default -> paths.add(Path.of(args[i]));
            }
        }
        if (paths.isEmpty()) {
            System.err.println("usage: ModelAccuracy [--threads N] [--level 0.9] [--predictors linear,knn,physical,auto] PATH...");
            System.exit(2);
        }
        Map<String, Map<String, List<Observation>>> datasets = new TreeMap<>();
        for (Path p : paths) {
            List<Path> files;
            try (Stream<Path> s = Files.isDirectory(p) ? Files.walk(p) : Stream.of(p)) {
                files = s.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
            }
            for (Path f : files) {
                load(f, datasets);
            }
        }
        run(datasets, predictorNames, level, threads, System.out);
    }

    /** Evaluates every predictor on every data set and prints the tables. */
    static void run(Map<String, Map<String, List<Observation>>> datasets, List<String> predictorNames, double level,
                    int threads, PrintStream out) {
        for (Map.Entry<String, Map<String, List<Observation>>> ds : datasets.entrySet()) {
            int rows = ds.getValue().values().stream().mapToInt(List::size).sum();
            out.printf(Locale.ROOT, "%n### %s: %d observations in %d groups, leave-one-out within each group, %.0f%% intervals%n%n",
                    ds.getKey(), rows, ds.getValue().size(), level * 100);
            out.println("| predictor | measure | n | median APE | p90 APE | coverage | median interval width | fit+predict time |");
            out.println("|---|---|---:|---:|---:|---:|---:|---:|");
            AccuracyReport last = null;
            for (String name : predictorNames) {
                Predictor predictor = Predictor.named(name);
                long t0 = System.nanoTime();
                AccuracyReport r = Evaluation.leaveOneOut(predictor, ds.getValue(), level, threads);
                double seconds = (System.nanoTime() - t0) / 1e9;
                for (Measure m : ORDER) {
                    r.accuracy(m).ifPresent(a -> out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %.1f%% | %s | %.1f s |%n",
                            r.predictor(), m.key(), a.count(), pct(a.medianApe()), pct(a.p90Ape()), a.coverage() * 100,
                            pct(a.medianRelativeWidth()), seconds));
                }
                if (!r.skipped().isEmpty()) {
                    out.printf(Locale.ROOT, "| %s | (%d folds skipped, e.g. %s) | | | | | | |%n", r.predictor(), r.skipped().size(),
                            r.skipped().get(0).replace('|', '/'));
                }
                last = r;
            }
            if (last != null) {
                out.printf(Locale.ROOT, "%n%s by confidence level (median APE / p90 APE / coverage, n):%n%n", last.predictor());
                out.println("| measure | HIGH | MEDIUM | LOW |");
                out.println("|---|---|---|---|");
                for (Measure m : ORDER) {
                    if (last.accuracy(m).isEmpty()) {
                        continue;
                    }
                    StringBuilder sb = new StringBuilder("| " + m.key());
                    for (Confidence c : Confidence.values()) {
                        sb.append(" | ").append(last.accuracy(m, c).map(a -> pct(a.medianApe()) + " / " + pct(a.p90Ape())
                                + " / " + String.format(Locale.ROOT, "%.0f%%", a.coverage() * 100) + ", " + a.count()).orElse("-"));
                    }
                    out.println(sb.append(" |"));
                }
            }
        }
    }

    private static String pct(double fraction) {
        if (Double.isInfinite(fraction)) {
            return "inf";
        }
        return fraction >= 10 ? String.format(Locale.ROOT, "%.0f%%", fraction * 100) : String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    // ---------------------------------------------------------------- loading

    static void load(Path file, Map<String, Map<String, List<Observation>>> datasets) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        List<String> header = split(lines.get(0));
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim(), i);
        }
        if (col.containsKey("time_to_first_token-avg")) {
            loadNim(file, lines, col, datasets.computeIfAbsent("nim.csv (GenAI-Perf NIM sweep)", k -> new TreeMap<>()));
        } else if (col.containsKey("Batch Size") && col.containsKey("Latency")) {
            loadArgonne(file, lines, col, datasets.computeIfAbsent("All_results.csv (LLM-Inference-Bench)", k -> new TreeMap<>()));
        } else if (col.containsKey("provider_name") && col.containsKey("ttft_mean")) {
            loadSummary(file, lines, col, datasets.computeIfAbsent("benchmark summary CSV (" + file.getParent().getFileName() + ")",
                    k -> new TreeMap<>()));
        }
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

        double number(String name) {
            String t = text(name);
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + line + ": column '" + name + "' must be a number, but was '" + t + "'");
            }
        }

        /** A time column in milliseconds, using its {@code -unit} column. */
        double millis(String base) {
            String unit = text(base + "-unit");
            double scale = switch (unit) {
                case "ns" -> 1e-6;
                case "us" -> 1e-3;
                case "ms" -> 1;
                case "s", "sec" -> 1e3;
                default -> throw new IllegalArgumentException(file + " line " + line + ": " + base + "-unit must be ns, us, ms or s, but was '" + unit + "'");
            };
            return number(base + "-avg") * scale;
        }

        String source() {
            return file.getFileName() + ":" + line;
        }
    }

    private static void loadNim(Path file, List<String> lines, Map<String, Integer> col, Map<String, List<Observation>> groups) {
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Row r = new Row(split(lines.get(i)), col, file, i + 1);
            String group = r.text("task_inputs-model") + " " + r.text("task_inputs-GPU") + " x" + r.text("task_inputs-n_gpus")
                    + " " + r.text("task_inputs-precision");
            double in = r.number("num_input_token-avg");
            double out = r.number("num_output_token-avg");
            double ttft = r.millis("time_to_first_token");
            double e2e = r.millis("request_latency");
            Observation o = Observation.builder().source(r.source()).inputTokens(in).outputTokens(out)
                    .concurrency(r.number("input_config-concurrency"))
                    .value(Measure.TTFT, ttft)
                    .value(Measure.TPOT, r.millis("inter_token_latency")) // GenAI-Perf's ITL is (e2e - ttft) / (osl - 1): our TPOT
                    .value(Measure.E2E, e2e)
                    .value(Measure.USER_TPS, 1000 * out / (e2e - ttft)) // our definition, from the row's means
                    .value(Measure.OUTPUT_THROUGHPUT, r.number("output_token_throughput-avg"))
                    .value(Measure.REQUEST_THROUGHPUT, r.number("request_throughput-avg"))
                    .build();
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(o);
        }
    }

    private static void loadArgonne(Path file, List<String> lines, Map<String, Integer> col, Map<String, List<Observation>> groups) {
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Row r = new Row(split(lines.get(i)), col, file, i + 1);
            if (r.text("Framework").equalsIgnoreCase("llama.cpp")) {
                continue;
            }
            String group = r.text("Hardware") + " x" + r.text("Num of Hardware") + " " + r.text("Framework") + " " + r.text("Model");
            double length = r.number("Input Output Length");
            double batch = r.number("Batch Size");
            double latency = r.number("Latency");
            double throughput = r.number("Throughput");
            if (!(latency > 0) || !(throughput > 0)) {
                continue;
            }
            Observation o = Observation.builder().source(r.source()).inputTokens(length).outputTokens(length).concurrency(batch)
                    .value(Measure.E2E, latency * 1000)
                    .value(Measure.OUTPUT_THROUGHPUT, throughput / 2)
                    .value(Measure.REQUEST_THROUGHPUT, batch / latency)
                    .build();
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(o);
        }
    }

    private static void loadSummary(Path file, List<String> lines, Map<String, Integer> col, Map<String, List<Observation>> groups) {
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Row r = new Row(split(lines.get(i)), col, file, i + 1);
            String group = r.text("provider_name") + " " + r.text("provider_model");
            Observation.Builder b = Observation.builder().source(r.source())
                    .inputTokens(r.number("input_avg_len")).outputTokens(r.number("output_avg_len"))
                    .traffic(new io.llmbench.core.Traffic(io.llmbench.core.Traffic.Mode.parse(r.text("traffic_mode")), r.number("traffic_level")));
            Map<Measure, String> columns = new LinkedHashMap<>();
            columns.put(Measure.TTFT, "ttft_mean");
            columns.put(Measure.E2E, "e2e_mean");
            columns.put(Measure.USER_TPS, "user_tps_mean");
            columns.put(Measure.OUTPUT_THROUGHPUT, "summary_job_level_tps");
            columns.put(Measure.REQUEST_THROUGHPUT, "summary_actual_qps");
            columns.forEach((m, c) -> b.value(m, r.number(c)));
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(b.build());
        }
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
