package io.llmbench.core.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The tokens the simulated endpoint generates. Each entry is one token in the cl100k_base and
 * o200k_base encodings, and the generator never puts two punctuation tokens next to each other,
 * so a text of {@code n} generated tokens re-tokenizes to exactly {@code n} tokens. A quote and
 * a non-ASCII dash are included so clients' JSON unescaping and UTF-8 decoding get exercised.
 * Immutable and thread-safe.
 */
final class Vocabulary {
    private static final String[] WORDS = {
        " the", " of", " and", " to", " in", " is", " that", " for", " it", " as",
        " with", " was", " on", " be", " by", " this", " are", " from", " at", " or",
        " an", " have", " not", " which", " can", " model", " data", " time", " system", " value",
        " first", " new", " more", " each", " other", " last", " two", " used", " result", " number",
        " point", " case", " state", " world", " group", " water", " light", " large", " small", " query",
        " token", " batch", " server", " request", " memory", " cache", " layer", " step", " output", " input",
    };
    private static final String[] PUNCTUATION = {",", ".", " \"", " —"};

    private static final String[] TOKENS;
    private static final byte[][] ESCAPED;
    private static final int WORD_COUNT = WORDS.length;

    static {
        TOKENS = new String[WORDS.length + PUNCTUATION.length];
        System.arraycopy(WORDS, 0, TOKENS, 0, WORDS.length);
        System.arraycopy(PUNCTUATION, 0, TOKENS, WORDS.length, PUNCTUATION.length);
        ESCAPED = new byte[TOKENS.length][];
        for (int i = 0; i < TOKENS.length; i++) {
            ESCAPED[i] = TOKENS[i].replace("\\", "\\\\").replace("\"", "\\\"").getBytes(StandardCharsets.UTF_8);
        }
    }

    private Vocabulary() {
    }

    /**
     * The next token index: a word with probability 7/8, else a punctuation token, but never
     * punctuation after punctuation. {@code previous} is the previous index, or -1 at the start.
     */
    static int next(SplittableRandom random, int previous) {
        boolean afterPunctuation = previous >= WORD_COUNT;
        if (!afterPunctuation && previous >= 0 && random.nextInt(8) == 0) {
            return WORD_COUNT + random.nextInt(PUNCTUATION.length);
        }
        return random.nextInt(WORD_COUNT);
    }

    /** The JSON-escaped UTF-8 bytes of token {@code index}. */
    static byte[] escaped(int index) {
        return ESCAPED[index];
    }

    /** The text of token {@code index}. */
    static String text(int index) {
        return TOKENS[index];
    }

    /** The text of {@code n} tokens drawn from {@code random}, as the endpoint generates them. */
    static String generate(SplittableRandom random, int n) {
        StringBuilder sb = new StringBuilder(n * 7);
        int prev = -1;
        for (int i = 0; i < n; i++) {
            prev = next(random, prev);
            sb.append(TOKENS[prev]);
        }
        return sb.toString();
    }

    static int size() {
        return TOKENS.length;
    }
}
