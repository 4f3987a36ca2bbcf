package io.llmbench.model;

/**
 * How {@link Evaluation} divides each deployment's runs into the runs a predictor is fitted on and
 * the runs it must predict. Values within 5% of each other count as one (measured token means
 * wobble). Thread-safe.
 */
public enum Split {
    /** Every run in turn, from all the others: accuracy near measured points (interpolation, mostly). */
    LEAVE_ONE_OUT("leave-one-out"),
    /** The upper half of the traffic levels (concurrencies or rates) from the lower half: extrapolation to heavier load. */
    UPPER_TRAFFIC("upper half of traffic levels from the lower half"),
    /** The runs at the longest input from the runs at shorter inputs: extrapolation to longer prompts. */
    LONGEST_INPUT("longest input from the shorter ones"),
    /** The runs at the longest output from the runs at shorter outputs: extrapolation to longer generations. */
    LONGEST_OUTPUT("longest output from the shorter ones");

    private final String description;

    Split(String description) {
        this.description = description;
    }

    /** In words, for table titles. */
    public String description() {
        return description;
    }
}
