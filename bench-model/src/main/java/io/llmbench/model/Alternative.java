package io.llmbench.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One option to rank or choose: a deployment (or deployment × configuration) with a value per
 * measure, measured or predicted, and the pessimistic end of each value (the worse end of its
 * prediction interval; equal to the value for measured figures). A predicted alternative also keeps
 * its predictions, so that each {@link Constraint} is checked against the statistic it names, with
 * its interval and confidence ({@link #check(Constraint)}). Immutable and thread-safe.
 *
 * @param name        a unique label
 * @param values      values by measure, in each measure's unit (unmodifiable); what rankings use
 * @param pessimistic the worse end of each value's interval (upper for lower-is-better measures);
 *                    holds an entry for every key of {@code values}
 * @param prediction  the prediction the values come from; null for measured or given values
 * @param byStatistic predictions of other statistics of the same deployment (e.g. p95 for a p95 SLO);
 *                    empty when only {@code prediction} is known
 */
public record Alternative(String name, Map<Measure, Double> values, Map<Measure, Double> pessimistic, Prediction prediction,
                          Map<Statistic, Prediction> byStatistic) {
    public Alternative {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("alternative name must not be blank, but was '" + name + "'");
        }
        values = copy(name, "values", values);
        EnumMap<Measure, Double> p = new EnumMap<>(Measure.class);
        if (pessimistic != null) {
            p.putAll(copy(name, "pessimistic", pessimistic));
        }
        for (Map.Entry<Measure, Double> e : values.entrySet()) {
            p.putIfAbsent(e.getKey(), e.getValue());
        }
        pessimistic = Collections.unmodifiableMap(p);
        EnumMap<Statistic, Prediction> s = new EnumMap<>(Statistic.class);
        if (byStatistic != null) {
            s.putAll(byStatistic);
        }
        byStatistic = Collections.unmodifiableMap(s);
    }

    /** Known values and their pessimistic ends, no prediction. */
    public Alternative(String name, Map<Measure, Double> values, Map<Measure, Double> pessimistic) {
        this(name, values, pessimistic, null, null);
    }

    private static Map<Measure, Double> copy(String name, String what, Map<Measure, Double> m) {
        Objects.requireNonNull(m, what);
        EnumMap<Measure, Double> c = new EnumMap<>(Measure.class);
        for (Map.Entry<Measure, Double> e : m.entrySet()) {
            Double v = e.getValue();
            if (v == null || Double.isNaN(v)) {
                throw new IllegalArgumentException(what + " of " + e.getKey().key() + " for '" + name + "' must be a number, but was " + v);
            }
            c.put(Objects.requireNonNull(e.getKey(), "measure"), v);
        }
        return Collections.unmodifiableMap(c);
    }

    /** An alternative with known values (pessimistic = values). */
    public static Alternative of(String name, Map<Measure, Double> values) {
        return new Alternative(name, values, null);
    }

    /** A measured run as an alternative. */
    public static Alternative of(String name, Observation run) {
        return new Alternative(name, run.values(), null);
    }

    /**
     * A prediction as an alternative: central values, the worse end of each interval as
     * pessimistic; constraints are checked against this prediction whatever statistic they name.
     */
    public static Alternative predicted(String name, Prediction prediction) {
        Objects.requireNonNull(prediction, "prediction");
        return new Alternative(name, central(prediction), worse(prediction), prediction, null);
    }

    /**
     * Predictions of several statistics of one deployment as an alternative: values (for ranking)
     * from the {@link Statistic#MEAN} prediction, else from the first statistic given; each
     * constraint is checked against the prediction of its own statistic.
     *
     * @throws IllegalArgumentException when no prediction is given
     */
    public static Alternative predicted(String name, Map<Statistic, Prediction> byStatistic) {
        if (byStatistic.isEmpty()) {
            throw new IllegalArgumentException("predictions of '" + name + "' must hold at least one statistic, but were empty");
        }
        EnumMap<Statistic, Prediction> sorted = new EnumMap<>(byStatistic);
        Prediction main = sorted.containsKey(Statistic.MEAN) ? sorted.get(Statistic.MEAN) : sorted.values().iterator().next();
        return new Alternative(name, central(main), worse(main), main, sorted);
    }

    private static Map<Measure, Double> central(Prediction p) {
        EnumMap<Measure, Double> v = new EnumMap<>(Measure.class);
        p.values().values().forEach(pv -> v.put(pv.measure(), pv.value()));
        return v;
    }

    private static Map<Measure, Double> worse(Prediction p) {
        EnumMap<Measure, Double> v = new EnumMap<>(Measure.class);
        p.values().values().forEach(pv -> v.put(pv.measure(), pv.measure().lowerIsBetter() ? pv.upper() : pv.lower()));
        return v;
    }

    /**
     * This alternative with {@link Measure#COST_PER_MILLION_OUTPUT_TOKENS} computed from its
     * {@link Measure#OUTPUT_THROUGHPUT} (pessimistic cost from pessimistic throughput).
     *
     * @throws IllegalArgumentException when it has no output throughput
     */
    public Alternative withCost(Pricing pricing) {
        Objects.requireNonNull(pricing, "pricing");
        Double tps = values.get(Measure.OUTPUT_THROUGHPUT);
        if (tps == null) {
            throw new IllegalArgumentException("alternative '" + name + "' must have output_throughput to compute a cost, but has " + values.keySet());
        }
        EnumMap<Measure, Double> v = new EnumMap<>(values);
        EnumMap<Measure, Double> p = new EnumMap<>(pessimistic);
        v.put(Measure.COST_PER_MILLION_OUTPUT_TOKENS, pricing.perMillionOutputTokens(tps));
        double worstTps = pessimistic.get(Measure.OUTPUT_THROUGHPUT);
        p.put(Measure.COST_PER_MILLION_OUTPUT_TOKENS, worstTps > 0 ? pricing.perMillionOutputTokens(worstTps) : Double.POSITIVE_INFINITY);
        return new Alternative(name, v, p, prediction, byStatistic);
    }

    /** The value of a measure, when present. */
    public OptionalDouble value(Measure measure) {
        Double v = values.get(measure);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * Checks a constraint: against the prediction of the statistic it names when this alternative
     * has predictions by statistic (a statistic it was not predicted at is a miss), else against its
     * prediction, else against its values and their pessimistic ends.
     */
    public Check check(Constraint c) {
        Measure m = c.measure();
        Prediction p = prediction;
        if (c.statistic() != null && !byStatistic.isEmpty()) {
            p = byStatistic.get(c.statistic());
            if (p == null) {
                return new Check(c, Double.NaN, Double.NaN, Double.NaN, null, Check.Status.MISSED);
            }
        }
        Optional<PredictedValue> pv = p == null ? Optional.empty() : p.find(m);
        if (pv.isPresent()) {
            PredictedValue v = pv.get();
            return Check.of(c, v.value(), v.lower(), v.upper(), v.confidence());
        }
        Double v = values.get(m);
        if (v == null) {
            return new Check(c, Double.NaN, Double.NaN, Double.NaN, null, Check.Status.MISSED);
        }
        double worst = pessimistic.get(m);
        return Check.of(c, v, Math.min(v, worst), Math.max(v, worst), null);
    }
}
