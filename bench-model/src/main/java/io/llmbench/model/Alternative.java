package io.llmbench.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One option to rank or choose: a deployment (or deployment × configuration) with a value per
 * measure, measured or predicted, and the pessimistic end of each value (the worse end of its
 * prediction interval; equal to the value for measured figures). Immutable and thread-safe.
 *
 * @param name        a unique label
 * @param values      values by measure, in each measure's unit (unmodifiable)
 * @param pessimistic the worse end of each value's interval (upper for lower-is-better measures);
 *                    holds an entry for every key of {@code values}
 */
public record Alternative(String name, Map<Measure, Double> values, Map<Measure, Double> pessimistic) {
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

    /** A measured run as an alternative, named by its source (or {@code name} when given). */
    public static Alternative of(String name, Observation run) {
        return new Alternative(name, run.values(), null);
    }

    /** A prediction as an alternative: central values, and the worse end of each interval as pessimistic. */
    public static Alternative predicted(String name, Prediction prediction) {
        EnumMap<Measure, Double> v = new EnumMap<>(Measure.class);
        EnumMap<Measure, Double> p = new EnumMap<>(Measure.class);
        for (PredictedValue pv : prediction.values().values()) {
            v.put(pv.measure(), pv.value());
            p.put(pv.measure(), pv.measure().lowerIsBetter() ? pv.upper() : pv.lower());
        }
        return new Alternative(name, v, p);
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
        return new Alternative(name, v, p);
    }

    /** The value of a measure, when present. */
    public OptionalDouble value(Measure measure) {
        Double v = values.get(measure);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
