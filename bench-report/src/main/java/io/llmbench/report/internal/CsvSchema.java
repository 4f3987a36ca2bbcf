package io.llmbench.report.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a CSV format's reader checks before mapping a row. Immutable.
 *
 * @param required   columns the header must have
 * @param known      every column the format defines (extra columns are a problem on line 1)
 * @param maxLengths the longest text a column may hold (columns not named have no limit)
 * @param multiline  columns whose text may hold line breaks (free text); a line break anywhere
 *                   else means the record swallowed lines, so the file's framing is lost
 */
public record CsvSchema(List<String> required, Set<String> known, Map<String, Integer> maxLengths, Set<String> multiline) {
    public CsvSchema {
        required = List.copyOf(required);
        known = Set.copyOf(known);
        maxLengths = Map.copyOf(maxLengths);
        multiline = Set.copyOf(multiline);
    }
}
