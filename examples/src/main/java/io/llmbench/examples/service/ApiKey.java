package io.llmbench.examples.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The service's API key, kept only as its SHA-256 digest. {@link #matches} compares digests in
 * constant time ({@link MessageDigest#isEqual}), so neither the key's content nor its length leaks
 * through timing. Never printed: {@link #toString()} is redacted. Immutable and thread-safe.
 */
final class ApiKey {
    /** Shortest key accepted: {@value} characters. */
    static final int MIN_LENGTH = 16;

    private final byte[] digest;

    ApiKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("API key must be set, but was " + (key == null ? "missing" : "blank"));
        }
        if (key.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("API key must have at least " + MIN_LENGTH + " characters, but had " + key.length());
        }
        this.digest = sha256(key);
    }

    /** Whether the presented key is this one; null (no key presented) never matches. */
    boolean matches(String presented) {
        byte[] given = sha256(presented == null ? "" : presented);
        return MessageDigest.isEqual(given, digest) && presented != null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 must be available in every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKey[****]";
    }
}
