package io.llmbench.core.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptFilesTest {
    private static PromptSet jsonl(String text) {
        return PromptFiles.jsonl().read(new StringReader(text), "p.jsonl");
    }

    private static PromptFileProblem jsonlError(String text) {
        try {
            jsonl(text);
        } catch (PromptFileException e) {
            assertThat(e).hasMessage(e.problem().toString());
            return e.problem();
        }
        throw new AssertionError("expected a PromptFileException for " + text);
    }

    @Test
    void readsPromptsAndMessageListsWithTags() {
        PromptSet set = jsonl("""
                {"id": "q1", "prompt": "What is 2+2?", "max_tokens": 16, "category": "math", "length": "short", "complexity": "simple"}

                {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}], "output_tokens": 8}
                {"id": 7, "prompt": "Tell me a story", "extra": {"ignored": true}}
                """);
        assertThat(set.skipped()).isEmpty();
        assertThat(set.prompts()).hasSize(3);
        Prompt q1 = set.prompts().get(0);
        assertThat(q1.info()).isEqualTo(new PromptInfo("q1", "math", "short", "simple"));
        assertThat(q1.messages()).containsExactly(Prompt.Message.user("What is 2+2?"));
        assertThat(q1.maxTokens()).isEqualTo(16);
        Prompt chat = set.prompts().get(1);
        assertThat(chat.info().id()).as("default id is file stem and line").isEqualTo("p-3");
        assertThat(chat.messages()).containsExactly(Prompt.Message.system("Be brief."), Prompt.Message.user("Hi"));
        assertThat(chat.maxTokens()).isEqualTo(8);
        assertThat(set.prompts().get(2).info().id()).isEqualTo("7");
        assertThat(set.prompts().get(2).maxTokens()).isEqualTo(-1);
    }

    @Test
    void appliesDefaultMaxTokensAndLimit() {
        PromptSet set = PromptFiles.jsonl().defaultMaxTokens(99).limit(2)
                .read(new StringReader("{\"prompt\":\"a\"}\n{\"prompt\":\"b\",\"max_tokens\":5}\n{\"prompt\":\"c\"}\n"), "x.jsonl");
        assertThat(set.prompts()).extracting(Prompt::maxTokens).containsExactly(99, 5);
    }

    @Test
    void namesLineFieldRuleAndValueOfBadLines() {
        assertThat(jsonlError("{\"prompt\":\"ok\"}\n{\"prompt\":\"x\",\"max_tokens\":\"abc\"}\n"))
                .isEqualTo(new PromptFileProblem("p.jsonl", 2, "max_tokens", "field 'max_tokens' must be an integer >= 1, but was \"abc\""));
        assertThat(jsonlError("{\"prompt\":\"x\",\"max_tokens\":0}").message())
                .isEqualTo("field 'max_tokens' must be an integer >= 1, but was 0");
        assertThat(jsonlError("{\"prompt\":\"x\",\"max_tokens\":2.5}").field()).isEqualTo("max_tokens");
        assertThat(jsonlError("{\"prompt\":\"   \"}").message()).isEqualTo("field 'prompt' must be a non-blank string, but was \"   \"");
        assertThat(jsonlError("{\"prompt\":\"a\",\"messages\":[]}").message())
                .isEqualTo("fields 'prompt' and 'messages' must not both be set, but both were");
        assertThat(jsonlError("{\"id\":\"a\"}").message())
                .isEqualTo("field 'prompt' (a string) or 'messages' (an array) must be set, but neither was");
        assertThat(jsonlError("{\"messages\":[]}").message())
                .isEqualTo("field 'messages' must be a non-empty array of {role, content} objects, but was an empty array");
        PromptFileProblem role = jsonlError("\n\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"robot\",\"content\":\"b\"}]}");
        assertThat(role.line()).isEqualTo(3);
        assertThat(role.field()).isEqualTo("messages[1].role");
        assertThat(role.message()).isEqualTo("field 'messages[1].role' must be one of [assistant, developer, system, tool, user], but was \"robot\"");
        assertThat(jsonlError("{\"messages\":[{\"role\":\"user\",\"content\":5}]}").message())
                .isEqualTo("field 'messages[0].content' must be a string, but was 5");
        assertThat(jsonlError("{\"prompt\":\"x\",\"max_tokens\":4,\"output_tokens\":5}").message())
                .isEqualTo("fields 'max_tokens' and 'output_tokens' must agree when both are set, but were 4 and 5");
        assertThat(jsonlError("{\"id\":\"a\",\"prompt\":\"x\"}\n{\"id\":\"a\",\"prompt\":\"y\"}").message())
                .isEqualTo("field 'id' must be unique in the file, but \"a\" was already used on line 1");
        assertThat(jsonlError("[1, 2]").message()).isEqualTo("line must be a JSON object, but was an array");
        assertThat(jsonlError("{\"prompt\":\"x\",\"category\":3}").message())
                .isEqualTo("field 'category' must be a non-blank string, but was 3");
        PromptFileProblem syntax = jsonlError("{\"prompt\":\"x\"}\n{\"prompt\": oops}\n");
        assertThat(syntax.line()).isEqualTo(2);
        assertThat(syntax.field()).isNull();
        assertThat(syntax.message()).startsWith("line must be one JSON object, but is not valid JSON at column ").contains("'oops'");
        assertThat(jsonlError("{\"prompt\":\"x\"} {\"prompt\":\"y\"}").message()).startsWith("line must be one JSON object");
        assertThat(jsonlError("{\"prompt\":\"x\",\"prompt\":\"y\"}").message()).contains("Duplicate field 'prompt'");
    }

    @Test
    void longValuesAreClippedInMessages() {
        String longText = "z".repeat(500);
        assertThat(jsonlError("{\"prompt\":\"a\",\"category\":[\"" + longText + "\"]}").message()).endsWith("but was an array");
        assertThat(jsonlError("{\"prompt\":\"a\",\"max_tokens\":\"" + longText + "\"}").message()).hasSizeLessThan(150).endsWith("...");
    }

    @Test
    void skipsAndReportsBadLinesWhenAsked() {
        PromptSet set = PromptFiles.jsonl().skipInvalid(true).read(new StringReader("""
                {"prompt": "good 1"}
                not json
                {"prompt": "good 2", "max_tokens": -4}
                {"prompt": "good 3"}
                """), "mixed.jsonl");
        assertThat(set.prompts()).extracting(p -> p.text()).containsExactly("good 1", "good 3");
        assertThat(set.skipped()).extracting(PromptFileProblem::line).containsExactly(2L, 3L);
        assertThat(set.skipped().get(1)).hasToString("mixed.jsonl line 3: field 'max_tokens' must be an integer >= 1, but was -4");
    }

    @Test
    void readsFilesFromDiskWithUtf8AndBom(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prompts.jsonl");
        Files.writeString(file, "\uFEFF{\"prompt\": \"Grüße, 世界\"}\n", StandardCharsets.UTF_8);
        PromptSet set = PromptFiles.jsonl().read(file);
        assertThat(set.source()).isEqualTo("prompts.jsonl");
        assertThat(set.prompts().get(0).text()).isEqualTo("Grüße, 世界");
        assertThat(set.prompts().get(0).info().id()).isEqualTo("prompts-1");
        assertThat(set.workload().prompt(5).text()).isEqualTo("Grüße, 世界");
        assertThatThrownBy(() -> PromptFiles.jsonl().read(dir.resolve("missing.jsonl")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.jsonl cannot be read");
    }

    @Test
    void shareGptUsesFirstHumanTurnAndAnswerLengthAsVllmDoes() {
        String answer = "Paris is the capital of France, and it has been for a very long time.";
        String json = "[\n"
                + "  {\"id\": \"c1\", \"conversations\": [\n"
                + "    {\"from\": \"system\", \"value\": \"You are helpful.\"},\n"
                + "    {\"from\": \"human\", \"value\": \"What is the capital of France?\"},\n"
                + "    {\"from\": \"gpt\", \"value\": \"" + answer + "\"},\n"
                + "    {\"from\": \"human\", \"value\": \"And Spain?\"},\n"
                + "    {\"from\": \"gpt\", \"value\": \"Madrid.\"}]},\n"
                + "  {\"id\": \"c2\", \"conversations\": [{\"from\": \"human\", \"value\": \"Only a question\"}]},\n"
                + "  {\"conversations\": [{\"from\": \"human\", \"value\": \"Hi\"}, {\"from\": \"gpt\", \"value\": \"Hello there!\"}]}\n"
                + "]\n";
        PromptSet set = PromptFiles.shareGpt().read(new StringReader(json), "sharegpt.json");
        int expected = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE).countTokens(answer);
        assertThat(set.prompts()).hasSize(2);
        Prompt c1 = set.prompts().get(0);
        assertThat(c1.info().id()).isEqualTo("c1");
        assertThat(c1.messages()).containsExactly(Prompt.Message.user("What is the capital of France?"));
        assertThat(c1.maxTokens()).isEqualTo(expected);
        assertThat(set.prompts().get(1).info().id()).isEqualTo("sharegpt-2");
        assertThat(set.skipped()).hasSize(1);
        assertThat(set.skipped().get(0).line()).isEqualTo(8);
        assertThat(set.skipped().get(0).message()).contains("no non-blank human turn followed by a non-empty answer");
    }

    @Test
    void shareGptCountsAnswersWithTheChosenEncoding() {
        String answer = "Die Hauptstadt von Frankreich ist Paris — seit Jahrhunderten.";
        String line = "{\"conversations\": [{\"from\": \"user\", \"value\": \"Q\"}, {\"from\": \"assistant\", \"value\": \"" + answer + "\"}]}";
        PromptSet set = PromptFiles.shareGpt().tokenizer("o200k_base").read(new StringReader(line + "\n" + line), "s.jsonl");
        int expected = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE).countTokens(answer);
        assertThat(set.prompts()).extracting(Prompt::maxTokens).containsExactly(expected, expected);
        assertThat(set.prompts()).extracting(p -> p.info().id()).doesNotHaveDuplicates();
    }

    @Test
    void shareGptReportsStructuralErrorsWithLines() {
        String json = "[\n{\"conversations\": [{\"from\": \"human\", \"value\": \"a\"}, {\"from\": \"gpt\", \"value\": \"b\"}]},\n"
                + "{\"conversations\": \"nope\"},\n"
                + "{\"conversations\": [{\"from\": \"human\", \"value\": 3}]}\n]";
        assertThatThrownBy(() -> PromptFiles.shareGpt().read(new StringReader(json), "s.json"))
                .isInstanceOf(PromptFileException.class)
                .hasMessage("s.json line 3: field 'conversations' must be an array of {from, value} turns, but was \"nope\"");
        PromptSet set = PromptFiles.shareGpt().skipInvalid(true).read(new StringReader(json), "s.json");
        assertThat(set.prompts()).hasSize(1);
        assertThat(set.skipped()).extracting(PromptFileProblem::toString).containsExactly(
                "s.json line 3: field 'conversations' must be an array of {from, value} turns, but was \"nope\"",
                "s.json line 4: field 'conversations[0].value' must be a string, but was 3");
    }

    @Test
    void shareGptSyntaxErrorInArrayStopsEvenWhenSkipping() {
        String json = "[\n{\"conversations\": []},\n{\"conversations\": [}\n]";
        assertThatThrownBy(() -> PromptFiles.shareGpt().skipInvalid(true).read(new StringReader(json), "bad.json"))
                .isInstanceOf(PromptFileException.class)
                .hasMessageStartingWith("bad.json line 3: file must be valid JSON, but is not at column");
        assertThatThrownBy(() -> PromptFiles.shareGpt().read(new StringReader("[{\"conversations\": []},"), "cut.json"))
                .isInstanceOf(PromptFileException.class).hasMessageContaining("cut.json line 1");
    }

    @Test
    void rejectsBadLoaderSettings() {
        assertThatThrownBy(() -> PromptFiles.jsonl().limit(0)).hasMessage("limit must be >= 1 prompt, but was 0");
        assertThatThrownBy(() -> PromptFiles.jsonl().defaultMaxTokens(0)).hasMessage("defaultMaxTokens must be >= 1 or -1 (unset), but was 0");
        assertThatThrownBy(() -> PromptFiles.shareGpt().tokenizer("nope")).hasMessageContaining("'nope'");
        assertThat(PromptFiles.shareGpt().format()).isEqualTo(PromptFiles.Format.SHAREGPT);
        assertThat(List.of(PromptFiles.Format.values())).hasSize(2);
    }
}
