package io.llmbench.report.imports;

import io.llmbench.core.EndpointResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one result file of another tool (or an LLMPerf summary and individual-responses pair)
 * became: its format and the runs read from it, in file order. Immutable and thread-safe.
 *
 * @param files  the file, or for a merged LLMPerf pair the individual-responses file then the summary
 * @param format the detected format (for a merged pair, {@link PeerFormat#LLMPERF_REQUESTS})
 * @param runs   the runs, each labelled with its source (see {@link PeerResults#LABEL_TOOL} and the other labels)
 */
public record PeerImport(List<Path> files, PeerFormat format, List<EndpointResult> runs) {
    public PeerImport {
        files = List.copyOf(files);
        Objects.requireNonNull(format, "format");
        runs = List.copyOf(runs);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("files must not be empty");
        }
    }

    /** The first (main) file. */
    public Path file() {
        return files.get(0);
    }
}
