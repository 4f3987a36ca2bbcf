package io.llmbench.core.internal.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;

/**
 * Decodes one OpenAI-compatible JSON object (a streamed chunk or a whole non-streamed response)
 * straight from UTF-8 bytes with Jackson's streaming parser: no tree, no data binding, and every
 * field it does not need is skipped without being decoded.
 *
 * <p>What it extracts:
 * <ul>
 *   <li>{@link #hasChoices()}: {@code choices} is a non-empty array (a role-only chunk counts);</li>
 *   <li>{@link #content()}: generated text from every choice, concatenated: {@code delta} (streamed) or
 *       {@code message} (whole response) {@code content} (a string, or an array of parts with
 *       {@code text}), {@code reasoning_content} or {@code reasoning} (only the first of the two
 *       when a server sends both with the same text), {@code refusal}, {@code tool_calls[].function}
 *       {@code name} and {@code arguments}, the legacy {@code function_call}, and the completions
 *       API's {@code choices[].text};</li>
 *   <li>{@link #finished()}: some choice has a non-null {@code finish_reason};</li>
 *   <li>{@link #hasUsage()}, {@link #promptTokens()}, {@link #completionTokens()} from {@code usage};</li>
 *   <li>{@link #error()}: the server's message when the object is an error: an {@code error} field
 *       (an object with {@code message}, or a string), or vLLM's {@code {"object": "error",
 *       "message": ...}} shape.</li>
 * </ul>
 *
 * <p>Usage: one decoder per stream (it keeps the last result and, for the common case of a complete
 * well-formed chunk, one non-blocking parser whose buffers serve every chunk), {@link #decode} each
 * payload, then read the accessors. Not thread-safe. The result accessors describe the last {@link Result#CHUNK}.
 */
public final class ChunkDecoder {
    /** The outcome of {@link #decode}. */
    public enum Result {
        /** A whole JSON object was decoded; read the accessors. */
        CHUNK,
        /** The bytes are the valid start of a JSON value that has not ended yet. */
        INCOMPLETE,
        /** The bytes are not a JSON object; {@link #problem()} says why. */
        MALFORMED
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private boolean hasChoices;
    private boolean finished;
    private boolean hasUsage;
    private int promptTokens;
    private int completionTokens;
    private String error;
    private String problem;
    private String topMessage;
    private String first;
    private StringBuilder more;
    private JsonParser reused;

    /**
     * Decodes one JSON object.
     *
     * @return {@link Result#CHUNK}, {@link Result#INCOMPLETE} when the bytes end inside the object,
     *         or {@link Result#MALFORMED}
     */
    public Result decode(byte[] buf, int off, int len) {
        if (StreamDecoder.closesAValue(buf, off, len) && decodeReusing(buf, off, len)) {
            return Result.CHUNK;
        }
        return decodeOnce(buf, off, len);
    }

    /**
     * The common case, a complete well-formed object, on one non-blocking parser kept for the whole
     * stream: its symbol table, text buffer and contexts are reused, so a chunk allocates little
     * beyond its content string. Anything else (an error, trailing data, a value that is not an
     * object) returns false, the reused parser is dropped, and {@link #decodeOnce} gives the
     * result and its message.
     */
    private boolean decodeReusing(byte[] buf, int off, int len) {
        try {
            if (reused == null) {
                reused = JSON.createNonBlockingByteArrayParser();
            }
            ByteArrayFeeder feeder = (ByteArrayFeeder) reused.getNonBlockingInputFeeder();
            if (!feeder.needMoreInput()) {
                throw new JsonParseException(reused, "input left from the last chunk");
            }
            feeder.feedInput(buf, off, off + len);
            reset();
            // the bytes close a value (checked), so no token of it is missing: NOT_AVAILABLE cannot
            // come before the object's end
            if (reused.nextToken() != JsonToken.START_OBJECT || object(reused) != Result.CHUNK) {
                throw new JsonParseException(reused, "not an object");
            }
            if (reused.nextToken() != JsonToken.NOT_AVAILABLE) {
                throw new JsonParseException(reused, "data after the object");
            }
            return true;
        } catch (IOException | RuntimeException e) {
            dropReused();
            return false;
        }
    }

    private void dropReused() {
        if (reused != null) {
            try {
                reused.close();
            } catch (IOException ignored) {
                // nothing to release
            }
            reused = null;
        }
    }

    /** Decodes with a parser made for these bytes: every outcome, with the exact problem. */
    private Result decodeOnce(byte[] buf, int off, int len) {
        reset();
        boolean rootClosed = false;
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return Result.INCOMPLETE;
            }
            if (t != JsonToken.START_OBJECT) {
                problem = "expected a JSON object but found " + describe(t);
                return Result.MALFORMED;
            }
            object(p);
            rootClosed = true;
            if (p.nextToken() != null) {
                problem = "unexpected data after the JSON object";
                return Result.MALFORMED;
            }
            return Result.CHUNK;
        } catch (JsonEOFException e) {
            if (rootClosed) {
                problem = "unexpected data after the JSON object";
                return Result.MALFORMED;
            }
            return Result.INCOMPLETE;
        } catch (JsonProcessingException e) {
            // Jackson reports most ends of input as JsonEOFException, but the end between two entries
            // of an object or array (after a comma, say) only by its message
            String m = e.getOriginalMessage();
            if (!rootClosed && m != null && m.startsWith("Unexpected end-of-input")) {
                return Result.INCOMPLETE;
            }
            problem = m;
            return Result.MALFORMED;
        } catch (IOException e) {
            problem = String.valueOf(e.getMessage());
            return Result.MALFORMED;
        }
    }

    /** The fields of the object whose START_OBJECT {@code p} just read, up to its END_OBJECT. */
    private Result object(JsonParser p) throws IOException {
        String object = null;
        String message = null;
        String detail = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "choices" -> {
                    if (t == JsonToken.START_ARRAY) {
                        choices(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "usage" -> {
                    if (t == JsonToken.START_OBJECT) {
                        usage(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "error" -> error(p, t);
                case "object" -> object = t == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                case "message" -> message = t == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                case "detail" -> detail = t == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            return Result.INCOMPLETE; // only the non-blocking parser ends a field loop on NOT_AVAILABLE
        }
        if (error == null && "error".equals(object)) {
            error = message != null ? message : "(no message)";
        }
        topMessage = message != null ? message : detail;
        return Result.CHUNK;
    }

    /** Whether the last chunk had a non-empty {@code choices} array. */
    public boolean hasChoices() {
        return hasChoices;
    }

    /** The generated content of the last chunk; empty when none. */
    public String content() {
        if (more != null) {
            return more.toString();
        }
        return first == null ? "" : first;
    }

    /** Whether some choice of the last chunk had a non-null {@code finish_reason}. */
    public boolean finished() {
        return finished;
    }

    /** Whether the last chunk had a {@code usage} object with at least one token count. */
    public boolean hasUsage() {
        return hasUsage;
    }

    /** {@code usage.prompt_tokens}, or -1. */
    public int promptTokens() {
        return promptTokens;
    }

    /** {@code usage.completion_tokens}, or -1. */
    public int completionTokens() {
        return completionTokens;
    }

    /** The server's error message when the last chunk was an error object, else null. */
    public String error() {
        return error;
    }

    /**
     * A top-level {@code message} or {@code detail} string (how some servers and gateways word an
     * HTTP error body), else null.
     */
    public String topLevelMessage() {
        return topMessage;
    }

    /** Why the last decode was {@link Result#MALFORMED}, else null. May quote the input. */
    public String problem() {
        return problem;
    }

    private void reset() {
        hasChoices = false;
        finished = false;
        hasUsage = false;
        promptTokens = -1;
        completionTokens = -1;
        error = null;
        problem = null;
        topMessage = null;
        first = null;
        more = null;
    }

    private void append(String s) {
        if (s.isEmpty()) {
            return;
        }
        if (first == null) {
            first = s;
        } else {
            if (more == null) {
                more = new StringBuilder(first.length() + s.length() + 16).append(first);
            }
            more.append(s);
        }
    }

    private void choices(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonEOFException(p, null, "end of input inside choices");
            }
            hasChoices = true;
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                t = p.nextToken();
                switch (name) {
                    case "delta", "message" -> {
                        if (t == JsonToken.START_OBJECT) {
                            delta(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "text" -> text(p, t);
                    case "finish_reason" -> {
                        if (t != JsonToken.VALUE_NULL) {
                            finished = true;
                        }
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
        }
    }

    private void delta(JsonParser p) throws IOException {
        boolean reasoning = false;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "content" -> {
                    if (t == JsonToken.START_ARRAY) {
                        parts(p);
                    } else {
                        text(p, t);
                    }
                }
                case "reasoning_content", "reasoning" -> {
                    if (t == JsonToken.VALUE_STRING && !reasoning) {
                        String s = p.getText();
                        if (!s.isEmpty()) {
                            reasoning = true;
                            append(s);
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "refusal" -> text(p, t);
                case "tool_calls" -> {
                    if (t == JsonToken.START_ARRAY) {
                        toolCalls(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "function_call" -> function(p, t);
                default -> p.skipChildren();
            }
        }
    }

    /** {@code content} as an array of parts: {@code [{"type": "text", "text": "..."}]}. */
    private void parts(JsonParser p) throws IOException {
        eachObjectField(p, "content", "text", this::text);
    }

    private void toolCalls(JsonParser p) throws IOException {
        eachObjectField(p, "tool_calls", "function", this::function);
    }

    /** What to do with one field's value; the parser stands on its first token. */
    @FunctionalInterface
    private interface FieldReader {
        void read(JsonParser p, JsonToken t) throws IOException;
    }

    /** Walks an array of objects, handing {@code field} of each to {@code reader} and skipping the rest. */
    private static void eachObjectField(JsonParser p, String where, String field, FieldReader reader) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonEOFException(p, null, "end of input inside " + where);
            }
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                t = p.nextToken();
                if (name.equals(field)) {
                    reader.read(p, t);
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private void function(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if (name.equals("name") || name.equals("arguments")) {
                text(p, v);
            } else {
                p.skipChildren();
            }
        }
    }

    private void text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            append(p.getText());
        } else {
            p.skipChildren();
        }
    }

    private void usage(JsonParser p) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "prompt_tokens" -> promptTokens = count(p, t);
                case "completion_tokens" -> completionTokens = count(p, t);
                default -> p.skipChildren();
            }
        }
        hasUsage = promptTokens >= 0 || completionTokens >= 0;
    }

    private static int count(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            int n = p.getValueAsInt(-1);
            return n >= 0 ? n : -1;
        }
        p.skipChildren();
        return -1;
    }

    private void error(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_NULL, VALUE_FALSE -> {
                // "error": null is no error
            }
            case VALUE_STRING -> error = p.getText();
            case START_OBJECT -> {
                String message = null;
                String type = null;
                String code = null;
                String name;
                while ((name = p.nextFieldName()) != null) {
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "message" -> message = scalar(p, v);
                        case "type" -> type = scalar(p, v);
                        case "code" -> code = scalar(p, v);
                        default -> p.skipChildren();
                    }
                }
                error = message != null ? message : type != null ? type : code != null ? code : "(no message)";
            }
            default -> {
                String s = scalar(p, t);
                error = s != null ? s : "(no message)";
            }
        }
    }

    private static String scalar(JsonParser p, JsonToken t) throws IOException {
        if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
