package io.llmbench.model;

/**
 * Whether a deployment keeps up with an offered request rate (open loop). Below its capacity the
 * completed requests per second equal the offered rate (Little's law: requests in flight = rate ×
 * latency); above it requests queue, the latency grows with the length of the run, and the
 * throughput stays at the capacity. Immutable and thread-safe.
 *
 * @param offeredRate the rate asked for, requests per second
 * @param capacity    the highest request throughput the runs show the deployment sustaining, requests
 *                    per second (measured, or predicted at the highest measured load)
 * @param saturated   whether the offered rate is beyond what the deployment keeps up with
 */
public record Saturation(double offeredRate, double capacity, boolean saturated) {
    @Override
    public String toString() {
        return saturated
                ? "saturated: " + Point.fmt(offeredRate) + " req/s offered exceeds the capacity of about " + Point.fmt(capacity)
                        + " req/s the runs show; requests queue and latency grows with the run's length"
                : "not saturated: " + Point.fmt(offeredRate) + " req/s offered, capacity about " + Point.fmt(capacity) + " req/s";
    }
}
