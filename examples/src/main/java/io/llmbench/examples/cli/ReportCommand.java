package io.llmbench.examples.cli;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Slo;
import io.llmbench.report.HtmlReport;
import io.llmbench.store.ResultStore;
import io.llmbench.store.StoredRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmbench report}: report files from stored runs. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write report files (HTML, summary CSV, runs CSV, per-request CSV, JSON) from stored runs: the "
                + "runs given by id, or those matching the filters. The HTML report shows sweeps found among the runs "
                + "and, unless --no-predict, prediction curves, rankings and the Pareto front.", "",
                "Example: llmbench report --model sim-8b --out reports/sim-8b --format html,summary"})
final class ReportCommand extends Cmd {
    /** Runs whose request records are loaded at most (the HTML scatter charts and requests.csv use them). */
    static final int DEFAULT_RECORD_RUNS = 24;
    /** Runs shown in the comparison charts at most; sweeps, predictions and rankings use all. */
    static final int COMPARED_RUNS = 12;

    @Parameters(paramLabel = "RUN", arity = "0..*", description = "Run ids or prefixes (default: every run the filters match).")
    List<String> ids = new ArrayList<>();

    @Mixin
    RunFilter filter;

    @Mixin
    OutputOptions output;

    @Option(names = "--slo", paramLabel = "METRIC[:pNN]=LIMIT", description = "SLO drawn on sweep charts, with the knee marked (repeatable).")
    List<Slo> slos = new ArrayList<>();

    @Option(names = "--no-predict", description = "Leave out prediction curves and rankings.")
    boolean noPredict;

    @Option(names = "--predictor", paramLabel = "auto|linear|knn|physical", defaultValue = "auto", description = "Predictor of the curves (default ${DEFAULT-VALUE}).")
    String predictor = "auto";

    @Option(names = "--record-runs", paramLabel = "N", defaultValue = "" + DEFAULT_RECORD_RUNS,
            description = "Load request records only when at most N runs are selected (default ${DEFAULT-VALUE}).")
    int recordRuns;

    @Mixin
    StoreOptions storeOptions;

    @Override
    int execute() {
        var p = RunModels.predictor(predictor);
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            List<StoredRun> runs = new ArrayList<>();
            if (ids.isEmpty()) {
                runs.addAll(filter.runs(store));
            } else {
                for (String id : ids) {
                    runs.add(store.find(RunIds.resolve(store, id)).orElseThrow());
                }
            }
            runs.sort(Comparator.comparing((StoredRun r) -> r.result().run().startedAt()));
            if (runs.size() <= recordRuns) {
                List<StoredRun> full = new ArrayList<>();
                for (StoredRun r : runs) {
                    full.add(store.findWithRecords(r.id()).orElse(r));
                }
                runs = full;
            } else {
                err().println("note: " + runs.size() + " runs selected; request records left out (--record-runs " + recordRuns + ")");
            }
            List<StoredRun> selected = runs;
            List<EndpointResult> results = selected.stream().map(StoredRun::result).toList();
            Path dir = output.dir("report");
            String title = output.title != null ? output.title : "llmbench report: " + selected.size() + " run" + (selected.size() == 1 ? "" : "s");
            List<Path> files = output.write(dir, results, List.of(), () -> html(title, selected, p));
            out().println("report of " + selected.size() + " run" + (selected.size() == 1 ? "" : "s") + " in " + dir.toAbsolutePath() + ":");
            files.forEach(f -> out().println("  " + f.getFileName()));
        }
        return Llmbench.OK;
    }

    private HtmlReport html(String title, List<StoredRun> runs, io.llmbench.model.Predictor p) {
        List<StoredRun> compared = runs.size() <= COMPARED_RUNS ? runs : runs.subList(runs.size() - COMPARED_RUNS, runs.size());
        HtmlReport.Builder h = Analysis.full(title, Analysis.distinctNames(compared), runs, runs, slos, !noPredict, null, p);
        if (compared.size() < runs.size()) {
            h.warning("the comparison charts show the latest " + COMPARED_RUNS + " of " + runs.size()
                    + " runs; sweeps, predictions and rankings use all of them");
        }
        return h.build();
    }
}
