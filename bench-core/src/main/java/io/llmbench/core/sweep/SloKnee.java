package io.llmbench.core.sweep;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What an {@link SloSearch} found for one endpoint: the highest load level that met every SLO
 * (the knee), the lowest that did not, and every probe in the order run. Immutable.
 *
 * @param endpoint       the endpoint's name
 * @param outcome        how the search ended
 * @param highestMet     the highest level probed that met the SLOs, or NaN when none did
 * @param lowestMissed   the lowest level probed that missed them, or NaN when none did
 * @param probes         every probe, in the order run
 */
public record SloKnee(String endpoint, Outcome outcome, double highestMet, double lowestMissed, List<SloProbe> probes) {
    /** How a search ended. */
    public enum Outcome {
        /** The knee lies between {@code highestMet} and {@code lowestMissed}, which are within the precision. */
        FOUND,
        /** Even the range's upper bound met the SLOs: the knee is at or above it. */
        ABOVE_RANGE,
        /** Even the range's lower bound missed the SLOs: the knee is below it. */
        BELOW_RANGE,
        /** The probe limit was reached before the bracket narrowed to the precision. */
        PROBE_LIMIT
    }

    public SloKnee {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(outcome, "outcome");
        probes = List.copyOf(probes);
    }

    /** The knee: the highest level that met every SLO, if any did. */
    public OptionalDouble knee() {
        return Double.isNaN(highestMet) ? OptionalDouble.empty() : OptionalDouble.of(highestMet);
    }

    /** The probe at the knee, if any level met the SLOs. */
    public java.util.Optional<SloProbe> kneeProbe() {
        return probes.stream().filter(p -> p.met() && p.level() == highestMet).findFirst();
    }

    @Override
    public String toString() {
        return endpoint + ": " + outcome + " knee=" + highestMet + " (lowest missed " + lowestMissed + ", "
                + probes.size() + " probes)";
    }
}
