package io.llmbench.examples.service;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON response: status and body (null for 204). */
record Reply(int status, JsonNode body) {
    static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    static Reply noContent() {
        return new Reply(204, null);
    }
}
