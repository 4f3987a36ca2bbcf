package io.llmbench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The live client metrics in a Micrometer registry, and bench-core without Micrometer at all. */
class MicrometerMetersTest {

    @Test
    void countsRequestsTokensAndTimesPerEndpointAsTheyFinish() {
        TimingModel timing = TimingModel.builder().prefill(5, 0).decode(1, 0).maxRunning(16).jitter(0).build();
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().timing(timing).start()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Endpoint ok = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("ok").build();
            Endpoint bad = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("bad").header(SimulatedEndpoint.FAULT_HEADER, "500").build();
            var result = Benchmark.builder().endpoints(ok, bad).workload(Workload.synthetic(32, 8)).load(Load.concurrency(4))
                    .requests(20).warmup(2).meterRegistry(registry).run();
            EndpointResult r = result.endpoint("ok");

            assertThat(registry.get(MicrometerMeters.REQUESTS).tags("endpoint", "ok", "outcome", "ok").counter().count()).isEqualTo(20);
            assertThat(registry.get(MicrometerMeters.REQUESTS).tags("endpoint", "bad", "outcome", "http_5xx").counter().count()).isEqualTo(20);
            assertThat(registry.get(MicrometerMeters.REQUESTS).tags("endpoint", "bad", "outcome", "ok").counter().count()).isZero();
            assertThat(registry.get(MicrometerMeters.TOKENS).tags("endpoint", "ok", "kind", "output").counter().count())
                    .isEqualTo(r.job().outputTokens());
            assertThat(registry.get(MicrometerMeters.TOKENS).tags("endpoint", "ok", "kind", "input").counter().count())
                    .isEqualTo(r.job().inputTokens());
            var ttft = registry.get(MicrometerMeters.TTFT).tags("endpoint", "ok").timer();
            assertThat(ttft.count()).as("warm-up requests are not measured").isEqualTo(20);
            assertThat(ttft.mean(TimeUnit.MILLISECONDS)).isCloseTo(r.metric(Metric.TTFT).mean(), within(0.05 * r.metric(Metric.TTFT).mean() + 0.01));
            assertThat(registry.get(MicrometerMeters.TPOT).tags("endpoint", "ok").timer().count()).isEqualTo(20);
            assertThat(registry.get(MicrometerMeters.E2E).tags("endpoint", "ok").timer().max(TimeUnit.MILLISECONDS))
                    .isCloseTo(r.metric(Metric.E2E).max(), within(0.05 * r.metric(Metric.E2E).max()));
            assertThat(registry.get(MicrometerMeters.OUTPUT_TOKENS).tags("endpoint", "ok").summary().totalAmount())
                    .isEqualTo(r.job().outputTokens());
            assertThat(registry.get(MicrometerMeters.IN_FLIGHT).tags("endpoint", "ok").gauge().value()).isZero();
        }
    }

    /**
     * Loads bench-core and its other dependencies in a class loader without Micrometer's jars and
     * runs a benchmark there: nothing may need Micrometer unless a registry is given.
     */
    @Test
    void benchCoreRunsWithoutMicrometerOnTheClassPath() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank() && !entry.contains(File.separator + "micrometer")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            assertThat(urls).noneMatch(u -> u.toString().contains("micrometer"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> probe = loader.loadClass(NoMicrometerProbe.class.getName());
            assertThat(probe.getClassLoader()).isSameAs(loader);
            Method run = probe.getMethod("run");
            assertThat(run.invoke(null)).isEqualTo("6 of 6 succeeded");
        }
    }
}
