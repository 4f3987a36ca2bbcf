package io.llmbench.model;

import io.llmbench.model.internal.AutoPredictor;
import io.llmbench.model.internal.LinearPredictor;
import io.llmbench.model.internal.NeighbourPredictor;
import io.llmbench.model.internal.PhysicalPredictor;
import io.llmbench.model.internal.PredictorNames;
import java.util.Collection;
import java.util.List;

/**
 * Fits a model of one deployment's performance from its {@link Observation}s and predicts every
 * measure for points nobody measured.
 *
 * <pre>{@code
 * FittedModel model = Predictor.auto().fit(observations);
 * Prediction p = model.predict(Point.atConcurrency(2048, 256, 32));
 * p.value(Measure.TTFT).value();     // milliseconds
 * p.value(Measure.TTFT).upper();     // 90% interval
 * p.confidence();                    // HIGH when interpolating
 * }</pre>
 *
 * <h2>What a fit needs</h2>
 * <ul>
 *   <li>At least {@value #MIN_OBSERVATIONS} observations.</li>
 *   <li>Input tokens and output tokens must each vary: their largest value must exceed the smallest
 *       by at least {@link #MIN_RELATIVE_SPREAD} (5%).</li>
 *   <li>Traffic: either every observation carries a traffic level of one mode (concurrency or rate)
 *       or none does. When the levels vary by at least 5% the level is a third dimension; when they
 *       do not, the model predicts at that one level only and rejects points at another.</li>
 *   <li>The model predicts the measures that every observation carries.</li>
 * </ul>
 * Breaking a rule throws {@link InsufficientDataException} naming the rule and the value.
 *
 * <h2>Implementations</h2>
 * <ul>
 *   <li>{@link #linear()}: {@code value = a + b·input + c·output (+ d·level)} by least squares, the
 *       baseline existing tools use.</li>
 *   <li>{@link #nearestNeighbour(int)}: distance-weighted mean of the k nearest observations in
 *       normalised log space.</li>
 *   <li>{@link #physical()}: power laws plus a KV-cache saturation term in log space, with a Gaussian
 *       process on the residuals, and the identities E2E = TTFT + (output − 1)·TPOT,
 *       user TPS = 1000·output / ((output − 1)·TPOT) and throughput = concurrency·output / E2E, chosen
 *       per measure by leave-one-out error.</li>
 *   <li>{@link #auto()}: per measure, whichever of the above has the lowest leave-one-out error on the
 *       data being fitted.</li>
 * </ul>
 * Every implementation calibrates its intervals on its own leave-one-out residuals (a jackknife /
 * conformal construction); {@link Evaluation} measures how well they cover held-out data.
 *
 * <p>Implementations are immutable and thread-safe; so are the models they fit.
 */
public interface Predictor {
    /** The interval level used when none is given: 90%. */
    double DEFAULT_LEVEL = 0.90;
    /** The neighbour count of {@link #nearestNeighbour()}. */
    int DEFAULT_NEIGHBOURS = 2;
    /** Fewest observations a fit accepts. */
    int MIN_OBSERVATIONS = 2;
    /** A dimension varies when its largest value is at least this fraction above its smallest. */
    double MIN_RELATIVE_SPREAD = 0.05;

    /** A short name for tables, e.g. {@code linear}, {@code knn(k=2)}, {@code physical}. */
    String name();

    /**
     * Fits a model of one deployment.
     *
     * @throws InsufficientDataException when the observations break a rule listed on this interface
     */
    FittedModel fit(Collection<Observation> observations);

    /** The least-squares baseline {@code a + b·input + c·output (+ d·level)}. */
    static Predictor linear() {
        return new LinearPredictor();
    }

    /** k-nearest neighbours with {@link #DEFAULT_NEIGHBOURS} neighbours. */
    static Predictor nearestNeighbour() {
        return nearestNeighbour(DEFAULT_NEIGHBOURS);
    }

    /**
     * k-nearest neighbours in normalised log-token space, weighted by inverse distance.
     *
     * @param k neighbours, &gt;= 1
     */
    static Predictor nearestNeighbour(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, but was " + k);
        }
        return new NeighbourPredictor(k);
    }

    /** The physically informed model (see the interface documentation). */
    static Predictor physical() {
        return new PhysicalPredictor();
    }

    /**
     * The predictor a user named: {@code auto} (also {@code best}), {@code physical} ({@code kriging},
     * {@code gp}), {@code knn} ({@code nearest}, {@code neighbour}, {@code nearest-neighbour}; {@code knn3}
     * or {@code knn(k=3)} for three neighbours) or {@code linear} ({@code least-squares}, {@code ols}).
     * Case and surrounding blanks are ignored; every {@link #name()} a built-in predictor reports is accepted.
     *
     * @throws IllegalArgumentException naming the valid names when {@code name} is none of them
     */
    static Predictor named(String name) {
        return PredictorNames.named(name);
    }

    /** The canonical names {@link #named(String)} accepts: {@code auto, physical, knn, linear}. */
    static List<String> names() {
        return PredictorNames.NAMES;
    }

    /** Chooses per measure among {@link #physical()}, {@link #nearestNeighbour()} and {@link #linear()} by leave-one-out error. */
    static Predictor auto() {
        return new AutoPredictor();
    }
}
