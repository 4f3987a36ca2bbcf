package io.llmbench.core.workload;

import io.llmbench.core.BenchmarkException;
import java.util.Objects;

/**
 * A prompt file has a line that cannot be used (and skipping was not asked for), or is not
 * readable as the chosen format at all. The message names the file, the line, the field, the rule
 * and the value. A {@link BenchmarkException}, bench-core's root exception.
 */
public class PromptFileException extends BenchmarkException {
    private static final long serialVersionUID = 1L;

    private final transient PromptFileProblem problem;

    public PromptFileException(PromptFileProblem problem) {
        super(Objects.requireNonNull(problem, "problem").toString());
        this.problem = problem;
    }

    /** The file, line, field and message. */
    public PromptFileProblem problem() {
        return problem;
    }
}
