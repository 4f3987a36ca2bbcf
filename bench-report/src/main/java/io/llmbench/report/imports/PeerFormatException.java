package io.llmbench.report.imports;

import io.llmbench.report.ReportException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A result file of another tool could not be read: its format was not recognised, or a field
 * broke a rule. The message names the file, the field (as a JSON path such as
 * {@code benchmarks[0].metrics.time_to_first_token_ms}), the rule and the value.
 */
public class PeerFormatException extends ReportException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public PeerFormatException(Path file, String message) {
        super(file.getFileName() + ": " + message);
        this.file = Objects.requireNonNull(file, "file");
    }

    public PeerFormatException(Path file, String message, Throwable cause) {
        super(file.getFileName() + ": " + message, cause);
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }
}
