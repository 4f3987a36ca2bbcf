package io.llmbench.core.internal;

import io.llmbench.core.FailureKind;
import io.llmbench.core.Progress;
import io.llmbench.core.ProgressListener;
import io.llmbench.core.RequestRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live client metrics of a benchmark in a caller's Micrometer {@link MeterRegistry}: a
 * listener that updates, as each measured request finishes, per endpoint (tag {@code endpoint}):
 * <ul>
 * <li>timers {@value #TTFT}, {@value #TPOT}, {@value #E2E} (with percentile histograms, for
 *     {@code histogram_quantile} in Prometheus);</li>
 * <li>counter {@value #REQUESTS} by {@code outcome} ({@code ok} or the failure kind in lower case);</li>
 * <li>counter {@value #TOKENS} by {@code kind} ({@code input}, {@code output}) of succeeded requests;</li>
 * <li>distribution summary {@value #OUTPUT_TOKENS}: output tokens per succeeded request;</li>
 * <li>gauge {@value #IN_FLIGHT}: requests in flight, about once a second.</li>
 * </ul>
 * The only class of bench-core that touches Micrometer, loaded only when a registry is given
 * ({@code Benchmark.Builder.meterRegistry}), so bench-core runs without Micrometer on the class
 * path. Thread-safe.
 */
public final class MicrometerMeters implements ProgressListener {
    public static final String TTFT = "llmbench.ttft";
    public static final String TPOT = "llmbench.tpot";
    public static final String E2E = "llmbench.e2e";
    public static final String REQUESTS = "llmbench.requests";
    public static final String TOKENS = "llmbench.tokens";
    public static final String OUTPUT_TOKENS = "llmbench.output.tokens";
    public static final String IN_FLIGHT = "llmbench.in.flight";

    private final MeterRegistry registry;
    private final Map<String, EndpointMeters> endpoints = new ConcurrentHashMap<>();

    private MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The listener that keeps the registry's meters up to date. */
    public static ProgressListener of(MeterRegistry registry) {
        return new MicrometerMeters(registry);
    }

    @Override
    public void onStart(List<Progress> initial) {
        initial.forEach(p -> meters(p.endpoint()));
    }

    @Override
    public void onRequest(RequestRecord r) {
        EndpointMeters m = meters(r.endpoint());
        if (!r.ok()) {
            m.failures.get(r.failure()).increment();
            return;
        }
        m.ok.increment();
        if (r.ttftNanos() >= 0) {
            m.ttft.record(r.ttftNanos(), TimeUnit.NANOSECONDS);
        }
        if (r.e2eNanos() >= 0) {
            m.e2e.record(r.e2eNanos(), TimeUnit.NANOSECONDS);
        }
        if (r.ttftNanos() >= 0 && r.e2eNanos() >= 0 && r.outputTokens() > 1) {
            m.tpot.record((r.e2eNanos() - r.ttftNanos()) / (r.outputTokens() - 1), TimeUnit.NANOSECONDS);
        }
        if (r.inputTokens() > 0) {
            m.input.increment(r.inputTokens());
        }
        if (r.outputTokens() >= 0) {
            m.output.increment(r.outputTokens());
            m.outputPerRequest.record(r.outputTokens());
        }
    }

    @Override
    public void onProgress(List<Progress> snapshot) {
        snapshot.forEach(p -> meters(p.endpoint()).inFlight.set(p.inFlight()));
    }

    @Override
    public void onFinish(io.llmbench.core.BenchmarkResult result) {
        endpoints.values().forEach(m -> m.inFlight.set(0));
    }

    private EndpointMeters meters(String endpoint) {
        return endpoints.computeIfAbsent(endpoint, e -> new EndpointMeters(registry, e));
    }

    /** One endpoint's meters, registered once. */
    private static final class EndpointMeters {
        final Timer ttft;
        final Timer tpot;
        final Timer e2e;
        final Counter ok;
        final Map<FailureKind, Counter> failures = new EnumMap<>(FailureKind.class);
        final Counter input;
        final Counter output;
        final DistributionSummary outputPerRequest;
        final AtomicLong inFlight = new AtomicLong();

        EndpointMeters(MeterRegistry registry, String endpoint) {
            Tags tags = Tags.of("endpoint", endpoint);
            ttft = timer(registry, TTFT, "Time to the first content chunk of succeeded requests", tags);
            tpot = timer(registry, TPOT, "Time per output token after the first, of succeeded requests", tags);
            e2e = timer(registry, E2E, "Time to the last content chunk of succeeded requests", tags);
            ok = Counter.builder(REQUESTS).description("Measured requests finished, by outcome").tags(tags).tag("outcome", "ok")
                    .register(registry);
            for (FailureKind k : FailureKind.values()) {
                failures.put(k, Counter.builder(REQUESTS).description("Measured requests finished, by outcome").tags(tags)
                        .tag("outcome", k.name().toLowerCase(Locale.ROOT)).register(registry));
            }
            input = Counter.builder(TOKENS).description("Tokens of succeeded requests").tags(tags).tag("kind", "input").register(registry);
            output = Counter.builder(TOKENS).description("Tokens of succeeded requests").tags(tags).tag("kind", "output").register(registry);
            outputPerRequest = DistributionSummary.builder(OUTPUT_TOKENS).description("Output tokens per succeeded request")
                    .tags(tags).register(registry);
            Gauge.builder(IN_FLIGHT, inFlight, AtomicLong::doubleValue).description("Requests in flight").tags(tags).register(registry);
        }

        private static Timer timer(MeterRegistry registry, String name, String description, Tags tags) {
            return Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        }
    }
}
