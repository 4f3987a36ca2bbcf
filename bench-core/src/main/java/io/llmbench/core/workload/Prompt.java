package io.llmbench.core.workload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request to send: the messages, the output limit and per-request body fields. Immutable.
 *
 * @param info                what the prompt is, for grouping results
 * @param messages            chat messages (for the completions API they are joined into one prompt)
 * @param maxTokens           the output limit sent as {@code max_tokens}, or -1 to leave it to the server
 * @param declaredInputTokens the prompt's size in tokens when the workload knows it (synthetic
 *                            prompts), or -1; used when the server reports no usage
 * @param bodyFields          extra top-level body fields for this request (override the endpoint's)
 */
public record Prompt(PromptInfo info, List<Message> messages, int maxTokens, int declaredInputTokens,
                     Map<String, Object> bodyFields) {

    /**
     * A chat message.
     *
     * @param role    {@code system}, {@code user} or {@code assistant}
     * @param content the text
     */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }

        public static Message user(String content) {
            return new Message("user", content);
        }

        public static Message system(String content) {
            return new Message("system", content);
        }
    }

    public Prompt {
        Objects.requireNonNull(info, "info");
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("prompt " + info.id() + " must have at least one message");
        }
        messages = List.copyOf(messages);
        if (maxTokens < -1 || maxTokens == 0) {
            throw new IllegalArgumentException("maxTokens of prompt " + info.id() + " must be >= 1 or -1 (unset), but was " + maxTokens);
        }
        bodyFields = bodyFields == null || bodyFields.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(bodyFields));
    }

    /** A single user message with no output limit. */
    public static Prompt of(String id, String text) {
        return new Prompt(PromptInfo.of(id), List.of(Message.user(text)), -1, -1, Map.of());
    }

    /** A copy with an output limit. */
    public Prompt withMaxTokens(int maxTokens) {
        return new Prompt(info, messages, maxTokens, declaredInputTokens, bodyFields);
    }

    /** The messages' contents joined by newlines: the prompt for the completions API. */
    public String text() {
        if (messages.size() == 1) {
            return messages.get(0).content();
        }
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(m.content());
        }
        return sb.toString();
    }
}
