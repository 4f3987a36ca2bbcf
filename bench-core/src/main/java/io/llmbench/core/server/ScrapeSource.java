package io.llmbench.core.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * One scraped URL of a run: when it answered and how often it failed. Immutable; the array must
 * not be modified.
 *
 * @param url           the URL, without any user information
 * @param offsetsMillis the times of the successful scrapes in milliseconds from the run's time
 *                      origin (the first scheduled send after warm-up, as in {@code RequestRecord});
 *                      the first is taken just before the origin, the last after the last request ended
 * @param scrapes       scrapes attempted
 * @param failures      scrapes that failed (no answer in time, an HTTP error status, a text that
 *                      breaks the format); a failed scrape has no offset
 * @param errors        the first distinct failure messages, at most {@link #MAX_ERRORS}
 * @param otherSeries   series of the last successful scrape that were not kept because no known
 *                      server or exporter names them (see {@link ServerMetrics#KEPT_PREFIXES})
 */
public record ScrapeSource(String url, long[] offsetsMillis, long scrapes, long failures, List<String> errors, int otherSeries) {
    /** Distinct failure messages kept per source. */
    public static final int MAX_ERRORS = 5;

    public ScrapeSource {
        Objects.requireNonNull(url, "url");
        offsetsMillis = offsetsMillis == null ? new long[0] : offsetsMillis;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** Successful scrapes. */
    public int points() {
        return offsetsMillis.length;
    }

    /** The URL as text without user information (a password in a URL never reaches logs, stores or reports). */
    public static String redact(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getRawPath(), null, null).toString()
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        } catch (URISyntaxException e) {
            return url.getScheme() + "://" + url.getHost();
        }
    }
}
