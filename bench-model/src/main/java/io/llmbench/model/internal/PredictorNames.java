package io.llmbench.model.internal;

import io.llmbench.model.Predictor;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one table from the names users type to {@link Predictor}s, behind {@link Predictor#named(String)}. */
public final class PredictorNames {
    /** The canonical names, in the order they are listed to users. */
    public static final List<String> NAMES = List.of("auto", "physical", "knn", "linear");
    /** What each canonical name also answers to (lower case). */
    static final String ALIASES = "auto: best, auto_detect; physical: kriging, gp; knn: nearest, neighbour, neighbor, nearest-neighbour, "
            + "nearest-neighbor, knnK, knn(k=K); linear: least-squares, ols";
    private static final Pattern KNN_K = Pattern.compile("knn\\s*(?:\\(\\s*k\\s*=\\s*)?(\\d{1,4})\\s*\\)?");

    private PredictorNames() {
    }

    /** The predictor a name or alias denotes (case and surrounding blanks ignored). */
    public static Predictor named(String name) {
        if (name == null) {
            throw new IllegalArgumentException("predictor must be one of " + String.join(", ", NAMES) + ", but was null");
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "auto": case "best": case "auto_detect":
                return Predictor.auto();
            case "physical": case "kriging": case "gp":
                return Predictor.physical();
            case "knn": case "nearest": case "neighbour": case "neighbor": case "nearest-neighbour": case "nearest-neighbor":
                return Predictor.nearestNeighbour();
            case "linear": case "least-squares": case "ols":
                return Predictor.linear();
            default:
                Matcher m = KNN_K.matcher(n);
                if (m.matches() && Integer.parseInt(m.group(1)) >= 1) {
                    return Predictor.nearestNeighbour(Integer.parseInt(m.group(1)));
                }
                throw new IllegalArgumentException("predictor must be one of " + String.join(", ", NAMES) + " (aliases: " + ALIASES
                        + "), but was '" + name + "'");
        }
    }
}
