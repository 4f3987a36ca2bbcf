package io.llmbench.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticWorkloadTest {
    private static final EncodingRegistry JTOKKIT = Encodings.newDefaultEncodingRegistry();

    private static Encoding enc(String name) {
        return JTOKKIT.getEncoding(name).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cl100k_base", "o200k_base"})
    void hitsInputTokenTargetExactlyForManySizes(String encoding) {
        Encoding tokenizer = enc(encoding);
        int[] sizes = IntStream.concat(IntStream.rangeClosed(1, 64),
                IntStream.of(100, 127, 128, 129, 255, 256, 500, 512, 999, 1000, 1024, 2047, 2048, 4096, 8191)).toArray();
        for (int size : sizes) {
            SyntheticWorkload w = Workload.synthetic().inputTokens(size).outputTokens(16).tokenizer(encoding).seed(size).build();
            for (long i = 0; i < 3; i++) {
                Prompt p = w.prompt(i);
                assertThat(tokenizer.countTokensOrdinary(p.text())).as("%s tokens of prompt %d of size %d", encoding, i, size)
                        .isEqualTo(size);
                assertThat(p.declaredInputTokens()).isEqualTo(size);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cl100k_base", "o200k_base"})
    void hitsSampledTargetsWithSharedPrefix(String encoding) {
        Encoding tokenizer = enc(encoding);
        SyntheticWorkload w = Workload.synthetic().inputTokens(300, 80, 40, 600).outputTokens(64)
                .sharedPrefixTokens(32).tokenizer(encoding).seed(3).build();
        for (long i = 0; i < 200; i++) {
            Prompt p = w.prompt(i);
            assertThat(tokenizer.countTokensOrdinary(p.text())).isEqualTo(p.declaredInputTokens());
            assertThat(p.declaredInputTokens()).isBetween(40, 600);
        }
    }

    @Test
    void sharedPrefixIsCommonAndTheRestDiffers() {
        Encoding tokenizer = enc("cl100k_base");
        SyntheticWorkload w = Workload.synthetic().inputTokens(200).outputTokens(8).sharedPrefixTokens(64).build();
        IntArrayList first = tokenizer.encodeOrdinary(w.prompt(0).text());
        Set<List<Integer>> suffixStarts = new HashSet<>();
        for (long i = 1; i < 50; i++) {
            IntArrayList t = tokenizer.encodeOrdinary(w.prompt(i).text());
            for (int k = 0; k < 64; k++) {
                assertThat(t.get(k)).as("token %d of prompt %d", k, i).isEqualTo(first.get(k));
            }
            suffixStarts.add(t.boxed().subList(64, 80));
        }
        assertThat(suffixStarts).hasSize(49);
    }

    @Test
    void everyRequestGetsDistinctTextFromItsFirstTokens() {
        Encoding tokenizer = enc("cl100k_base");
        Workload w = Workload.synthetic(256, 16);
        Set<List<Integer>> starts = new HashSet<>();
        for (long i = 0; i < 500; i++) {
            starts.add(tokenizer.encodeOrdinary(w.prompt(i).text()).boxed().subList(0, 16));
        }
        assertThat(starts).as("distinct 16-token starts (a prefix-cache block)").hasSize(500);
    }

    @Test
    void isReproducibleFromTheSeed() {
        SyntheticWorkload a = Workload.synthetic().inputTokens(128, 32).outputTokens(64, 16).seed(11).build();
        SyntheticWorkload b = Workload.synthetic().inputTokens(128, 32).outputTokens(64, 16).seed(11).build();
        SyntheticWorkload c = Workload.synthetic().inputTokens(128, 32).outputTokens(64, 16).seed(12).build();
        for (long i = 0; i < 20; i++) {
            assertThat(a.prompt(i)).isEqualTo(b.prompt(i));
            assertThat(a.prompt(i).text()).isNotEqualTo(c.prompt(i).text());
        }
        assertThat(a.prompt(5)).as("pure function of the index, whatever was asked before").isEqualTo(b.prompt(5));
    }

    @Test
    void sampledLengthsFollowTheDistributionWithinBounds() {
        SyntheticWorkload w = Workload.synthetic().inputTokens(1000, 100, 800, 1300).outputTokens(200, 50, 150, 400).build();
        int n = 4000;
        double sum = 0;
        double sq = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (long i = 0; i < n; i++) {
            Prompt p = w.prompt(i);
            int in = p.declaredInputTokens();
            sum += in;
            sq += (double) in * in;
            min = Math.min(min, in);
            max = Math.max(max, in);
            assertThat(p.maxTokens()).isBetween(150, 400);
        }
        double mean = sum / n;
        double sd = Math.sqrt(sq / n - mean * mean);
        // truncation at -2 and +3 sigma shifts the mean up by ~5 tokens and narrows the spread by ~10%
        assertThat(mean).isBetween(995.0, 1015.0);
        assertThat(sd).isBetween(80.0, 100.0);
        assertThat(min).isGreaterThanOrEqualTo(800).isLessThan(820);
        assertThat(max).isLessThanOrEqualTo(1300).isGreaterThan(1250);
    }

    @Test
    void forcesOutputLengthWithMaxTokensIgnoreEosAndMinTokens() {
        Prompt p = Workload.synthetic(64, 300).prompt(0);
        assertThat(p.maxTokens()).isEqualTo(300);
        assertThat(p.bodyFields()).containsExactly(Map.entry("ignore_eos", true), Map.entry("min_tokens", 300));
    }

    @Test
    void canSendMaxCompletionTokensInstead() {
        Prompt p = Workload.synthetic().inputTokens(64).outputTokens(300)
                .outputLimit(SyntheticWorkload.OutputLimit.MAX_COMPLETION_TOKENS).ignoreEos(false).minTokens(false)
                .build().prompt(0);
        assertThat(p.maxTokens()).isEqualTo(-1);
        assertThat(p.bodyFields()).containsExactly(Map.entry("max_completion_tokens", 300));
    }

    @Test
    void carriesNoStreamingFieldsSoNonStreamingEndpointsWork() {
        Prompt p = Workload.synthetic(64, 32).withSampling(Sampling.greedy()).prompt(3);
        assertThat(p.bodyFields()).doesNotContainKeys("stream", "stream_options", "model", "messages");
        assertThatThrownBy(() -> Workload.synthetic(64, 32).withBodyFields(Map.of("stream", false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("body field name must not be one of").hasMessageContaining("'stream'");
    }

    @Test
    void describesItselfStablyForStoredRuns() {
        assertThat(Workload.synthetic(512, 128).description()).isEqualTo("synthetic in=512 out=128");
        assertThat(Workload.synthetic().inputTokens(1024, 64, 900, 1200).outputTokens(256).tokenizer("o200k_base")
                .sharedPrefixTokens(100).seed(7).build().description())
                .isEqualTo("synthetic in=1024±64[900..1200] out=256 tokenizer=o200k_base prefix=100 seed=7");
    }

    @Test
    void rejectsIncompleteOrConflictingSettings() {
        assertThatThrownBy(() -> Workload.synthetic().outputTokens(5).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inputTokens must be set");
        assertThatThrownBy(() -> Workload.synthetic().inputTokens(5).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outputTokens must be set");
        assertThatThrownBy(() -> Workload.synthetic().inputTokens(100, 10, 50, 150).outputTokens(5).sharedPrefixTokens(50).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sharedPrefixTokens must be < the minimum input length (50) so each prompt keeps distinct tokens, but was 50");
        assertThatThrownBy(() -> Workload.synthetic().inputTokens(5).outputTokens(5).tokenizer("gpt5_base").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenizer").hasMessageContaining("'gpt5_base'");
        assertThatThrownBy(() -> Workload.synthetic(0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("inputTokens must be >= 1, but was 0");
        assertThatThrownBy(() -> Workload.synthetic(5, 5).prompt(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("prompt index must be >= 0, but was -1");
    }
}
