package io.llmbench.core.internal;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.workload.Workload;
import java.net.URI;

/** Runs inside a class loader without Micrometer ({@link MicrometerMetersTest}): a benchmark with server metrics, no registry. */
public final class NoMicrometerProbe {
    private NoMicrometerProbe() {
    }

    public static String run() {
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().start()) {
            Benchmark.Builder b = Benchmark.builder().endpoints(Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("s").build())
                    .workload(Workload.synthetic(16, 4)).requests(6).serverMetrics(URI.create(sim.metricsUrl()));
            EndpointResult r = b.build().toBuilder().build().run().endpoint("s");
            return r.job().succeeded() + " of " + r.job().requests() + " succeeded";
        }
    }
}
