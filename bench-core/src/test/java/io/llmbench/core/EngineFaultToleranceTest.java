package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Errors inside the harness's own plug-ins (a token counter, a progress listener) fail the
 * request they hit or are reported as warnings; they never leave a request unfinished or a run
 * hanging. Real HTTP against the simulated endpoint, which sends no usage when not asked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineFaultToleranceTest {
    private static SimulatedEndpoint sim;

    @BeforeAll
    static void start() {
        sim = SimulatedEndpoint.builder().timing(TimingModel.instant()).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void rejectsAnUnknownTokenizerNamingTheValidOnes() {
        assertThatThrownBy(() -> Endpoint.openAi(sim.baseUrl()).model("m").tokenizer("meta-llama/Llama-3.1-8B"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenizer must be one of")
                .hasMessageContaining("cl100k_base").hasMessageContaining("o200k_base").hasMessageContaining("r50k_base")
                .hasMessageContaining("'meta-llama/Llama-3.1-8B'");
        assertThatThrownBy(() -> Workload.synthetic().inputTokens(16).outputTokens(4).tokenizer("meta-llama/Llama-3.1-8B").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokenizer must be one of the bundled encodings r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base, "
                        + "but was 'meta-llama/Llama-3.1-8B' (a model id, not an encoding name)");
    }

    @Test
    void aTokenCounterThatThrowsFailsItsRequestsAndTheRunGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        Endpoint e = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("counted").includeUsage(false)
                .tokenCounter(text -> {
                    if (calls.incrementAndGet() % 2 == 0) {
                        throw new IllegalStateException("vocabulary file is missing");
                    }
                    return text.length();
                }).build();

        EndpointResult r = Benchmark.builder().endpoints(e).workload(Workload.ofTexts("hello there"))
                .load(Load.concurrency(3)).requests(12).run().endpoint("counted");

        assertThat(r.records()).hasSize(12);
        assertThat(r.job().failures()).containsOnlyKeys(FailureKind.OTHER);
        assertThat(r.job().failed()).isPositive();
        assertThat(r.records()).filteredOn(rec -> !rec.ok()).allSatisfy(rec -> assertThat(rec.error())
                .startsWith("token counter custom failed on ").contains("IllegalStateException: vocabulary file is missing"));
    }

    @Test
    void aListenerThatThrowsErrorsDoesNotStopTheRunAndIsReported() {
        ProgressListener broken = new ProgressListener() {
            @Override
            public void onRequest(RequestRecord record) {
                throw new AssertionError("listener bug");
            }

            @Override
            public void onFinish(BenchmarkResult result) {
                throw new StackOverflowError();
            }

            @Override
            public String toString() {
                return "broken";
            }
        };
        Endpoint e = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("listened").build();

        BenchmarkResult result = Benchmark.builder().endpoints(e).workload(Workload.synthetic(16, 4))
                .load(Load.concurrency(2)).requests(10).listener(broken).run();

        EndpointResult r = result.endpoint("listened");
        assertThat(r.job().succeeded()).isEqualTo(10);
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w)
                .isEqualTo("progress listener broken in onRequest failed 10 times, first with java.lang.AssertionError: listener bug"));
    }

    @Test
    void aRunWithoutUsageAndTheDefaultTokenizerCountsEveryRequest() {
        Endpoint e = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("plain").includeUsage(false).build();
        EndpointResult r = Benchmark.builder().endpoints(e).workload(Workload.synthetic(16, 8)).requests(5).run().endpoint("plain");
        assertThat(r.job().succeeded()).isEqualTo(5);
        assertThat(r.records()).allSatisfy(rec -> {
            assertThat(rec.outputSource()).isEqualTo(TokenSource.TOKENIZER);
            assertThat(rec.outputTokens()).isEqualTo(8);
        });
        assertThat(Map.copyOf(r.job().outputTokenSources())).isEqualTo(Map.of(TokenSource.TOKENIZER, 5L));
        assertThat(List.of(e.tokenizer())).containsExactly(Endpoint.DEFAULT_TOKENIZER);
    }
}
