package io.llmbench.store;

/**
 * An import found input it cannot read. Runs before the failing one were imported (each run is
 * saved in its own transaction); importing the same input again skips them.
 */
public class ImportException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final long line;

    /**
     * @param line    the 1-based line of the input where the bad run starts
     * @param message what is wrong, naming the field, the rule and the value
     * @param cause   the underlying exception, or null
     */
    public ImportException(long line, String message, Throwable cause) {
        super("import", "line " + line + ": " + message, cause);
        this.line = line;
    }

    /** The 1-based line of the input where the bad run starts. */
    public long line() {
        return line;
    }
}
