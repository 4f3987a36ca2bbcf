package io.llmbench.store;

import java.util.Optional;

/**
 * The root of every exception a {@link ResultStore} throws: unchecked, naming the operation that
 * failed, the run it concerned (when there was one) and the cause. Thread-safe (immutable once
 * thrown).
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String runId;

    /**
     * @param operation what the store was doing, e.g. {@code "save"}; never null
     * @param runId     the run concerned, or null
     * @param message   what went wrong
     * @param cause     the underlying exception, or null
     */
    public StoreException(String operation, String runId, String message, Throwable cause) {
        super(format(operation, runId, message, cause), cause);
        this.operation = operation;
        this.runId = runId;
    }

    /** An exception for an operation that concerned no particular run. */
    public StoreException(String operation, String message, Throwable cause) {
        this(operation, null, message, cause);
    }

    /** What the store was doing, e.g. {@code save}, {@code find}, {@code migrate}. */
    public String operation() {
        return operation;
    }

    /** The run the failed operation concerned, if any. */
    public Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    private static String format(String operation, String runId, String message, Throwable cause) {
        StringBuilder b = new StringBuilder(operation);
        if (runId != null) {
            b.append(" of run ").append(runId);
        }
        b.append(" failed: ").append(message);
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            b.append(": ").append(cause.getMessage());
        }
        return b.toString();
    }
}
