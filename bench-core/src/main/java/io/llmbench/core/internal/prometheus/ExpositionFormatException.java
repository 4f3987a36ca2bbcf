package io.llmbench.core.internal.prometheus;

/** A text that breaks a rule of the Prometheus text format; the message names the line and the rule. */
public final class ExpositionFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;

    ExpositionFormatException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** The 1-based line that broke the rule. */
    public int line() {
        return line;
    }
}
