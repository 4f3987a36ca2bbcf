package io.llmbench.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptSuiteTest {
    private final PromptSuite suite = PromptSuite.builtin();

    @Test
    void hasAtLeastEighteenPromptsInTenCategoriesCoveringEveryLengthAndComplexity() {
        assertThat(suite.size()).isGreaterThanOrEqualTo(18);
        assertThat(suite.categories()).hasSizeGreaterThanOrEqualTo(10).contains("factual_qa", "coding", "analysis",
                "creative_writing", "summarization", "reasoning", "extraction", "translation", "math", "dialogue");
        Set<String> pairs = new HashSet<>();
        for (Prompt p : suite.prompts()) {
            assertThat(PromptSuite.LENGTHS).contains(p.info().length());
            assertThat(PromptSuite.COMPLEXITIES).contains(p.info().complexity());
            pairs.add(p.info().length() + "/" + p.info().complexity());
        }
        assertThat(pairs).hasSize(9);
        assertThat(suite.prompts()).extracting(p -> p.info().id()).doesNotHaveDuplicates();
        assertThat(suite.prompts()).allSatisfy(p -> assertThat(p.maxTokens()).isBetween(64, 2048));
    }

    @Test
    void lengthClassesMatchTheTokenCounts() {
        Encoding cl100k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        for (Prompt p : suite.prompts()) {
            int tokens = p.messages().stream().mapToInt(m -> cl100k.countTokens(m.content())).sum();
            String expected = tokens < 100 ? "short" : tokens < 350 ? "medium" : "long";
            assertThat(p.info().length()).as("%s has %d tokens", p.info().id(), tokens).isEqualTo(expected);
        }
    }

    @Test
    void complexPromptsMayAnswerAtLeastAsLongAsSimpleOnes() {
        Map<String, Integer> maxByComplexity = new HashMap<>();
        Map<String, Integer> minByComplexity = new HashMap<>();
        for (Prompt p : suite.prompts()) {
            maxByComplexity.merge(p.info().complexity(), p.maxTokens(), Math::max);
            minByComplexity.merge(p.info().complexity(), p.maxTokens(), Math::min);
        }
        assertThat(minByComplexity.get("complex")).isGreaterThanOrEqualTo(maxByComplexity.get("simple"));
    }

    @Test
    void workloadSendsEveryPromptIterationsTimesRoundRobin() {
        Workload w = suite.workload(3);
        assertThat(w.plannedRequests()).isEqualTo(3L * suite.size());
        assertThat(w.distinctPrompts()).isEqualTo(suite.size());
        Map<String, Integer> counts = new HashMap<>();
        for (long i = 0; i < w.plannedRequests(); i++) {
            counts.merge(w.prompt(i).info().id(), 1, Integer::sum);
        }
        assertThat(counts).hasSize(suite.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(3));
        assertThat(w.prompt(0)).isEqualTo(w.prompt(suite.size()));
        assertThat(w.prompt(1)).isNotEqualTo(w.prompt(0));
        assertThat(w.description()).isEqualTo("suite builtin " + suite.size() + " prompts x3");
    }

    @Test
    void filtersByTags() {
        PromptSuite coding = suite.categories("coding", "math");
        assertThat(coding.categories()).containsExactly("coding", "math");
        assertThat(coding.name()).isEqualTo("builtin[category=coding|math]");
        PromptSuite longComplex = suite.lengths("long").complexities("complex");
        assertThat(longComplex.prompts()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.info()).extracting(PromptInfo::length, PromptInfo::complexity).containsExactly("long", "complex"));
        assertThat(suite.filter(i -> i.id().startsWith("dialogue")).prompts())
                .allSatisfy(p -> assertThat(p.messages().size()).isGreaterThan(1));
        assertThat(suite.withMaxTokens(50).prompts()).allSatisfy(p -> assertThat(p.maxTokens()).isEqualTo(50));
        assertThatThrownBy(() -> suite.categories("poetry"))
                .hasMessage("prompt suite filter category=poetry must keep at least one of the " + suite.size()
                        + " prompts of builtin, but kept none");
        assertThatThrownBy(() -> suite.workload(0)).hasMessage("iterations must be >= 1, but was 0");
        assertThatThrownBy(() -> PromptSuite.of("empty", List.of())).hasMessage("prompt suite empty must have at least one prompt, but has none");
    }
}
