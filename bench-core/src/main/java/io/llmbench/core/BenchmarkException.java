package io.llmbench.core;

/**
 * The root of bench-core's exceptions: a benchmark could not run at all (bad configuration, a
 * client that could not be created, interruption). A failed <em>request</em> is never an
 * exception: it is a {@link RequestRecord} with a {@link FailureKind}.
 */
public class BenchmarkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchmarkException(String message) {
        super(message);
    }

    public BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
