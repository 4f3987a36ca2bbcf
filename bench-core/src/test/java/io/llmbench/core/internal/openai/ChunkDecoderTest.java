package io.llmbench.core.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.internal.openai.ChunkDecoder.Result;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkDecoderTest {
    private final ChunkDecoder d = new ChunkDecoder();

    private Result decode(String json) {
        byte[] b = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        return d.decode(b, 2, b.length - 4); // an offset slice, as the parser hands them
    }

    @Test
    void oneDecoderGivesEachChunkItsOwnResultAcrossBadOnes() {
        // the decoder keeps one parser for good chunks and drops it on anything else: the results
        // around a malformed, a trailing-data and a non-object chunk must still be exact
        for (int i = 0; i < 50; i++) {
            assertThat(decode("{\"choices\":[{\"delta\":{\"content\":\"t" + i + "\"}}],\"usage\":{\"completion_tokens\":" + i + "}}"))
                    .isEqualTo(Result.CHUNK);
            assertThat(d.content()).isEqualTo("t" + i);
            assertThat(d.completionTokens()).isEqualTo(i);
            assertThat(d.promptTokens()).isEqualTo(-1);
            switch (i % 5) {
                case 1 -> {
                    assertThat(decode("{\"choices\": nope}")).isEqualTo(Result.MALFORMED);
                    assertThat(d.problem()).contains("nope");
                }
                case 2 -> {
                    assertThat(decode("{\"choices\":[]} {\"more\":1}")).isEqualTo(Result.MALFORMED);
                    assertThat(d.problem()).isEqualTo("unexpected data after the JSON object");
                }
                case 3 -> assertThat(decode("[{\"choices\":[]}]")).isEqualTo(Result.MALFORMED);
                case 4 -> assertThat(decode("{\"choices\":[{\"delta\":")).isEqualTo(Result.INCOMPLETE);
                default -> {
                }
            }
        }
        assertThat(decode("{\"error\":{\"message\":\"boom\"}}")).isEqualTo(Result.CHUNK);
        assertThat(d.error()).isEqualTo("boom");
        assertThat(decode("{\"choices\":[{\"delta\":{}}]}")).isEqualTo(Result.CHUNK);
        assertThat(d.error()).isNull();
        assertThat(d.content()).isEmpty();
        assertThat(d.hasChoices()).isTrue();
    }

    @Test
    void concatenatesContentOfEveryChoice() {
        assertThat(decode("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},{\"index\":1,\"delta\":{\"content\":\"b\"}}]}"))
                .isEqualTo(Result.CHUNK);
        assertThat(d.hasChoices()).isTrue();
        assertThat(d.content()).isEqualTo("ab");
        assertThat(d.finished()).isFalse();
    }

    @Test
    void readsContentGivenAsAnArrayOfParts() {
        decode("{\"choices\":[{\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"x\"},{\"type\":\"text\",\"text\":\"y\"}]}}]}");

        assertThat(d.content()).isEqualTo("xy");
    }

    @Test
    void skipsFieldsItDoesNotNeedWhateverTheirShape() {
        decode("{\"id\":\"1\",\"system_fingerprint\":null,\"choices\":[{\"logprobs\":{\"content\":[{\"token\":\"a\","
                + "\"logprob\":-0.1,\"bytes\":[97],\"top_logprobs\":[]}]},\"delta\":{\"content\":\"a\",\"extra\":{\"n\":[1,{}]}},"
                + "\"finish_reason\":\"stop\",\"stop_reason\":null}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0}}}");

        assertThat(d.content()).isEqualTo("a");
        assertThat(d.finished()).isTrue();
        assertThat(d.hasUsage()).isTrue();
        assertThat(d.promptTokens()).isEqualTo(3);
        assertThat(d.completionTokens()).isEqualTo(1);
    }

    @Test
    void treatsNullUsageAndMissingCountsAsAbsent() {
        decode("{\"choices\":[],\"usage\":null}");
        assertThat(d.hasChoices()).isFalse();
        assertThat(d.hasUsage()).isFalse();

        decode("{\"usage\":{\"completion_tokens\":5,\"prompt_tokens\":null}}");
        assertThat(d.hasUsage()).isTrue();
        assertThat(d.promptTokens()).isEqualTo(-1);
        assertThat(d.completionTokens()).isEqualTo(5);
    }

    @Test
    void forgetsThePreviousChunk() {
        decode("{\"choices\":[{\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1}}");
        decode("{\"choices\":[]}");

        assertThat(d.content()).isEmpty();
        assertThat(d.finished()).isFalse();
        assertThat(d.hasUsage()).isFalse();
        assertThat(d.error()).isNull();
    }

    @Test
    void readsErrorShapes() {
        decode("{\"error\":{\"code\":\"rate_limit\"}}");
        assertThat(d.error()).isEqualTo("rate_limit");
        decode("{\"error\":\"overloaded\"}");
        assertThat(d.error()).isEqualTo("overloaded");
        decode("{\"message\":\"m\",\"object\":\"error\"}");
        assertThat(d.error()).isEqualTo("m");
        decode("{\"error\":null,\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}");
        assertThat(d.error()).isNull();
        assertThat(d.content()).isEqualTo("ok");
    }

    @Test
    void tellsAnUnfinishedObjectFromGarbage() {
        assertThat(decode("{\"choices\": [")).isEqualTo(Result.INCOMPLETE);
        assertThat(decode("{\"choices\": [{\"delta\": {\"content\": \"abc")).isEqualTo(Result.INCOMPLETE);
        assertThat(decode("{\"id\": \"x\",")).isEqualTo(Result.INCOMPLETE);
        assertThat(decode("{\"choices\": [{\"index\": 0},")).isEqualTo(Result.INCOMPLETE);
        assertThat(decode("{\"usage\": {\"prompt_tokens\": 12")).isEqualTo(Result.INCOMPLETE);
        assertThat(decode("")).isEqualTo(Result.INCOMPLETE);

        assertThat(decode("garbage")).isEqualTo(Result.MALFORMED);
        assertThat(d.problem()).contains("garbage");
        assertThat(decode("{\"a\": x}")).isEqualTo(Result.MALFORMED);
        assertThat(decode("\"text\"")).isEqualTo(Result.MALFORMED);
        assertThat(d.problem()).isEqualTo("expected a JSON object but found a string");
        assertThat(decode("{\"a\":1} {\"b\":2}")).isEqualTo(Result.MALFORMED);
        assertThat(d.problem()).isEqualTo("unexpected data after the JSON object");
        assertThat(decode("{\"a\":1} {\"b\"")).isEqualTo(Result.MALFORMED);
    }
}
