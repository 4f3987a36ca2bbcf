package io.llmbench.model;

import java.util.Locale;
import java.util.Objects;

/**
 * How one alternative fares against one {@link Constraint}: the value checked, its interval and
 * confidence, and the verdict. Immutable and thread-safe.
 *
 * @param constraint the constraint
 * @param value      the predicted (or measured) value; NaN when the alternative has none for it
 * @param lower      the lower end of its interval (the value itself when measured)
 * @param upper      the upper end of its interval (the value itself when measured)
 * @param confidence the prediction's confidence in the value; null for measured or given values
 * @param status     the verdict
 */
public record Check(Constraint constraint, double value, double lower, double upper, Confidence confidence, Status status) {
    /** Verdicts. */
    public enum Status {
        /** The value and its whole interval meet the constraint. */
        MET,
        /** The value meets it, but the interval crosses the limit: the deployment may miss it. */
        AT_RISK,
        /** The value misses it (or there is no value). */
        MISSED
    }

    public Check {
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(status, "status");
    }

    /** The verdict for a value and its interval. */
    static Check of(Constraint c, double value, double lower, double upper, Confidence confidence) {
        Status s;
        if (!c.isMetBy(value)) {
            s = Status.MISSED;
        } else {
            s = c.isMetBy(c.atMost() ? upper : lower) ? Status.MET : Status.AT_RISK;
        }
        return new Check(c, value, lower, upper, confidence, s);
    }

    /** In words, e.g. {@code ttft p95 412 [371, 530] ms (medium) crosses ttft p95 <= 500 ms}. */
    @Override
    public String toString() {
        if (Double.isNaN(value)) {
            return constraint.measure().key() + (constraint.statistic() == null ? "" : " " + constraint.statistic().key())
                    + " not predicted, so it misses " + constraint;
        }
        String verb = switch (status) {
            case MET -> "meets";
            case AT_RISK -> "crosses";
            case MISSED -> "misses";
        };
        String interval = lower == upper ? "" : " [" + Point.fmt(lower) + ", " + Point.fmt(upper) + "]";
        return constraint.measure().key() + (constraint.statistic() == null ? "" : " " + constraint.statistic().key()) + " "
                + Point.fmt(value) + interval + " " + constraint.measure().unitSymbol()
                + (confidence == null ? "" : " (" + confidence.name().toLowerCase(Locale.ROOT) + ")") + " " + verb + " " + constraint;
    }
}
