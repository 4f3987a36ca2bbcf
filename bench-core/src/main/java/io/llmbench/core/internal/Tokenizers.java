package io.llmbench.core.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmbench.core.spi.TokenCounter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token counting with JTokkit's bundled encodings (no network). Thread-safe. Not API.
 */
public final class Tokenizers {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    private static final ConcurrentHashMap<String, Encoding> CACHE = new ConcurrentHashMap<>();
    /** The encoding names JTokkit bundles, in its order. */
    public static final List<String> NAMES = Arrays.stream(EncodingType.values()).map(EncodingType::getName).toList();

    private Tokenizers() {
    }

    /**
     * The encoding with the given name ({@code cl100k_base}, {@code o200k_base}, {@code p50k_base},
     * {@code r50k_base}, ...).
     *
     * @throws IllegalArgumentException when JTokkit has no such encoding; the message lists those it has
     */
    public static Encoding encoding(String name) {
        Encoding cached = CACHE.get(name);
        if (cached != null) {
            return cached;
        }
        Optional<Encoding> e = NAMES.contains(name) ? REGISTRY.getEncoding(name) : Optional.empty();
        return CACHE.computeIfAbsent(name, n -> e.orElseThrow(() -> new IllegalArgumentException(unknown(n))));
    }

    /** The message for a tokenizer name JTokkit does not know. */
    static String unknown(String name) {
        return "tokenizer must be one of the bundled encodings " + String.join(", ", NAMES) + ", but was '" + name + "'"
                + (name.contains("/") ? " (a model id, not an encoding name)" : "");
    }

    /**
     * A {@link TokenCounter} for the named encoding, whose {@code toString()} is the name.
     *
     * @throws IllegalArgumentException when JTokkit has no such encoding
     */
    public static TokenCounter counter(String name) {
        Encoding e = encoding(name);
        return new TokenCounter() {
            @Override
            public int count(String text) {
                return text.isEmpty() ? 0 : e.countTokensOrdinary(text);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** The number of tokens in {@code text} under the named encoding. */
    public static int count(String encoding, String text) {
        return text.isEmpty() ? 0 : encoding(encoding).countTokensOrdinary(text);
    }
}
