package io.llmbench.examples.cli;

/**
 * A command cannot do what it was asked; the message is shown to the user as one line and the
 * tool exits with {@link #exitCode()}.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliException(String message) {
        this(message, Llmbench.FAILED, null);
    }

    CliException(String message, Throwable cause) {
        this(message, Llmbench.FAILED, cause);
    }

    CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A wrong flag value or argument: exit code {@link Llmbench#USAGE}. */
    static CliException usage(String message) {
        return new CliException(message, Llmbench.USAGE, null);
    }

    /** A wrong flag value: names the flag, then the rule and the value. */
    static CliException badFlag(String flag, String problem) {
        return new CliException("invalid value for " + flag + ": " + problem, Llmbench.USAGE, null);
    }

    /**
     * A failure that follows from a Ctrl-C, whose one line the interrupt already printed: nothing
     * more is shown (without {@code --verbose}).
     */
    static CliException afterInterrupt(Throwable cause) {
        return new CliException(AFTER_INTERRUPT, Llmbench.FAILED, cause);
    }

    /** Whether this is {@link #afterInterrupt}. */
    boolean followsInterrupt() {
        return AFTER_INTERRUPT.equals(getMessage());
    }

    private static final String AFTER_INTERRUPT = "interrupted";

    int exitCode() {
        return exitCode;
    }
}
