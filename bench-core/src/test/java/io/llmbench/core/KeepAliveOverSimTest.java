package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.sim.SimFault;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Many instant requests, one after another over kept-alive connections: a request that fails
 * although the server did nothing wrong is a measurement error. With an instant server the
 * response often ends before {@code send()} returns, which once made the engine abort a finished
 * request and close a connection the next request was already using (about 1 request in 200).
 */
class KeepAliveOverSimTest {
    private static EndpointResult run(SimulatedEndpoint sim, int requests) {
        Endpoint e = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("sim").build();
        return Benchmark.builder().endpoints(e).workload(Workload.synthetic(16, 8)).load(Load.concurrency(1))
                .requests(requests).warmup(0).run().endpoint("sim");
    }

    /** Failures other than the HTTP 500s the server was asked to make, by kind and message. */
    private static Map<String, Integer> unexpectedFailures(EndpointResult r) {
        Map<String, Integer> byMessage = new TreeMap<>();
        for (RequestRecord rec : r.records()) {
            if (!rec.ok() && rec.failure() != FailureKind.HTTP_5XX) {
                byMessage.merge(rec.failure() + ": " + rec.error(), 1, Integer::sum);
            }
        }
        return byMessage;
    }

    @Test
    void thousandsOfInstantRequestsAtConcurrencyOneAllSucceed() {
        int requests = 2000;
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().timing(TimingModel.instant()).start()) {
            EndpointResult r = run(sim, requests);
            assertThat(unexpectedFailures(r)).isEmpty();
            assertThat(r.job().succeeded()).isEqualTo(requests);
            assertThat(sim.stats().received()).as("requests that reached the server").isEqualTo(requests);
            assertThat(sim.stats().cancelled()).as("requests whose connection the client closed").isZero();
        }
    }

    @Test
    void theRequestAfterAnHttp500Succeeds() {
        int requests = 1200;
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().timing(TimingModel.instant())
                .fault(SimFault.SERVER_ERROR, 0.2).start()) {
            EndpointResult r = run(sim, requests);
            assertThat(unexpectedFailures(r)).isEmpty();
            long faulted = sim.stats().faulted();
            assertThat(faulted).as("HTTP 500s made by the server").isBetween(160L, 320L);
            assertThat(r.job().failures()).containsExactly(Map.entry(FailureKind.HTTP_5XX, faulted));
            assertThat(r.job().succeeded()).isEqualTo(requests - faulted);
            assertThat(sim.stats().received()).isEqualTo(requests);
        }
    }
}
