package io.llmbench.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingTest {
    @Test
    void becomesBodyFieldsInTheOrderSet() {
        Sampling s = Sampling.builder().temperature(0.7).topP(0.9).topK(40).seed(42).presencePenalty(0.5)
                .frequencyPenalty(-0.5).repetitionPenalty(1.1).field("min_p", 0.05).build();
        assertThat(s.bodyFields()).containsExactly(Map.entry("temperature", 0.7), Map.entry("top_p", 0.9),
                Map.entry("top_k", 40), Map.entry("seed", 42L), Map.entry("presence_penalty", 0.5),
                Map.entry("frequency_penalty", -0.5), Map.entry("repetition_penalty", 1.1), Map.entry("min_p", 0.05));
    }

    @Test
    void appliesToEveryPromptAndOverridesPromptFields() {
        Workload w = Workload.synthetic(32, 16)
                .withSampling(Sampling.builder().temperature(0).build())
                .withBodyFields(Map.of("ignore_eos", false));
        for (long i = 0; i < 5; i++) {
            Prompt p = w.prompt(i);
            assertThat(p.bodyFields()).containsEntry("temperature", 0.0).containsEntry("ignore_eos", false)
                    .containsEntry("min_tokens", 16);
            assertThat(p.maxTokens()).isEqualTo(16);
        }
        assertThat(w.description()).isEqualTo("synthetic in=32 out=16 temperature=0.0 ignore_eos=false");
    }

    @Test
    void keepsWorkloadShapeWhenWrapped() {
        Workload suite = PromptSuite.builtin().workload(2).withSampling(Sampling.greedy());
        assertThat(suite.plannedRequests()).isEqualTo(2L * PromptSuite.builtin().size());
        assertThat(suite.distinctPrompts()).isEqualTo(PromptSuite.builtin().size());
        assertThat(suite.prompt(0).info()).isEqualTo(PromptSuite.builtin().prompts().get(0).info());
        Workload fixed = Workload.of(List.of(Prompt.of("a", "x")));
        assertThat(fixed.withSampling(Sampling.none())).isSameAs(fixed);
    }

    @Test
    void rejectsOutOfRangeSettingsNamingTheField() {
        assertThatThrownBy(() -> Sampling.builder().temperature(-0.1)).hasMessage("temperature must be a finite number >= 0, but was -0.1");
        assertThatThrownBy(() -> Sampling.builder().topP(0)).hasMessage("top_p must be in (0, 1], but was 0.0");
        assertThatThrownBy(() -> Sampling.builder().topK(0)).hasMessage("top_k must be >= 1 or -1 (no limit), but was 0");
        assertThatThrownBy(() -> Sampling.builder().presencePenalty(2.5)).hasMessage("presence_penalty must be in [-2, 2], but was 2.5");
        assertThatThrownBy(() -> Sampling.builder().repetitionPenalty(0)).hasMessage("repetition_penalty must be a finite number > 0, but was 0.0");
        assertThatThrownBy(() -> Sampling.builder().field("model", "x")).hasMessageContaining("but was 'model'");
        assertThatThrownBy(() -> Sampling.builder().field(" ", "x")).hasMessage("body field name must not be blank, but was ' '");
    }
}
