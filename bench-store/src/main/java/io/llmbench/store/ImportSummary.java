package io.llmbench.store;

import java.util.List;

/**
 * What {@link ResultStore#importRuns} or {@link ResultStore#importResults} did. Immutable and thread-safe.
 *
 * @param imported ids of the runs saved, in input order
 * @param skipped  ids of the runs skipped because the store already held a run with that id (or,
 *                 for {@link ResultStore#importResults}, the same content came earlier in the input)
 */
public record ImportSummary(List<String> imported, List<String> skipped) {
    public ImportSummary {
        imported = List.copyOf(imported);
        skipped = List.copyOf(skipped);
    }
}
