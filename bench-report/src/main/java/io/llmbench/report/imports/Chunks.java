package io.llmbench.report.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Classifies a response body another tool recorded (one or more SSE events, or a whole JSON
 * response) the way llmbench's client classifies chunks: a chunk with non-empty {@code choices}
 * counts for time to first chunk; one whose delta (or text) carries content, reasoning or a tool
 * call is a content chunk; {@code usage} gives token counts; {@code [DONE]} and role-only deltas
 * carry no content. Not thread-safe.
 */
final class Chunks {
    boolean choices;
    boolean content;
    boolean streamed;
    int promptTokens = -1;
    int completionTokens = -1;
    String error;

    /** Reads one recorded response. Text that is neither SSE nor JSON is left as "no content". */
    static Chunks of(String text) {
        Chunks c = new Chunks();
        if (text == null) {
            return c;
        }
        String t = text.strip();
        if (t.startsWith("data:") || t.startsWith("event:") || t.startsWith(":")) {
            c.streamed = true;
            for (String line : t.split("\\r?\\n")) {
                if (line.startsWith("data:")) {
                    String payload = line.substring(5).strip();
                    if (!payload.isEmpty() && !"[DONE]".equals(payload)) {
                        c.event(payload);
                    }
                }
            }
        } else if (t.startsWith("{")) {
            c.event(t);
        }
        return c;
    }

    private void event(String payload) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            return;
        }
        if (n == null || !n.isObject()) {
            return;
        }
        if (n.hasNonNull("error")) {
            JsonNode e = n.get("error");
            error = e.isObject() && e.hasNonNull("message") ? e.get("message").asText() : e.toString();
        }
        JsonNode ch = n.path("choices");
        if (ch.isArray() && !ch.isEmpty()) {
            choices = true;
            for (JsonNode choice : ch) {
                JsonNode delta = choice.has("delta") ? choice.get("delta") : choice.path("message");
                if (nonEmpty(delta.get("content")) || nonEmpty(delta.get("reasoning_content")) || nonEmpty(delta.get("reasoning"))
                        || nonEmpty(delta.get("tool_calls")) || nonEmpty(choice.get("text"))) {
                    content = true;
                }
            }
        }
        JsonNode usage = n.path("usage");
        if (usage.isObject()) {
            if (usage.path("prompt_tokens").isNumber()) {
                promptTokens = usage.get("prompt_tokens").asInt();
            }
            if (usage.path("completion_tokens").isNumber()) {
                completionTokens = usage.get("completion_tokens").asInt();
            }
        }
    }

    private static boolean nonEmpty(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isTextual()) {
            return !v.asText().isEmpty();
        }
        return v.isArray() ? !v.isEmpty() : !v.isMissingNode();
    }
}
