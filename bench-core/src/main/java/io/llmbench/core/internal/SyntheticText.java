package io.llmbench.core.internal;

import java.util.SplittableRandom;

/**
 * Generates filler text of a given size in tokens. Each word below is a single token with its
 * leading space in the cl100k_base and o200k_base encodings, so n words are about n tokens.
 * Not API.
 */
public final class SyntheticText {
    private static final String[] WORDS = {
        " the", " time", " people", " year", " way", " day", " man", " thing", " woman", " life",
        " child", " world", " school", " state", " family", " student", " group", " country", " problem", " hand",
        " part", " place", " case", " week", " company", " system", " program", " question", " work", " government",
        " number", " night", " point", " home", " water", " room", " mother", " area", " money", " story",
        " fact", " month", " lot", " right", " study", " book", " eye", " job", " word", " business",
    };

    private SyntheticText() {
    }

    /** About {@code tokens} tokens of words drawn from a generator seeded by {@code seed}. */
    public static String ofTokens(int tokens, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        StringBuilder sb = new StringBuilder(tokens * 7);
        for (int i = 0; i < tokens; i++) {
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.substring(1);
    }
}
