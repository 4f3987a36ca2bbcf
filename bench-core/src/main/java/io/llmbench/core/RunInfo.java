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
    public RunInfo {
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}
