package io.llmbench.model;

import io.llmbench.core.Traffic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Time and cost of a {@link BatchJob} on deployments, and comparisons between them.
 *
 * <pre>{@code
 * BatchJob job = BatchJob.of(1_000_000, 1500, 300, 64);
 * TimeEstimate t = Estimates.timeToProcess(job, Candidate.of("h100x2", model).withPricing(Pricing.perGpuHour(2.5, 2)));
 * t.hours(); t.requestsPerSecond(); t.basis(); t.costEstimate().get().perMillionOutputTokens();
 * List<Comparison> rows = Estimates.compare(job, candidates);   // fastest first
 * }</pre>
 *
 * <p>The request rate comes from, in order of preference: the predicted or measured
 * {@link Measure#REQUEST_THROUGHPUT}; {@link Measure#OUTPUT_THROUGHPUT} divided by the output
 * tokens per request; or, by Little's law for a closed loop, concurrency / {@link Measure#E2E}.
 * A job at a request rate completes at most the offered rate; a model fitted on runs of the other
 * traffic mode converts between concurrency and rate by Little's law ({@link FittedModel#predict}).
 * Thread-safe (stateless).
 */
public final class Estimates {
    /** A measured run supports a job at HIGH confidence when every coordinate is within this fraction of the job's. */
    public static final double MATCH_TOLERANCE = 0.05;
    /** A measured run at a job's rate shows saturation when it completed less than this fraction of the offered rate. */
    public static final double SATURATION_EFFICIENCY = 0.8;

    private Estimates() {
    }

    /**
     * How long a job takes on a candidate. For a job at a request rate, the completed rate is the
     * offered one (never more), or the deployment's capacity when it is saturated.
     *
     * @throws IllegalArgumentException when the candidate's model or run has none of the measures a
     *                                  rate can come from, or its model cannot predict the job's point
     */
    public static TimeEstimate timeToProcess(BatchJob job, Candidate candidate) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(candidate, "candidate");
        Point point = job.point();
        Function<Measure, OptionalDouble> values;
        Confidence confidence;
        String basis;
        Saturation saturation = null;
        double concurrency = job.concurrency();
        if (candidate.model() != null) {
            FittedModel model = candidate.model();
            Prediction p = model.predict(point);
            values = m -> p.find(m).map(v -> OptionalDouble.of(v.value())).orElse(OptionalDouble.empty());
            confidence = rateConfidence(p);
            saturation = p.saturation();
            Observation near = model.nearest(point);
            basis = "predicted by " + model.predictorName() + " from " + model.size() + " runs (" + confidence + " confidence: "
                    + p.reason() + "); nearest run: " + describe(near);
        } else {
            Observation run = candidate.measured();
            values = run::value;
            boolean match = matches(run.point(), point);
            confidence = match ? Confidence.HIGH : Confidence.LOW;
            basis = "measured: " + describe(run) + (match ? "" : "; the job is at " + point + ", so the run only approximates it");
            if (!Double.isNaN(concurrency)) {
                concurrency = concurrencyOf(run, concurrency);
            }
        }
        double rps = requestRate(values, job.outputTokens(), concurrency, job.rate(), candidate.name());
        if (job.traffic().mode() == Traffic.Mode.RATE) {
            Traffic t = candidate.model() == null ? candidate.measured().point().traffic() : null;
            if (t != null && t.mode() == Traffic.Mode.RATE && close(t.level(), job.rate())) {
                saturation = new Saturation(job.rate(), rps, rps < SATURATION_EFFICIENCY * job.rate());
            }
            rps = Math.min(rps, job.rate());
            if (saturation != null && saturation.saturated()) {
                basis += "; " + saturation;
            }
        }
        double latency = values.apply(Measure.E2E).orElse(Double.NaN);
        double outTps = Math.min(values.apply(Measure.OUTPUT_THROUGHPUT).orElse(rps * job.outputTokens()), rps * job.outputTokens() * 1.000001);
        double seconds = job.requests() / rps;
        Cost cost = null;
        if (candidate.pricing() != null) {
            double perJob = candidate.pricing().costOf(seconds);
            cost = new Cost(perJob, perJob / job.totalOutputTokens() * 1e6, perJob / job.totalTokens() * 1e6);
        }
        return new TimeEstimate(candidate.name(), job, rps, latency, outTps, seconds, confidence, basis, cost, saturation);
    }

    /** The confidence of the value a job's rate comes from (request throughput, else output throughput, else E2E). */
    private static Confidence rateConfidence(Prediction p) {
        for (Measure m : new Measure[] {Measure.REQUEST_THROUGHPUT, Measure.OUTPUT_THROUGHPUT, Measure.E2E}) {
            if (p.find(m).isPresent()) {
                return p.value(m).confidence();
            }
        }
        return p.confidence();
    }

    /**
     * Estimates a job on every candidate and compares them: fastest first, with the speed-up over and
     * the time saved against the slowest.
     */
    public static List<Comparison> compare(BatchJob job, Collection<Candidate> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        List<TimeEstimate> estimates = new ArrayList<>();
        for (Candidate c : candidates) {
            estimates.add(timeToProcess(job, c));
        }
        estimates.sort(Comparator.comparingDouble(TimeEstimate::seconds).thenComparing(TimeEstimate::name));
        double slowest = estimates.isEmpty() ? 0 : estimates.get(estimates.size() - 1).seconds();
        List<Comparison> rows = new ArrayList<>();
        for (int i = 0; i < estimates.size(); i++) {
            TimeEstimate e = estimates.get(i);
            rows.add(new Comparison(i + 1, e, slowest / e.seconds(), slowest - e.seconds()));
        }
        return List.copyOf(rows);
    }

    private static double requestRate(Function<Measure, OptionalDouble> v, double outputTokens, double concurrency, double rate,
                                      String name) {
        OptionalDouble rps = v.apply(Measure.REQUEST_THROUGHPUT);
        if (rps.isPresent()) {
            return rps.getAsDouble();
        }
        OptionalDouble tps = v.apply(Measure.OUTPUT_THROUGHPUT);
        if (tps.isPresent()) {
            return tps.getAsDouble() / outputTokens;
        }
        OptionalDouble e2e = v.apply(Measure.E2E);
        if (e2e.isPresent() && !Double.isNaN(concurrency)) {
            return concurrency * 1000 / e2e.getAsDouble();
        }
        if (e2e.isPresent() && !Double.isNaN(rate)) {
            return rate;
        }
        throw new IllegalArgumentException("candidate '" + name + "' must have request_throughput, output_throughput or "
                + "(with a concurrency) e2e to estimate a job's time, but has none of them");
    }

    private static double concurrencyOf(Observation run, double fallback) {
        Traffic t = run.point().traffic();
        if (t == null) {
            return fallback;
        }
        return t.mode() == Traffic.Mode.CONCURRENCY ? t.level() : Double.NaN;
    }

    private static boolean matches(Point run, Point job) {
        boolean tokens = close(run.inputTokens(), job.inputTokens()) && close(run.outputTokens(), job.outputTokens());
        Traffic t = run.traffic();
        return tokens && t != null && t.mode() == job.traffic().mode() && close(t.level(), job.traffic().level());
    }

    private static boolean close(double a, double b) {
        return Math.abs(a / b - 1) <= MATCH_TOLERANCE;
    }

    private static String describe(Observation o) {
        return (o.source() == null ? "unnamed run" : o.source()) + " at " + o.point();
    }
}
