package io.llmbench.examples;

import io.llmbench.model.Accuracy;
import io.llmbench.model.AccuracyReport;
import io.llmbench.model.Confidence;
import io.llmbench.model.Evaluation;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Predictor;
import io.llmbench.model.Split;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures how well each predictor predicts held-out benchmark results, per data set and per
 * {@link Split} (leave-one-out within each deployment; the upper half of traffic levels from the
 * lower half; the longest input and the longest output from the rest), and prints Markdown tables:
 * error, interval coverage and width per measure, and per confidence word.
 *
 * <pre>
 * java -cp ... io.llmbench.examples.ModelAccuracy [--threads 2] [--level 0.9] [--predictors linear,knn,physical,auto]
 *      [--splits leave-one-out,upper-traffic,longest-input,longest-output] PATH...
 * </pre>
 *
 * Each PATH is a file or a directory searched for {@code .csv} files; the formats are those of
 * {@link AccuracyData} (the generic long format is documented in docs/MODEL-ACCURACY.md). A path
 * that cannot be read, or a named file of no known format, ends the program with exit code 1 and a
 * message naming it; bad options with exit code 2. Reads the files only; nothing is written.
 */
public final class ModelAccuracy {
    private static final Measure[] ORDER = {Measure.TTFT, Measure.TPOT, Measure.ITL, Measure.E2E, Measure.USER_TPS,
        Measure.OUTPUT_THROUGHPUT, Measure.REQUEST_THROUGHPUT};
    static final String USAGE = "usage: ModelAccuracy [--threads N] [--level 0.9] [--predictors linear,knn,physical,auto] "
            + "[--splits leave-one-out,upper-traffic,longest-input,longest-output] PATH...";

    private ModelAccuracy() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the program; returns the exit code (0, 1 for data that cannot be read, 2 for bad options). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        int threads = 2;
        double level = Predictor.DEFAULT_LEVEL;
        List<Predictor> predictors = new ArrayList<>();
        List<Split> splits = List.of(Split.values());
        List<Path> paths = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                    case "--level" -> level = Double.parseDouble(value(args, ++i, "--level"));
                    case "--predictors" -> {
                        for (String n : value(args, ++i, "--predictors").split(",")) {
                            predictors.add(Predictor.named(n));
                        }
                    }
                    case "--splits" -> {
                        List<Split> s = new ArrayList<>();
                        for (String n : value(args, ++i, "--splits").split(",")) {
                            s.add(split(n));
                        }
                        splits = s;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("option must be one of --threads, --level, --predictors, --splits, but was '"
                                    + args[i] + "'");
                        }
                        paths.add(Path.of(args[i]));
                    }
                }
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, but was " + threads);
            }
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("--level must be in (0, 1), but was " + level);
            }
        } catch (IllegalArgumentException e) {
            err.println("ModelAccuracy: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (paths.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        if (predictors.isEmpty()) {
            Predictor.names().forEach(n -> predictors.add(Predictor.named(n)));
        }
        AccuracyData data = new AccuracyData(err::println);
        try {
            for (Path p : paths) {
                data.read(p);
            }
        } catch (IllegalArgumentException e) {
            err.println("ModelAccuracy: cannot read " + e.getMessage());
            return 1;
        }
        if (data.sets().isEmpty()) {
            err.println("ModelAccuracy: cannot read " + paths + ": no file of a known format found");
            return 1;
        }
        report(data.sets(), predictors, splits, level, threads, out);
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value, but none was given");
        }
        return args[i];
    }

    static Split split(String name) {
        for (Split s : Split.values()) {
            if (s.name().replace('_', '-').equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("--splits must be among leave-one-out, upper-traffic, longest-input, longest-output, but was '"
                + name + "'");
    }

    /** Evaluates every predictor on every data set and split, and prints the tables. */
    static void report(Map<String, Map<String, List<Observation>>> datasets, List<Predictor> predictors, List<Split> splits,
                       double level, int threads, PrintStream out) {
        for (Map.Entry<String, Map<String, List<Observation>>> ds : datasets.entrySet()) {
            int rows = ds.getValue().values().stream().mapToInt(List::size).sum();
            for (Split split : splits) {
                List<AccuracyReport> reports = new ArrayList<>();
                List<Double> seconds = new ArrayList<>();
                for (Predictor p : predictors) {
                    long t0 = System.nanoTime();
                    reports.add(Evaluation.evaluate(p, ds.getValue(), split, level, threads));
                    seconds.add((System.nanoTime() - t0) / 1e9);
                }
                out.printf(Locale.ROOT, "%n### %s: %s (%d runs in %d deployments, %.0f%% intervals)%n%n", ds.getKey(), split.description(),
                        rows, ds.getValue().size(), level * 100);
                out.println("| predictor | measure | n | median error | p90 error | coverage | p90 upper/lower | > 10x wide | > 25% off | time |");
                out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
                for (int i = 0; i < reports.size(); i++) {
                    AccuracyReport r = reports.get(i);
                    for (Measure m : ORDER) {
                        int k = i;
                        r.accuracy(m).ifPresent(a -> out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %.1f s |%n",
                                r.predictor(), m.key(), a.count(), pct(a.medianApe()), pct(a.p90Ape()), pct(a.coverage()),
                                ratio(a.p90WidthRatio()), pct(a.wideShare()), pct(a.missShare()), seconds.get(k)));
                    }
                    if (!r.skipped().isEmpty()) {
                        out.printf(Locale.ROOT, "| %s | (%d skipped, e.g. %s) | | | | | | | | |%n", r.predictor(), r.skipped().size(),
                                r.skipped().get(0).replace('|', '/'));
                    }
                }
                out.println();
                out.println("By confidence word: n, share more than 25% off, coverage, median upper/lower.");
                out.println();
                out.println("| predictor | measure | HIGH | MEDIUM | LOW |");
                out.println("|---|---|---|---|---|");
                for (AccuracyReport r : reports) {
                    for (Measure m : ORDER) {
                        if (r.accuracy(m).isEmpty()) {
                            continue;
                        }
                        StringBuilder sb = new StringBuilder("| " + r.predictor() + " | " + m.key());
                        for (Confidence c : Confidence.values()) {
                            sb.append(" | ").append(r.accuracy(m, c).map(a -> a.count() + ": " + pct(a.missShare()) + " off, "
                                    + pct(a.coverage()) + " cov, " + ratio(a.medianWidthRatio()) + "x").orElse("-"));
                        }
                        out.println(sb.append(" |"));
                    }
                }
            }
        }
    }

    static String pct(double fraction) {
        if (Double.isInfinite(fraction)) {
            return "inf";
        }
        return fraction >= 10 ? String.format(Locale.ROOT, "%.0f%%", fraction * 100) : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    static String ratio(double r) {
        if (Double.isInfinite(r)) {
            return "inf";
        }
        return r >= 100 ? String.format(Locale.ROOT, "%.3g", r) : String.format(Locale.ROOT, "%.2f", r);
    }
}
