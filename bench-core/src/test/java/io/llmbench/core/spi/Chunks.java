package io.llmbench.core.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Builds OpenAI-style stream chunks shaped like vLLM's, for tests. Stateless. */
public final class Chunks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Chunks() {
    }

    public static String str(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String chunk(String choice) {
        return "{\"id\":\"chatcmpl-8a1f\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
                + "\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[" + choice + "]}";
    }

    /** The first chunk: role only, empty content. */
    public static String role() {
        return chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}");
    }

    /** A chunk with {@code delta.content}. */
    public static String content(String text) {
        return chunk("{\"index\":0,\"delta\":{\"content\":" + str(text) + "},\"logprobs\":null,\"finish_reason\":null}");
    }

    /** A chunk with an empty delta. */
    public static String emptyDelta() {
        return chunk("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":null}");
    }

    /** The last choice chunk: empty delta and a finish reason. */
    public static String finish(String reason) {
        return chunk("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":" + str(reason) + "}");
    }

    /** The usage-only final chunk. */
    public static String usage(int prompt, int completion) {
        return "{\"id\":\"chatcmpl-8a1f\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
                + "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"total_tokens\":"
                + (prompt + completion) + ",\"completion_tokens\":" + completion + "}}";
    }

    /** A completions-API chunk with {@code choices[].text}. */
    public static String text(String text) {
        return "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1718000000,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"text\":" + str(text) + ",\"logprobs\":null,\"finish_reason\":null}]}";
    }

    /** Each payload as one event: {@code data: <payload>} and a blank line, LF line ends. */
    public static String sse(String... payloads) {
        StringBuilder sb = new StringBuilder();
        for (String p : payloads) {
            sb.append("data: ").append(p).append("\n\n");
        }
        return sb.toString();
    }
}
