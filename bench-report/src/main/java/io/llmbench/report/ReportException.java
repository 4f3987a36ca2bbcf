package io.llmbench.report;

/**
 * The root of every exception this module throws: reading a malformed file, an I/O failure while
 * writing a report, a missing bundled asset. Unchecked; subclasses carry context.
 */
public class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
