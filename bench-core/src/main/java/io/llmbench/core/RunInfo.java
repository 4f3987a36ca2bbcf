package io.llmbench.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Run-level metadata stored with each endpoint's result.
 *
 * @param traffic    how the endpoint was loaded
 * @param workload   a human-readable description of the workload
 * @param labels     free-form labels (sorted copy), never null
 * @param notes      free text; may be null
 * @param cellKey    the test-matrix cell this run measured; may be null
 * @param startedAt  wall-clock start of the measured part (after warm-up)
 * @param finishedAt wall-clock end
 */
public record RunInfo(Traffic traffic, String workload, Map<String, String> labels, String notes, String cellKey,
                      Instant startedAt, Instant finishedAt) {
    /**
     * The label under which an open-loop run keeps its {@link Load#toString() load's name}
     * (e.g. {@code poisson 20 req/s}), which says more than its {@link Traffic}.
     */
    public static final String LOAD_LABEL = "load";

    public RunInfo {
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** This run information with these labels added (replacing labels of the same names). */
    public RunInfo withLabels(Map<String, String> added) {
        Map<String, String> l = new TreeMap<>(labels);
        l.putAll(added);
        return new RunInfo(traffic, workload, l, notes, cellKey, startedAt, finishedAt);
    }

    /** This run information with other notes (may be null). */
    public RunInfo withNotes(String replacement) {
        return new RunInfo(traffic, workload, labels, replacement, cellKey, startedAt, finishedAt);
    }

    /**
     * The load's name for people: the {@value #LOAD_LABEL} label when the run has one
     * ({@code poisson 20 req/s}), otherwise its traffic ({@code concurrency 16}, {@code 20 req/s}).
     */
    public String load() {
        String l = labels.get(LOAD_LABEL);
        return l == null || l.isBlank() ? traffic.toString() : l;
    }
}
