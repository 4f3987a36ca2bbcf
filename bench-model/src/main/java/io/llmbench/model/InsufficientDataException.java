package io.llmbench.model;

/**
 * The observations cannot support a fit: fewer than two, a dimension that does not vary, no measure
 * shared by all of them. The message names the rule and the value that broke it.
 */
public class InsufficientDataException extends ModelException {
    private static final long serialVersionUID = 1L;

    public InsufficientDataException(String message) {
        super(message);
    }
}
