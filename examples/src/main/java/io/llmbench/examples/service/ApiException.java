package io.llmbench.examples.service;

/**
 * A request the service refuses, with the HTTP status and, for bad input, the field at fault. The
 * message names the field, the rule and the value, and is sent to the client as is.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String field;

    ApiException(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(413, null, "request body must be at most " + limit + " bytes, but was larger");
    }

    static ApiException notFound(String message) {
        return new ApiException(404, null, message);
    }
}
