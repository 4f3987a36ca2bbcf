package io.llmbench.model;

import io.llmbench.core.Traffic;
import java.util.Objects;

/**
 * A batch of work to estimate: a number of requests of given mean sizes, sent either at a fixed
 * concurrency (closed loop: a new request as soon as one finishes) or at a fixed request rate (open
 * loop). Immutable and thread-safe.
 *
 * <p>The two are related by Little's law: requests in flight = completed requests per second × the
 * seconds each takes. Below saturation an open loop completes requests at the rate it offers them.
 *
 * @param requests     requests to process, &gt;= 1
 * @param inputTokens  mean prompt tokens per request, &gt;= 1
 * @param outputTokens mean generated tokens per request, &gt;= 1
 * @param traffic      a concurrency (&gt;= 1) or a request rate (&gt; 0 requests per second); sequential is concurrency 1
 */
public record BatchJob(long requests, double inputTokens, double outputTokens, Traffic traffic) {
    public BatchJob {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be >= 1, but was " + requests);
        }
        Objects.requireNonNull(traffic, "traffic");
        if (traffic.mode() == Traffic.Mode.SEQUENTIAL) {
            traffic = new Traffic(Traffic.Mode.CONCURRENCY, 1);
        }
        if (traffic.mode() == Traffic.Mode.CONCURRENCY && !(traffic.level() >= 1)) {
            throw new IllegalArgumentException("concurrency must be a finite number >= 1, but was " + traffic.level());
        }
        Point.of(inputTokens, outputTokens, traffic); // validates the token counts
    }

    /** A job of {@code requests} requests of ({@code inputTokens}, {@code outputTokens}) at {@code concurrency}. */
    public static BatchJob of(long requests, double inputTokens, double outputTokens, double concurrency) {
        if (!(concurrency >= 1) || Double.isInfinite(concurrency)) {
            throw new IllegalArgumentException("concurrency must be a finite number >= 1, but was " + concurrency);
        }
        return new BatchJob(requests, inputTokens, outputTokens, new Traffic(Traffic.Mode.CONCURRENCY, concurrency));
    }

    /** A job sent at {@code requestsPerSecond} (open loop). */
    public static BatchJob atRate(long requests, double inputTokens, double outputTokens, double requestsPerSecond) {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number > 0 requests/s, but was " + requestsPerSecond);
        }
        return new BatchJob(requests, inputTokens, outputTokens, new Traffic(Traffic.Mode.RATE, requestsPerSecond));
    }

    /** Where the job runs, as a prediction point. */
    public Point point() {
        return Point.of(inputTokens, outputTokens, traffic);
    }

    /** Requests in flight for a closed-loop job; NaN for a job at a request rate. */
    public double concurrency() {
        return traffic.mode() == Traffic.Mode.CONCURRENCY ? traffic.level() : Double.NaN;
    }

    /** Offered requests per second for an open-loop job; NaN for a job at a concurrency. */
    public double rate() {
        return traffic.mode() == Traffic.Mode.RATE ? traffic.level() : Double.NaN;
    }

    /** Output tokens the whole job generates. */
    public double totalOutputTokens() {
        return requests * outputTokens;
    }

    /** Input plus output tokens of the whole job. */
    public double totalTokens() {
        return requests * (inputTokens + outputTokens);
    }

    /** In words, e.g. {@code 1000 requests of 512 input / 128 output tokens at concurrency 16}. */
    public String describe() {
        return requests + " requests of " + Point.fmt(inputTokens) + " input / " + Point.fmt(outputTokens) + " output tokens at "
                + (traffic.mode() == Traffic.Mode.RATE ? Point.fmt(traffic.level()) + " req/s" : "concurrency " + Point.fmt(traffic.level()));
    }
}
