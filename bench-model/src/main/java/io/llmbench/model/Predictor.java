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
 *   <li>Something that varies: input tokens, output tokens or the traffic level (concurrency or
 *       rate), by at least {@link #MIN_RELATIVE_SPREAD} (5%) between the smallest and largest value.
 *       Whatever varies is fitted; a dimension that never varies is <em>held</em> at its value, and a
 *       point away from it is predicted as if it did not matter, with {@link Confidence#LOW} and a
 *       reason naming it. A concurrency sweep at one input/output size, a size grid at one
 *       concurrency and a full grid all fit.</li>
 *   <li>Traffic: every observation carries a level of one mode (concurrency or rate), or none does.
 *       A point in the other mode is converted by Little's law (requests in flight = completed
 *       requests per second × latency), at most {@link Confidence#MEDIUM}.</li>
 *   <li>The model predicts the measures that every observation carries.</li>
 * </ul>
 * Breaking a rule throws {@link InsufficientDataException} naming the rule and the value.
 *
 * <h2>Implementations</h2>
 * <ul>
 *   <li>{@link #linear()}: {@code value = a + b·input + c·output (+ d·level)} by least squares over the
 *       dimensions that vary, the baseline existing tools use.</li>
 *   <li>{@link #nearestNeighbour(int)}: distance-weighted mean of the k nearest observations in
 *       normalised log space.</li>
 *   <li>{@link #physical()}: per measure, a trend (power laws with a saturation knee, or for a closed
 *       loop the queueing model of a batching server with a KV-cache capacity) with a Gaussian
 *       process on the residuals, and the identities E2E = TTFT + (output − 1)·TPOT,
 *       user TPS = 1000·output / ((output − 1)·TPOT) and throughput = concurrency·output / E2E, chosen
 *       per measure by held-out error (leave-one-out plus extrapolation folds).</li>
 *   <li>{@link #auto()}: per measure, whichever of the above has the lowest held-out error on the
 *       data being fitted.</li>
 * </ul>
 * Every implementation calibrates its intervals on its own held-out residuals (a jackknife /
 * conformal construction inside the data, Student's t below 10 runs, a growth learnt on
 * extrapolation folds beyond it); identities propagate their parts' intervals. Each value's
 * {@link Confidence} is judged from its own interval and from where the point lies
 * ({@link Prediction#reason()}). {@link Evaluation} measures how well all this holds on held-out data.
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
