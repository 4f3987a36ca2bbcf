package io.llmbench.core.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Encodes the OpenAI wire format: SSE events (each in its own HTTP chunk when chunked), JSON
 * bodies and HTTP heads. Stateless apart from the model name; thread-safe.
 */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper();

    private static final byte[] DATA = ascii("data: ");
    private static final byte[] EVENT_END = ascii("\n\n");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] DONE = ascii("[DONE]");
    private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");
    private static final byte[] CHOICE_OPEN = ascii("\"choices\":[{\"index\":0,");
    private static final byte[] ROLE = ascii("\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
    private static final byte[] CHAT_CONTENT_OPEN = ascii("\"delta\":{\"content\":\"");
    private static final byte[] CHAT_CONTENT_CLOSE = ascii("\"},\"logprobs\":null,\"finish_reason\":null}]}");
    private static final byte[] TEXT_OPEN = ascii("\"text\":\"");
    private static final byte[] TEXT_CLOSE = ascii("\",\"logprobs\":null,\"finish_reason\":null}]}");
    private static final byte[] CHAT_FINAL_OPEN = ascii("\"delta\":{},\"logprobs\":null,\"finish_reason\":\"");
    private static final byte[] TEXT_FINAL_OPEN = ascii("\"text\":\"\",\"logprobs\":null,\"finish_reason\":\"");
    private static final byte[] FINAL_CLOSE = ascii("\"}]}");
    private static final byte[] USAGE_OPEN = ascii("\"choices\":[],\"usage\":{\"prompt_tokens\":");

    private final String modelJson;

    Wire(String model) {
        try {
            this.modelJson = JSON.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The part every chunk of one response shares:
     * {@code {"id":"chatcmpl-sim-7","object":"chat.completion.chunk","created":...,"model":"m",}.
     */
    byte[] chunkHead(long id, boolean chat, long createdSeconds) {
        return ascii((chat ? "{\"id\":\"chatcmpl-sim-" : "{\"id\":\"cmpl-sim-") + id
                + (chat ? "\",\"object\":\"chat.completion.chunk\"" : "\",\"object\":\"text_completion\"")
                + ",\"created\":" + createdSeconds + ",\"model\":" + modelJson + ",");
    }

    // ---- SSE events ----

    /** Starts an event; returns the mark to pass to {@link #endEvent}. */
    static int beginEvent(Bytes out) {
        int mark = out.length();
        out.add(DATA);
        return mark;
    }

    /** Ends an event: adds the blank line and, when chunked, the HTTP chunk framing around it. */
    static void endEvent(Bytes out, int mark, boolean chunked) {
        out.add(EVENT_END);
        if (chunked) {
            int size = out.length() - mark;
            String hex = Integer.toHexString(size);
            out.shift(mark, hex.length() + 2);
            out.setAscii(mark, hex);
            out.set(mark + hex.length(), (byte) '\r');
            out.set(mark + hex.length() + 1, (byte) '\n');
            out.add(CRLF);
        }
    }

    static void roleEvent(Bytes out, byte[] head, boolean chunked) {
        int m = beginEvent(out);
        out.add(head).add(CHOICE_OPEN).add(ROLE);
        endEvent(out, m, chunked);
    }

    /** Opens a content event; append escaped token bytes, then call {@link #closeContent}. */
    static int openContent(Bytes out, byte[] head, boolean chat) {
        int m = beginEvent(out);
        out.add(head).add(CHOICE_OPEN).add(chat ? CHAT_CONTENT_OPEN : TEXT_OPEN);
        return m;
    }

    static void closeContent(Bytes out, int mark, boolean chat, boolean chunked) {
        out.add(chat ? CHAT_CONTENT_CLOSE : TEXT_CLOSE);
        endEvent(out, mark, chunked);
    }

    static void finalEvent(Bytes out, byte[] head, boolean chat, String finishReason, boolean chunked) {
        int m = beginEvent(out);
        out.add(head).add(CHOICE_OPEN).add(chat ? CHAT_FINAL_OPEN : TEXT_FINAL_OPEN).ascii(finishReason).add(FINAL_CLOSE);
        endEvent(out, m, chunked);
    }

    static void usageEvent(Bytes out, byte[] head, int promptTokens, int completionTokens, boolean chunked) {
        int m = beginEvent(out);
        out.add(head).add(USAGE_OPEN).num(promptTokens).ascii(",\"completion_tokens\":").num(completionTokens)
                .ascii(",\"total_tokens\":").num((long) promptTokens + completionTokens).ascii("}}");
        endEvent(out, m, chunked);
    }

    static void doneEvent(Bytes out, boolean chunked) {
        int m = beginEvent(out);
        out.add(DONE);
        endEvent(out, m, chunked);
    }

    static void errorEvent(Bytes out, String message, boolean chunked) {
        int m = beginEvent(out);
        out.ascii("{\"error\":{\"message\":").utf8(quote(message))
                .ascii(",\"type\":\"server_error\",\"param\":null,\"code\":500}}");
        endEvent(out, m, chunked);
    }

    /** A {@code data:} line that is not JSON: a chunk cut in the middle. */
    static void malformedEvent(Bytes out, byte[] head, boolean chunked) {
        int m = beginEvent(out);
        out.add(head).ascii("\"choices\":[{\"index\":0,\"delta\":{\"content\":\" trunc");
        endEvent(out, m, chunked);
    }

    static void lastChunk(Bytes out) {
        out.add(LAST_CHUNK);
    }

    // ---- HTTP ----

    static void streamHead(Bytes out, boolean chunked, boolean keepAlive) {
        out.ascii("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ncache-control: no-cache\r\n");
        if (chunked) {
            out.ascii("transfer-encoding: chunked\r\n");
        }
        if (!keepAlive) {
            out.ascii("connection: close\r\n");
        }
        out.add(CRLF);
    }

    static void response(Bytes out, int status, String extraHeaders, byte[] body, int bodyLength, boolean keepAlive) {
        response(out, status, "application/json", extraHeaders, body, bodyLength, keepAlive);
    }

    static void response(Bytes out, int status, String contentType, String extraHeaders, byte[] body, int bodyLength,
                         boolean keepAlive) {
        out.ascii("HTTP/1.1 ").num(status).ascii(" ").ascii(reason(status))
                .ascii("\r\ncontent-type: ").ascii(contentType).ascii("\r\ncontent-length: ").num(bodyLength).add(CRLF);
        if (!keepAlive) {
            out.ascii("connection: close\r\n");
        }
        out.ascii(extraHeaders).add(CRLF).add(body, 0, bodyLength);
    }

    static void json(Bytes out, int status, String extraHeaders, String body, boolean keepAlive) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        response(out, status, extraHeaders, b, b.length, keepAlive);
    }

    /** An OpenAI-style error body. */
    static String errorBody(String message, String type, String param, String code) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type) + ",\"param\":"
                + (param == null ? "null" : quote(param)) + ",\"code\":" + (code == null ? "null" : quote(code)) + "}}";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A whole non-streaming completion body. */
    void completionBody(Bytes out, long id, boolean chat, long createdSeconds, SplittableRandom text, int tokens,
                        String finishReason, int promptTokens) {
        out.ascii(chat ? "{\"id\":\"chatcmpl-sim-" : "{\"id\":\"cmpl-sim-").num(id)
                .ascii(chat ? "\",\"object\":\"chat.completion\"" : "\",\"object\":\"text_completion\"")
                .ascii(",\"created\":").num(createdSeconds).ascii(",\"model\":").utf8(modelJson)
                .ascii(chat ? ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                        : ",\"choices\":[{\"index\":0,\"text\":\"");
        int prev = -1;
        for (int i = 0; i < tokens; i++) {
            prev = Vocabulary.next(text, prev);
            out.add(Vocabulary.escaped(prev));
        }
        out.ascii(chat ? "\"},\"logprobs\":null,\"finish_reason\":\"" : "\",\"logprobs\":null,\"finish_reason\":\"")
                .ascii(finishReason).ascii("\"}],\"usage\":{\"prompt_tokens\":").num(promptTokens)
                .ascii(",\"completion_tokens\":").num(tokens).ascii(",\"total_tokens\":")
                .num((long) promptTokens + tokens).ascii("}}");
    }

    String modelsBody(int maxModelLen, long createdSeconds) {
        return "{\"object\":\"list\",\"data\":[" + modelBody(maxModelLen, createdSeconds) + "]}";
    }

    String modelBody(int maxModelLen, long createdSeconds) {
        return "{\"id\":" + modelJson + ",\"object\":\"model\",\"created\":" + createdSeconds
                + ",\"owned_by\":\"llmbench\",\"max_model_len\":" + maxModelLen + "}";
    }

    static String reason(int status) {
        switch (status) {
            case 100: return "Continue";
            case 200: return "OK";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 411: return "Length Required";
            case 413: return "Payload Too Large";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            case 505: return "HTTP Version Not Supported";
            default: return "Status";
        }
    }
}
