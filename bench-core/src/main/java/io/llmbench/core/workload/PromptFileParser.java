package io.llmbench.core.workload;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmbench.core.internal.Tokenizers;
import io.llmbench.core.workload.Prompt;
import io.llmbench.core.workload.PromptFileException;
import io.llmbench.core.workload.PromptFileProblem;
import io.llmbench.core.workload.PromptInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses JSONL and ShareGPT prompt files into prompts, collecting or throwing problems with line
 * numbers. One instance per read; not thread-safe. Not API: use {@code io.llmbench.core.workload.PromptFiles}.
 */
final class PromptFileParser {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectReader LINE_READER = MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Set<String> HUMAN = Set.of("human", "user");
    private static final Set<String> NOT_ANSWER = Set.of("human", "user", "system");
    private static final int MAX_VALUE_CHARS = 60;

    private final String source;
    private final String stem;
    private final boolean skipInvalid;
    private final int limit;
    private final int defaultMaxTokens;
    private final String tokenizer;
    private final List<Prompt> prompts = new ArrayList<>();
    private final List<PromptFileProblem> skipped = new ArrayList<>();
    private final Map<String, Long> idLines = new HashMap<>();

    PromptFileParser(String source, boolean skipInvalid, int limit, int defaultMaxTokens, String tokenizer) {
        this.source = source;
        int dot = source.lastIndexOf('.');
        this.stem = dot > 0 ? source.substring(0, dot) : source;
        this.skipInvalid = skipInvalid;
        this.limit = limit;
        this.defaultMaxTokens = defaultMaxTokens;
        this.tokenizer = tokenizer;
    }

    List<Prompt> prompts() {
        return prompts;
    }

    List<PromptFileProblem> skipped() {
        return skipped;
    }

    /** A rule broken by one record. */
    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        Bad(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    // ---------------------------------------------------------------- JSONL

    void readJsonl(BufferedReader in) throws IOException {
        String line;
        long number = 0;
        while (prompts.size() < limit && (line = in.readLine()) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = parseLine(line);
                add(jsonlPrompt(node, number), number);
            } catch (Bad bad) {
                problem(number, bad.field, bad.getMessage());
            }
        }
    }

    private static JsonNode parseLine(String line) throws Bad {
        try {
            return LINE_READER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new Bad(null, "line must be one JSON object, but is not valid JSON at column "
                    + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Bad(null, "line must be one JSON object, but could not be parsed: " + e.getMessage());
        }
    }

    private Prompt jsonlPrompt(JsonNode node, long line) throws Bad {
        if (!node.isObject()) {
            throw new Bad(null, "line must be a JSON object, but was " + show(node));
        }
        JsonNode text = node.get("prompt");
        JsonNode messages = node.get("messages");
        if (text != null && messages != null) {
            throw new Bad("prompt", "fields 'prompt' and 'messages' must not both be set, but both were");
        }
        if (text == null && messages == null) {
            throw new Bad("prompt", "field 'prompt' (a string) or 'messages' (an array) must be set, but neither was");
        }
        List<Prompt.Message> list = new ArrayList<>();
        if (text != null) {
            list.add(Prompt.Message.user(nonBlankString(text, "prompt")));
        } else {
            if (!messages.isArray() || messages.isEmpty()) {
                throw new Bad("messages", "field 'messages' must be a non-empty array of {role, content} objects, but was " + show(messages));
            }
            for (int i = 0; i < messages.size(); i++) {
                list.add(message(messages.get(i), "messages[" + i + "]"));
            }
        }
        int maxTokens = maxTokens(node);
        String id = id(node.get("id"), line);
        PromptInfo info = new PromptInfo(id, optionalString(node, "category"), optionalString(node, "length"),
                optionalString(node, "complexity"));
        return new Prompt(info, list, maxTokens, -1, Map.of());
    }

    private static Prompt.Message message(JsonNode m, String path) throws Bad {
        if (m == null || !m.isObject()) {
            throw new Bad(path, "field '" + path + "' must be an object with 'role' and 'content', but was " + show(m));
        }
        JsonNode role = m.get("role");
        if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
            throw new Bad(path + ".role", "field '" + path + ".role' must be one of " + new java.util.TreeSet<>(ROLES)
                    + ", but was " + show(role));
        }
        JsonNode content = m.get("content");
        if (content == null || !content.isTextual()) {
            throw new Bad(path + ".content", "field '" + path + ".content' must be a string, but was " + show(content));
        }
        return new Prompt.Message(role.asText(), content.asText());
    }

    private int maxTokens(JsonNode node) throws Bad {
        Integer max = positiveInt(node, "max_tokens");
        Integer out = positiveInt(node, "output_tokens");
        if (max != null && out != null && !max.equals(out)) {
            throw new Bad("output_tokens", "fields 'max_tokens' and 'output_tokens' must agree when both are set, but were "
                    + max + " and " + out);
        }
        return max != null ? max : out != null ? out : defaultMaxTokens;
    }

    private static Integer positiveInt(JsonNode node, String field) throws Bad {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new Bad(field, "field '" + field + "' must be an integer >= 1, but was " + show(v));
        }
        return v.asInt();
    }

    private static String optionalString(JsonNode node, String field) throws Bad {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new Bad(field, "field '" + field + "' must be a non-blank string, but was " + show(v));
        }
        return v.asText();
    }

    private static String nonBlankString(JsonNode v, String field) throws Bad {
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new Bad(field, "field '" + field + "' must be a non-blank string, but was " + show(v));
        }
        return v.asText();
    }

    private String id(JsonNode v, long line) throws Bad {
        if (v == null || v.isNull()) {
            return stem + "-" + line;
        }
        if (!(v.isTextual() && !v.asText().isBlank()) && !v.isIntegralNumber()) {
            throw new Bad("id", "field 'id' must be a non-blank string or an integer, but was " + show(v));
        }
        String id = v.asText();
        Long first = idLines.get(id);
        if (first != null) {
            throw new Bad("id", "field 'id' must be unique in the file, but \"" + clip(id) + "\" was already used on line " + first);
        }
        return id;
    }

    // ---------------------------------------------------------------- ShareGPT

    void readShareGpt(BufferedReader in) throws IOException {
        in.mark(1 << 16);
        int c;
        do {
            c = in.read();
        } while (c == '\uFEFF' || c != -1 && Character.isWhitespace(c));
        in.reset();
        if (c == '[') {
            readShareGptArray(in);
        } else {
            readShareGptLines(in);
        }
    }

    private void readShareGptLines(BufferedReader in) throws IOException {
        String line;
        long number = 0;
        while (prompts.size() < limit && (line = in.readLine()) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                conversation(parseLine(line), number, prompts.size() + skipped.size());
            } catch (Bad bad) {
                problem(number, bad.field, bad.getMessage());
            }
        }
    }

    private void readShareGptArray(BufferedReader in) throws IOException {
        try (JsonParser p = MAPPER.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("ShareGPT array expected");
            }
            int position = 0;
            JsonToken t;
            while (prompts.size() < limit && (t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new PromptFileException(new PromptFileProblem(source, p.currentLocation().getLineNr(), null,
                            "file must be a complete JSON array, but it ends before the closing ']'"));
                }
                long line = p.currentTokenLocation().getLineNr();
                JsonNode node = p.readValueAsTree();
                try {
                    conversation(node, line, position);
                } catch (Bad bad) {
                    problem(line, bad.field, bad.getMessage());
                }
                position++;
            }
        } catch (JsonParseException e) {
            throw new PromptFileException(new PromptFileProblem(source,
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
                    "file must be valid JSON, but is not at column "
                            + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ": " + e.getOriginalMessage()));
        }
    }

    private void conversation(JsonNode node, long line, int position) throws Bad {
        if (node == null || !node.isObject()) {
            throw new Bad(null, "conversation must be a JSON object, but was " + show(node));
        }
        JsonNode turns = node.get("conversations");
        if (turns == null || !turns.isArray()) {
            throw new Bad("conversations", "field 'conversations' must be an array of {from, value} turns, but was " + show(turns));
        }
        String prompt = null;
        String answer = null;
        for (int i = 0; i < turns.size() && answer == null; i++) {
            JsonNode turn = turns.get(i);
            String path = "conversations[" + i + "]";
            if (!turn.isObject()) {
                throw new Bad(path, "field '" + path + "' must be an object with 'from' and 'value', but was " + show(turn));
            }
            JsonNode from = turn.get("from");
            JsonNode value = turn.get("value");
            if (from == null || !from.isTextual()) {
                throw new Bad(path + ".from", "field '" + path + ".from' must be a string, but was " + show(from));
            }
            if (value == null || !value.isTextual()) {
                throw new Bad(path + ".value", "field '" + path + ".value' must be a string, but was " + show(value));
            }
            String who = from.asText().toLowerCase(java.util.Locale.ROOT);
            if (prompt == null) {
                if (HUMAN.contains(who) && !value.asText().isBlank()) {
                    prompt = value.asText();
                }
            } else if (!NOT_ANSWER.contains(who)) {
                answer = value.asText();
            }
        }
        int answerTokens = answer == null ? 0 : Tokenizers.count(tokenizer, answer);
        if (prompt == null || answerTokens == 0) {
            // Not an error in the file: ShareGPT data has many such conversations; vLLM drops them too.
            skipped.add(new PromptFileProblem(source, line, "conversations",
                    "conversation has no non-blank human turn followed by a non-empty answer; skipped"));
            return;
        }
        JsonNode idNode = node.get("id");
        String id = idNode != null && (idNode.isTextual() && !idNode.asText().isBlank() || idNode.isIntegralNumber())
                ? idNode.asText() : "sharegpt-" + position;
        if (idLines.containsKey(id)) {
            id = id + "@" + line;
        }
        add(new Prompt(PromptInfo.of(id), List.of(Prompt.Message.user(prompt)), answerTokens, -1, Map.of()), line);
    }

    // ---------------------------------------------------------------- common

    private void add(Prompt prompt, long line) {
        idLines.put(prompt.info().id(), line);
        prompts.add(prompt);
    }

    private void problem(long line, String field, String message) {
        PromptFileProblem problem = new PromptFileProblem(source, line, field, message);
        if (!skipInvalid) {
            throw new PromptFileException(problem);
        }
        skipped.add(problem);
    }

    /** A JSON value for an error message, clipped. */
    static String show(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "missing";
        }
        if (v.isArray()) {
            return v.isEmpty() ? "an empty array" : "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        return clip(v.toString());
    }

    private static String clip(String s) {
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "...";
    }
}
