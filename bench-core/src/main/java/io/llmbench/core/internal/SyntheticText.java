package io.llmbench.core.internal;

import com.knuddels.jtokkit.api.Encoding;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generates filler text of an exact size in tokens. The text is a sequence of common English
 * words separated by single spaces. Every word used is one token under the chosen encoding, both
 * with its leading space and (for the first word) without, and the byte-pair encoders of the
 * supported encodings split text into words before merging, so {@code n} words are exactly
 * {@code n} tokens. The vocabulary is checked against the real tokenizer once per encoding.
 * Thread-safe. Not API.
 */
public final class SyntheticText {
    private static final String[] CANDIDATES = (
            "the time people year way day man thing woman life child world school state family student group "
            + "country problem hand part place case week company system program question work government number "
            + "night point home water room mother area money story fact month lot right study book eye job word "
            + "business issue side kind head house service friend father power hour game line end member law car "
            + "city community name team minute idea kid body information back parent face others level office "
            + "door health person art war history party result change reason research girl moment air teacher "
            + "force education foot boy age policy music market sense nation plan college interest death "
            + "experience effect use class control care field development role rate heart show leader light "
            + "voice wife mind price report decision son view relationship town road arm difference value "
            + "building action model season tax director position player record paper space ground form event "
            + "official matter center site project activity star table need court oil cost industry figure street "
            + "image phone data picture practice piece land product doctor wall patient worker news test movie "
            + "north love support technology step baby computer type attention film tree source organization "
            + "hair window truth song camera bank river bridge station letter chair glass coffee bread apple "
            + "dance garden green blue red small large early young important public private local social "
            + "national human local real best simple clear open full free common strong sure special easy "
            + "river summer winter morning evening table sound stone metal paper cloud rain snow wind fire field")
            .split(" ");

    private static final ConcurrentHashMap<String, String[]> VOCABULARY = new ConcurrentHashMap<>();

    /** The fewest single-token words an encoding must offer for the text to look varied. */
    static final int MIN_VOCABULARY = 64;

    private SyntheticText() {
    }

    /**
     * The words that are exactly one token under the encoding, with and without a leading space.
     *
     * @throws IllegalArgumentException when the encoding is unknown or offers too few such words
     */
    public static String[] vocabulary(String encoding) {
        return VOCABULARY.computeIfAbsent(encoding, SyntheticText::checkVocabulary).clone();
    }

    private static String[] checkVocabulary(String name) {
        Encoding e = Tokenizers.encoding(name);
        List<String> ok = new ArrayList<>();
        for (String w : new LinkedHashSet<>(List.of(CANDIDATES))) {
            if (e.countTokensOrdinary(w) == 1 && e.countTokensOrdinary(" " + w) == 1
                    && e.countTokensOrdinary(w + " " + w) == 2) {
                ok.add(w);
            }
        }
        if (ok.size() < MIN_VOCABULARY) {
            throw new IllegalArgumentException("tokenizer must offer at least " + MIN_VOCABULARY
                    + " single-token English words for synthetic text, but " + name + " offers " + ok.size());
        }
        return ok.toArray(new String[0]);
    }

    /**
     * Appends {@code tokens} words drawn from {@code random} to {@code sb}, each preceded by a space
     * unless {@code sb} is empty.
     */
    public static void appendWords(StringBuilder sb, String[] vocabulary, int tokens, SplittableRandom random) {
        for (int i = 0; i < tokens; i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(vocabulary[random.nextInt(vocabulary.length)]);
        }
    }

    /** Exactly {@code tokens} cl100k_base tokens of words drawn from a generator seeded by {@code seed}. */
    public static String ofTokens(int tokens, long seed) {
        return ofTokens("cl100k_base", tokens, seed);
    }

    /** Exactly {@code tokens} tokens under {@code encoding}, drawn from a generator seeded by {@code seed}. */
    public static String ofTokens(String encoding, int tokens, long seed) {
        StringBuilder sb = new StringBuilder(tokens * 7);
        appendWords(sb, VOCABULARY.computeIfAbsent(encoding, SyntheticText::checkVocabulary), tokens,
                new SplittableRandom(Seeds.mix(seed, 17)));
        return sb.toString();
    }
}
