package io.llmbench.examples;

import io.llmbench.core.EndpointResult;
import io.llmbench.model.history.Change;
import io.llmbench.model.history.DiffOptions;
import io.llmbench.model.history.RunDiff;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A performance gate for a build: each run of a benchmark series is stored and compared with the
 * series' latest baseline, and a regression fails the test. The first run of a series becomes its
 * baseline; a run saved with {@code acceptAsBaseline} (after an accepted change) becomes the new one.
 *
 * <pre>{@code
 * try (ResultStore store = ResultStore.h2File(Path.of("perf-history/results"))) {
 *     RegressionGate.assertNoRegression(store, result, "chat-8b", DiffOptions.ofDefaults());
 * }
 * }</pre>
 * fails with
 * <pre>
 * series 'chat-8b' regressed against baseline 3f2a9c1e (2 of 15 statistics):
 *   ttft p50 31.2 -&gt; 36.0 ms +15.4% [+12.9%, +18.0%], max 5%
 *   ttft p95 40.9 -&gt; 47.3 ms +15.6% [+9.8%, +22.4%], max 5%
 * </pre>
 *
 * <p>Runs carry the labels {@value #LABEL_SERIES} (the series) and {@value #LABEL_ROLE}
 * ({@code baseline} or {@code candidate}); candidates also {@value #LABEL_VERDICT} ({@code pass} or
 * {@code regressed}), so {@code llmbench runs --label gate.series=chat-8b --trend ttft:p95} shows the
 * history. Stateless and thread-safe; the store does the locking.
 */
public final class RegressionGate {
    /** Run label naming the series a run belongs to. */
    public static final String LABEL_SERIES = "gate.series";
    /** Run label: {@code baseline} or {@code candidate}. */
    public static final String LABEL_ROLE = "gate.role";
    /** Run label of candidates: {@code pass} or {@code regressed}. */
    public static final String LABEL_VERDICT = "gate.verdict";

    private RegressionGate() {
    }

    /**
     * What a check found.
     *
     * @param runId      the stored id of the run checked
     * @param baselineId the baseline it was compared with; empty when the run became the first baseline
     * @param diff       the comparison; empty with the baseline
     */
    public record Outcome(String runId, Optional<String> baselineId, Optional<RunDiff> diff) {
        /** Whether the run regressed against its baseline. */
        public boolean regressed() {
            return diff.map(RunDiff::hasRegression).orElse(false);
        }
    }

    /**
     * Compares a run with the series' latest baseline (loaded with its records) and stores it: as
     * the baseline when the series has none or {@code acceptAsBaseline} is set, else as a candidate.
     */
    public static Outcome check(ResultStore store, EndpointResult run, String series, DiffOptions options, boolean acceptAsBaseline) {
        Objects.requireNonNull(series, "series");
        List<StoredRun> baselines = store.runs(RunQuery.builder().label(LABEL_SERIES, series).label(LABEL_ROLE, "baseline").page(0, 1).build());
        if (baselines.isEmpty() || acceptAsBaseline) {
            String id = store.save(labelled(run, series, "baseline", null));
            return new Outcome(id, Optional.empty(), Optional.empty());
        }
        String baselineId = baselines.get(0).id();
        EndpointResult baseline = store.findWithRecords(baselineId).orElseThrow().result();
        RunDiff diff = RunDiff.compare(baseline, run, options);
        String id = store.save(labelled(run, series, "candidate", diff.hasRegression() ? "regressed" : "pass"));
        return new Outcome(id, Optional.of(baselineId), Optional.of(diff));
    }

    /**
     * {@link #check} that throws when the run regressed; the run is stored either way.
     *
     * @throws AssertionError listing every statistic that regressed, with both values and the change's interval
     */
    public static Outcome assertNoRegression(ResultStore store, EndpointResult run, String series, DiffOptions options) {
        Outcome o = check(store, run, series, options, false);
        if (o.regressed()) {
            throw new AssertionError(message(series, o));
        }
        return o;
    }

    static String message(String series, Outcome o) {
        RunDiff d = o.diff().orElseThrow();
        List<Change> worse = d.regressions();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "series '%s' regressed against baseline %s (%d of %d statistics):",
                series, o.baselineId().orElseThrow(), worse.size(), d.changes().size()));
        for (Change c : worse) {
            sb.append(String.format(Locale.ROOT, "%n  %s %.1f -> %.1f %s %s, max %s", c.label(), c.baseline(), c.candidate(),
                    c.measure().unitSymbol(), c.describeChange(), c.threshold().describeAmount()));
        }
        d.notes().forEach(n -> sb.append(System.lineSeparator()).append("  note: ").append(n));
        return sb.toString();
    }

    private static EndpointResult labelled(EndpointResult r, String series, String role, String verdict) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(LABEL_SERIES, series);
        labels.put(LABEL_ROLE, role);
        if (verdict != null) {
            labels.put(LABEL_VERDICT, verdict);
        }
        return r.withRun(r.run().withLabels(labels));
    }
}
