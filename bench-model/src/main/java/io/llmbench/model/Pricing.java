package io.llmbench.model;

/**
 * What a deployment costs to run: a price per GPU-hour (any currency; results are in the same one)
 * and the GPUs it occupies. Immutable and thread-safe.
 *
 * @param pricePerGpuHour price of one GPU for one hour, a finite number &gt;= 0
 * @param gpuCount        GPUs serving the deployment, &gt;= 1
 */
public record Pricing(double pricePerGpuHour, int gpuCount) {
    public Pricing {
        if (!(pricePerGpuHour >= 0) || Double.isInfinite(pricePerGpuHour)) {
            throw new IllegalArgumentException("pricePerGpuHour must be a finite number >= 0, but was " + pricePerGpuHour);
        }
        if (gpuCount < 1) {
            throw new IllegalArgumentException("gpuCount must be >= 1, but was " + gpuCount);
        }
    }

    /** Pricing of {@code gpuCount} GPUs at {@code pricePerGpuHour}. */
    public static Pricing perGpuHour(double pricePerGpuHour, int gpuCount) {
        return new Pricing(pricePerGpuHour, gpuCount);
    }

    /** Price of the whole deployment per hour. */
    public double pricePerHour() {
        return pricePerGpuHour * gpuCount;
    }

    /** Price of running the deployment for a number of seconds. */
    public double costOf(double seconds) {
        return pricePerHour() * seconds / 3600.0;
    }

    /**
     * Price of a million output tokens at a sustained output rate.
     *
     * @param outputTokensPerSecond the deployment's output throughput, &gt; 0
     */
    public double perMillionOutputTokens(double outputTokensPerSecond) {
        if (!(outputTokensPerSecond > 0)) {
            throw new IllegalArgumentException("outputTokensPerSecond must be > 0, but was " + outputTokensPerSecond);
        }
        return pricePerHour() / (outputTokensPerSecond * 3600.0) * 1e6;
    }
}
