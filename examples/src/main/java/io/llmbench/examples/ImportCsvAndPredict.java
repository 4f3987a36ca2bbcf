package io.llmbench.examples;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.model.Accuracy;
import io.llmbench.model.AccuracyReport;
import io.llmbench.model.Evaluation;
import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Point;
import io.llmbench.model.PredictedValue;
import io.llmbench.model.Prediction;
import io.llmbench.model.Predictor;
import io.llmbench.report.ImportMode;
import io.llmbench.report.ImportOptions;
import io.llmbench.report.ImportResult;
import io.llmbench.report.SummaryCsv;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Imports a benchmark summary CSV (the fixed 51-column format of existing tools) into a store,
 * fits a predictor on one model's runs, shows how accurate it is by leave-one-out, and predicts a
 * workload nobody measured, with an interval and a confidence.
 *
 * <p>Options: {@code --csv} (default: a bundled synthetic sample of 24 runs of two models),
 * {@code --store} (default {@value Stores#DEFAULT_STORE}), {@code --model} (default: the first model
 * in the file), {@code --in} / {@code --out} / {@code --concurrency} of the workload to predict
 * (defaults 2048, 128, 4).
 */
public final class ImportCsvAndPredict {
    /** The bundled sample, a class-path resource. */
    public static final String SAMPLE = "/io/llmbench/examples/sample-summary.csv";

    private ImportCsvAndPredict() {
    }

    /** What was imported, how accurate the predictor is, and the prediction. */
    public record Outcome(List<String> importedRunIds, String model, AccuracyReport accuracy, Prediction prediction) {
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    public static Outcome run(String[] args, PrintStream out) {
        Args a = Args.parse(args, "csv", "store", "model", "in", "out", "concurrency");
        ImportResult<EndpointResult> rows = read(a.string("csv", null));
        out.println("read " + rows.rows().size() + " runs");

        try (ResultStore store = Stores.open(a.string("store", Stores.DEFAULT_STORE), null, null)) {
            List<String> ids = store.save(new BenchmarkResult(rows.rows(), List.of()));   // one transaction
            String model = a.string("model", rows.rows().get(0).deployment().model());

            List<Observation> observations = store.runs(RunQuery.ofModel(model)).stream()
                    .map(StoredRun::result).filter(r -> r.job().succeeded() > 0).map(Observation::from).toList();
            out.println(model + ": " + observations.size() + " stored runs");

            // which predictor to trust on this data: leave-one-out error per measure
            AccuracyReport accuracy = Evaluation.leaveOneOut(Predictor.auto(), observations);
            out.println("leave-one-out accuracy of " + accuracy.predictor() + ":");
            for (Map.Entry<Measure, Accuracy> e : accuracy.accuracy().entrySet()) {
                Accuracy acc = e.getValue();
                out.printf(Locale.ROOT, "  %-18s median error %5.1f%%, p90 error %5.1f%%, %2.0f%% of held-out runs inside the %.0f%% interval%n",
                        e.getKey().key(), 100 * acc.medianApe(), 100 * acc.p90Ape(), 100 * acc.coverage(), 100 * accuracy.level());
            }

            FittedModel fitted = Predictor.auto().fit(observations);
            Point point = Point.atConcurrency(a.integer("in", 2048, 1), a.integer("out", 128, 1), a.integer("concurrency", 4, 1));
            Prediction p = fitted.predict(point);
            out.println("prediction for " + model + " at " + point + " (" + p.confidence() + " confidence):");
            for (PredictedValue v : p.values().values()) {
                out.printf(Locale.ROOT, "  %-18s %10.1f  [%.1f, %.1f] %s%n", v.measure().key(), v.value(), v.lower(), v.upper(), v.measure().unitSymbol());
            }
            out.println("nearest measured run: " + fitted.nearest(point));
            return new Outcome(ids, model, accuracy, p);
        }
    }

    private static ImportResult<EndpointResult> read(String csv) {
        ImportOptions options = ImportOptions.of(ImportMode.ALL_OR_NOTHING);   // a bad row fails the import, naming line and column
        if (csv != null) {
            if (!Files.isRegularFile(Path.of(csv))) {
                throw new IllegalArgumentException("option --csv must name a readable file, but '" + csv + "' is not one");
            }
            return SummaryCsv.read(Path.of(csv), options);
        }
        try (InputStream in = ImportCsvAndPredict.class.getResourceAsStream(SAMPLE);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return SummaryCsv.read(reader, options);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot read the bundled sample " + SAMPLE, e);
        }
    }
}
