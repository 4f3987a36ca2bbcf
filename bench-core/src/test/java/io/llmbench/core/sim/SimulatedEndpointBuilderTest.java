package io.llmbench.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.internal.Tokenizers;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatedEndpointBuilderTest {

    @Test
    void rejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> SimulatedEndpoint.builder().port(70000))
                .hasMessage("port must be between 0 and 65535, but was 70000");
        assertThatThrownBy(() -> SimulatedEndpoint.builder().fault(SimFault.STALL, 1.5))
                .hasMessage("fault probability of stall must be between 0 and 1, but was 1.5");
        assertThatThrownBy(() -> SimulatedEndpoint.builder().fault(SimFault.RATE_LIMIT, 0.6).fault(SimFault.DISCONNECT, 0.6).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("fault probabilities must sum to <= 1, but summed to 1.2");
        assertThatThrownBy(() -> SimulatedEndpoint.builder().stallFor(Duration.ZERO))
                .hasMessage("stallFor must be > 0, but was PT0S");
        assertThatThrownBy(() -> SimulatedEndpoint.builder().tokenizer("nope"))
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> SimulatedEndpoint.builder().fixedResponse(0, 1))
                .hasMessage("fixedResponse chunks must be >= 1, but was 0");
        assertThatThrownBy(() -> SimulatedEndpoint.builder().outputTokens(0, 1))
                .hasMessage("outputTokens mean must be >= 1, but was 0");
    }

    @Test
    void aTakenPortIsAClearError() {
        try (SimulatedEndpoint first = SimulatedEndpoint.builder().start()) {
            assertThatThrownBy(() -> SimulatedEndpoint.builder().port(first.port()).start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
        }
    }

    @Test
    void baseUrlNamesTheBoundPort() {
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().model("sim-8b").start()) {
            assertThat(sim.port()).isPositive();
            assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port() + "/v1");
            assertThat(sim.model()).isEqualTo("sim-8b");
            assertThat(sim.timing()).isSameAs(TimingModel.ofDefaults());
        }
    }

    @Test
    void generatedTextRetokenizesToExactlyTheTokenCount() {
        for (long seed = 0; seed < 200; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 1 + r.nextInt(300);
            String text = Vocabulary.generate(r, n);
            assertThat(Tokenizers.count("cl100k_base", text)).as("seed " + seed).isEqualTo(n);
            assertThat(Tokenizers.count("o200k_base", text)).as("seed " + seed).isEqualTo(n);
        }
    }

    @Test
    void faultHeaderParsesKindAndParameters() {
        assertThat(OpenAiRoutes.faultPlan(null)).isNull();
        assertThatThrownBy(() -> OpenAiRoutes.faultPlan("stall; after=-1"))
                .hasMessage("X-Sim-Fault parameter after must be an integer >= 0, but was '-1'");
        assertThatThrownBy(() -> OpenAiRoutes.faultPlan("stall; ms=soon"))
                .hasMessage("X-Sim-Fault parameter ms must be an integer >= 1 or 'forever', but was 'soon'");
        assertThatThrownBy(() -> OpenAiRoutes.faultPlan("stall; color=red"))
                .hasMessage("X-Sim-Fault parameters must be after=N or ms=N|forever, but was 'color=red'");
        assertThat(SimFault.fromToken("DISCONNECT")).contains(SimFault.DISCONNECT);
        assertThat(SimFault.fromToken("429")).contains(SimFault.RATE_LIMIT);
        assertThat(SimFault.fromToken("error_event")).contains(SimFault.ERROR_EVENT);
    }
}
