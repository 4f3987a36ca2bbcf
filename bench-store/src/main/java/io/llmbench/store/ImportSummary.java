package io.llmbench.store;

import java.util.List;

/**
 * What {@link ResultStore#importRuns} did. Immutable and thread-safe.
 *
 * @param imported ids of the runs saved, in input order
 * @param skipped  ids of the runs skipped because the store already held a run with that id
 */
public record ImportSummary(List<String> imported, List<String> skipped) {
    public ImportSummary {
        imported = List.copyOf(imported);
        skipped = List.copyOf(skipped);
    }
}
