package io.llmbench.model;

/**
 * A batch of work to estimate: a number of requests of given mean sizes, processed at a fixed
 * concurrency. Immutable and thread-safe.
 *
 * @param requests     requests to process, &gt;= 1
 * @param inputTokens  mean prompt tokens per request, &gt;= 1
 * @param outputTokens mean generated tokens per request, &gt;= 1
 * @param concurrency  requests in flight, a finite number &gt;= 1
 */
public record BatchJob(long requests, double inputTokens, double outputTokens, double concurrency) {
    public BatchJob {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be >= 1, but was " + requests);
        }
        if (!(concurrency >= 1) || Double.isInfinite(concurrency)) {
            throw new IllegalArgumentException("concurrency must be a finite number >= 1, but was " + concurrency);
        }
        Point.atConcurrency(inputTokens, outputTokens, concurrency); // validates the token counts
    }

    /** A job of {@code requests} requests of ({@code inputTokens}, {@code outputTokens}) at {@code concurrency}. */
    public static BatchJob of(long requests, double inputTokens, double outputTokens, double concurrency) {
        return new BatchJob(requests, inputTokens, outputTokens, concurrency);
    }

    /** Where the job runs, as a prediction point. */
    public Point point() {
        return Point.atConcurrency(inputTokens, outputTokens, concurrency);
    }

    /** Output tokens the whole job generates. */
    public double totalOutputTokens() {
        return requests * outputTokens;
    }

    /** Input plus output tokens of the whole job. */
    public double totalTokens() {
        return requests * (inputTokens + outputTokens);
    }
}
