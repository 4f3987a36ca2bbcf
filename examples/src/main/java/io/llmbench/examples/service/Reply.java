package io.llmbench.examples.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON response: status and body (null for 204), and the body already encoded when the reply is
 * kept in the {@link Cache} (so a cached answer is not serialised again for every request).
 */
record Reply(int status, JsonNode body, byte[] encoded) {
    Reply(int status, JsonNode body) {
        this(status, body, null);
    }

    static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    static Reply noContent() {
        return new Reply(204, null);
    }
}
