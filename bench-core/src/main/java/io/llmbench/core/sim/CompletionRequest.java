package io.llmbench.core.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.Encoding;
import java.io.IOException;

/**
 * The fields of a {@code /v1/chat/completions} or {@code /v1/completions} body that the simulated
 * endpoint uses, validated. Immutable.
 */
final class CompletionRequest {
    final String model;          // null when absent
    final boolean stream;
    final boolean includeUsage;
    final int maxTokens;         // -1 when absent
    final int minTokens;
    final boolean ignoreEos;
    final long requestSeed;      // 0 when absent
    final int promptTokens;
    final long promptDigest;

    private CompletionRequest(String model, boolean stream, boolean includeUsage, int maxTokens, int minTokens,
                              boolean ignoreEos, long requestSeed, int promptTokens, long promptDigest) {
        this.model = model;
        this.stream = stream;
        this.includeUsage = includeUsage;
        this.maxTokens = maxTokens;
        this.minTokens = minTokens;
        this.ignoreEos = ignoreEos;
        this.requestSeed = requestSeed;
        this.promptTokens = promptTokens;
        this.promptDigest = promptDigest;
    }

    /** A request the endpoint answers with a 4xx. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String param;

        Rejected(int status, String param, String message) {
            super(message, null, false, false);
            this.status = status;
            this.param = param;
        }
    }

    static CompletionRequest parse(byte[] body, boolean chat, Encoding tokenizer) throws Rejected {
        JsonNode root;
        try {
            root = Wire.JSON.readTree(body);
        } catch (IOException e) {
            throw new Rejected(400, null, "request body must be a JSON object, but could not be parsed: "
                    + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new Rejected(400, null, "request body must be a JSON object, but was "
                    + (root == null ? "empty" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        String model = null;
        JsonNode m = root.get("model");
        if (m != null && !m.isNull()) {
            if (!m.isTextual()) {
                throw new Rejected(400, "model", "model must be a string, but was " + m);
            }
            model = m.asText();
        }
        boolean stream = bool(root, "stream", false);
        boolean includeUsage = false;
        JsonNode so = root.get("stream_options");
        if (so != null && !so.isNull()) {
            if (!so.isObject()) {
                throw new Rejected(400, "stream_options", "stream_options must be an object, but was " + so);
            }
            includeUsage = bool(so, "include_usage", false);
        }
        int maxTokens = intField(root, "max_completion_tokens", -1, 1);
        if (maxTokens < 0) {
            maxTokens = intField(root, "max_tokens", -1, 1);
        }
        int minTokens = intField(root, "min_tokens", 0, 0);
        if (maxTokens >= 0 && minTokens > maxTokens) {
            throw new Rejected(400, "min_tokens", "min_tokens must be <= max_tokens (" + maxTokens + "), but was " + minTokens);
        }
        boolean ignoreEos = bool(root, "ignore_eos", false);
        int n = intField(root, "n", 1, 1);
        if (n != 1) {
            throw new Rejected(400, "n", "n must be 1 (the simulated endpoint generates one choice), but was " + n);
        }
        long seed = 0;
        JsonNode s = root.get("seed");
        if (s != null && !s.isNull()) {
            if (!s.canConvertToLong()) {
                throw new Rejected(400, "seed", "seed must be an integer, but was " + s);
            }
            seed = s.asLong();
        }
        Prompt prompt = chat ? chatPrompt(root, tokenizer) : textPrompt(root, tokenizer);
        return new CompletionRequest(model, stream, includeUsage, maxTokens, minTokens, ignoreEos, seed,
                prompt.tokens, prompt.digest);
    }

    private static final class Prompt {
        int tokens;
        long digest = 0xcbf29ce484222325L;

        void digest(String s) {
            long h = digest;
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
            digest = h * 0x100000001b3L;
        }

        void count(Encoding tokenizer, String text) {
            tokens += text.isEmpty() ? 0 : tokenizer.countTokensOrdinary(text);
            digest(text);
        }
    }

    /**
     * Chat prompt tokens counted the way OpenAI documents for its chat models: 3 per message, plus
     * the tokens of each message's role, content text (and name, +1), plus 3 to prime the reply.
     */
    private static Prompt chatPrompt(JsonNode root, Encoding tokenizer) throws Rejected {
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new Rejected(400, "messages", "messages must be a non-empty array, but was "
                    + (messages == null ? "missing" : abbreviate(messages.toString())));
        }
        Prompt p = new Prompt();
        p.tokens = 3;
        int i = 0;
        for (JsonNode msg : messages) {
            if (!msg.isObject()) {
                throw new Rejected(400, "messages", "messages[" + i + "] must be an object, but was " + abbreviate(msg.toString()));
            }
            JsonNode role = msg.get("role");
            if (role == null || !role.isTextual()) {
                throw new Rejected(400, "messages", "messages[" + i + "].role must be a string, but was "
                        + (role == null ? "missing" : role.toString()));
            }
            p.tokens += 3;
            p.count(tokenizer, role.asText());
            JsonNode name = msg.get("name");
            if (name != null && name.isTextual()) {
                p.count(tokenizer, name.asText());
                p.tokens += 1;
            }
            JsonNode content = msg.get("content");
            if (content == null || content.isNull()) {
                i++;
                continue;
            }
            if (content.isTextual()) {
                p.count(tokenizer, content.asText());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    JsonNode text = part.get("text");
                    if (text != null && text.isTextual()) {
                        p.count(tokenizer, text.asText());
                    }
                }
            } else {
                throw new Rejected(400, "messages", "messages[" + i + "].content must be a string or an array of parts, but was "
                        + abbreviate(content.toString()));
            }
            i++;
        }
        return p;
    }

    private static Prompt textPrompt(JsonNode root, Encoding tokenizer) throws Rejected {
        JsonNode prompt = root.get("prompt");
        Prompt p = new Prompt();
        if (prompt != null && prompt.isTextual()) {
            p.count(tokenizer, prompt.asText());
            return p;
        }
        if (prompt != null && prompt.isArray() && !prompt.isEmpty()) {
            if (prompt.size() == 1 && prompt.get(0).isTextual()) {
                p.count(tokenizer, prompt.get(0).asText());
                return p;
            }
            boolean allInts = true;
            for (JsonNode t : prompt) {
                allInts &= t.canConvertToInt() && t.isIntegralNumber();
            }
            if (allInts) {
                p.tokens = prompt.size();
                p.digest(prompt.toString());
                return p;
            }
        }
        throw new Rejected(400, "prompt", "prompt must be a string, a one-element array of strings or an array of token ids, but was "
                + (prompt == null ? "missing" : abbreviate(prompt.toString())));
    }

    private static boolean bool(JsonNode node, String field, boolean dflt) throws Rejected {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new Rejected(400, field, field + " must be true or false, but was " + abbreviate(v.toString()));
        }
        return v.asBoolean();
    }

    private static int intField(JsonNode node, String field, int dflt, int min) throws Rejected {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new Rejected(400, field, field + " must be an integer, but was " + abbreviate(v.toString()));
        }
        int i = v.asInt();
        if (i < min) {
            throw new Rejected(400, field, field + " must be >= " + min + ", but was " + i);
        }
        return i;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}
