package io.llmbench.core.internal.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.Endpoint;
import io.llmbench.core.workload.Prompt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JSON request bodies of one endpoint, encoded once per prompt and reused: a workload that
 * cycles through a list of prompts hands the same {@link Prompt} instance again, and its bytes
 * come from a small cache keyed by identity (a direct-mapped table of {@value #SLOTS} slots;
 * bodies over {@value #MAX_CACHED_BYTES} bytes are not kept), so no body is serialised twice while
 * it stays in the table. Both clients send exactly these bytes.
 *
 * <p>Body, in this order: {@code model}; {@code messages} (chat) or {@code prompt}
 * ({@link Prompt#text()}, completions); {@code max_tokens} when the prompt sets one;
 * {@code stream}; {@code stream_options: {"include_usage": true}} when streaming and
 * {@link Endpoint#includeUsage()}; then the endpoint's body fields, then the prompt's (a later
 * field replaces an earlier one of the same name). Thread-safe; the returned arrays must not be
 * modified.
 */
final class RequestBodies {
    static final int SLOTS = 256;
    static final int MAX_CACHED_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoint endpoint;
    private final AtomicReferenceArray<Entry> cache = new AtomicReferenceArray<>(SLOTS);

    private record Entry(Prompt prompt, byte[] body) {
    }

    /**
     * @throws IllegalArgumentException when an endpoint body field cannot be written as JSON
     */
    RequestBodies(Endpoint endpoint) {
        this.endpoint = endpoint;
        for (Map.Entry<String, Object> f : endpoint.bodyFields().entrySet()) {
            checkSerializable("endpoint body field", f.getKey(), f.getValue());
        }
    }

    private static void checkSerializable(String what, String name, Object value) {
        try {
            JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " '" + name + "' must be writable as JSON, but its value of type "
                    + (value == null ? "null" : value.getClass().getName()) + " is not: " + e.getOriginalMessage());
        }
    }

    /** The body for {@code prompt}, from the cache when the same instance was encoded before. */
    byte[] of(Prompt prompt) throws JsonProcessingException {
        int slot = System.identityHashCode(prompt) & (SLOTS - 1);
        Entry e = cache.get(slot);
        if (e != null && e.prompt == prompt) {
            return e.body;
        }
        byte[] body = encode(prompt);
        if (body.length <= MAX_CACHED_BYTES) {
            cache.set(slot, new Entry(prompt, body));
        }
        return body;
    }

    private byte[] encode(Prompt prompt) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", endpoint.model());
        if (endpoint.api() == Endpoint.Api.CHAT) {
            List<Map<String, String>> messages = new ArrayList<>(prompt.messages().size());
            for (Prompt.Message m : prompt.messages()) {
                Map<String, String> msg = new LinkedHashMap<>(4);
                msg.put("role", m.role());
                msg.put("content", m.content());
                messages.add(msg);
            }
            body.put("messages", messages);
        } else {
            body.put("prompt", prompt.text());
        }
        if (prompt.maxTokens() > 0) {
            body.put("max_tokens", prompt.maxTokens());
        }
        body.put("stream", endpoint.stream());
        if (endpoint.stream() && endpoint.includeUsage()) {
            body.put("stream_options", Map.of("include_usage", true));
        }
        body.putAll(endpoint.bodyFields());
        body.putAll(prompt.bodyFields());
        return JSON.writeValueAsBytes(body);
    }
}
