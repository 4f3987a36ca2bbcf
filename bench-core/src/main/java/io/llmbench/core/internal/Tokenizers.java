package io.llmbench.core.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token counting with JTokkit's bundled encodings (no network). Thread-safe. Not API.
 */
public final class Tokenizers {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    private static final ConcurrentHashMap<String, Encoding> CACHE = new ConcurrentHashMap<>();

    private Tokenizers() {
    }

    /**
     * The encoding with the given name ({@code cl100k_base}, {@code o200k_base}, {@code p50k_base},
     * {@code r50k_base}, ...).
     *
     * @throws IllegalArgumentException when JTokkit has no such encoding
     */
    public static Encoding encoding(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            Optional<Encoding> e = REGISTRY.getEncoding(n);
            return e.orElseThrow(() -> new IllegalArgumentException(
                    "tokenizer must be a JTokkit encoding name such as cl100k_base or o200k_base, but was '" + n + "'"));
        });
    }

    /** The number of tokens in {@code text} under the named encoding. */
    public static int count(String encoding, String text) {
        return text.isEmpty() ? 0 : encoding(encoding).countTokensOrdinary(text);
    }
}
