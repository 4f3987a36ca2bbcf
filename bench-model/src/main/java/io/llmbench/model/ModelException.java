package io.llmbench.model;

/** The root of the exceptions this package throws for problems with data (not with arguments). Unchecked. */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
