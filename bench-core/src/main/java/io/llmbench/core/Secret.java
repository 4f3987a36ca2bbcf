package io.llmbench.core;

import java.util.Objects;

/**
 * A credential that never shows itself: {@link #toString()} prints {@code ****}, and it is not
 * serialisable. Only a client reads it, with {@link #reveal()}.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a credential. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret");
        if (value.isBlank()) {
            throw new IllegalArgumentException("secret must not be blank");
        }
        return new Secret(value);
    }

    /** The credential itself: pass it to the wire, never to a log or a message. */
    public String reveal() {
        return value;
    }

    /**
     * Replaces every occurrence of this secret in a text with {@code ****}: for messages built
     * from server responses that might echo it.
     */
    public String redact(String text) {
        return text == null ? null : text.replace(value, "****");
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
