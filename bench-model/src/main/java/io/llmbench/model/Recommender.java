package io.llmbench.model;

import io.llmbench.core.Slo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Recommends deployments for a workload under constraints: check every constraint (each SLO at its
 * own percentile, with the prediction's interval and confidence), reject the deployments whose
 * predicted value misses one, mark as <em>at risk</em> those whose value meets it while the interval
 * crosses the limit (rejected too under strict {@link Compliance#INTERVAL}), then rank the rest by
 * TOPSIS over the criteria (by default, every constrained measure at equal weight).
 *
 * <pre>{@code
 * Recommender r = Recommender.builder()
 *         .slo(Slo.of(Metric.TTFT, 500)).slo(Slo.of(Metric.E2E, 8000))
 *         .constraint(Constraint.atLeast(Measure.OUTPUT_THROUGHPUT, 2000))
 *         .criteria(Criterion.of(Measure.COST_PER_MILLION_OUTPUT_TOKENS, 2), Criterion.of(Measure.TTFT, 1))
 *         .limit(5)
 *         .build();
 * RecommendationResult best = r.recommend(Point.atConcurrency(2048, 256, 32), modelsByDeployment);
 * }</pre>
 *
 * <p>{@link #recommend(Collection)} over alternatives whose values are already known (predicted
 * once and cached) is linear in their number plus a sort of the survivors; it is the call to use
 * when serving recommendations. Immutable and thread-safe once built.
 */
public final class Recommender {
    /** How many recommendations are returned when no limit is set. */
    public static final int DEFAULT_LIMIT = 10;

    private final List<Constraint> constraints;
    private final List<Criterion> criteria;
    private final Compliance compliance;
    private final int limit;
    private final double level;

    private Recommender(Builder b) {
        this.constraints = List.copyOf(b.constraints);
        this.compliance = b.compliance;
        this.limit = b.limit;
        this.level = b.level;
        if (b.criteria.isEmpty()) {
            Set<Measure> measures = new LinkedHashSet<>();
            for (Constraint c : constraints) {
                measures.add(c.measure());
            }
            List<Criterion> cs = new ArrayList<>();
            for (Measure m : measures) {
                cs.add(Criterion.of(m, 1));
            }
            this.criteria = List.copyOf(cs);
        } else {
            this.criteria = List.copyOf(b.criteria);
        }
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The constraints, SLOs included. */
    public List<Constraint> constraints() {
        return constraints;
    }

    /** The ranking criteria. */
    public List<Criterion> criteria() {
        return criteria;
    }

    /**
     * Checks every constraint for every alternative, rejects those that miss one (and, under strict
     * {@link Compliance#INTERVAL}, those at risk of missing one), and ranks the rest.
     *
     * @throws IllegalArgumentException when a surviving alternative lacks a criterion's measure
     */
    public RecommendationResult recommend(Collection<Alternative> alternatives) {
        Objects.requireNonNull(alternatives, "alternatives");
        List<Alternative> survivors = new ArrayList<>(alternatives.size());
        List<List<Check>> risks = new ArrayList<>(alternatives.size());
        List<Rejection> rejected = new ArrayList<>();
        for (Alternative a : alternatives) {
            Rejection miss = null;
            List<Check> atRisk = List.of();
            for (Constraint c : constraints) {
                Check check = a.check(c);
                if (check.status() == Check.Status.MISSED || (check.status() == Check.Status.AT_RISK && compliance == Compliance.INTERVAL)) {
                    miss = new Rejection(a.name(), check);
                    break;
                }
                if (check.status() == Check.Status.AT_RISK) {
                    if (atRisk.isEmpty()) {
                        atRisk = new ArrayList<>(2);
                    }
                    atRisk.add(check);
                }
            }
            if (miss == null) {
                survivors.add(a);
                risks.add(atRisk);
            } else {
                rejected.add(miss);
            }
        }
        if (survivors.isEmpty()) {
            return new RecommendationResult(List.of(), rejected);
        }
        double[] score = Topsis.closeness(survivors, criteria);
        int[] top = topK(score, survivors, Math.min(limit, survivors.size()));
        List<Recommendation> best = new ArrayList<>(top.length);
        for (int r = 0; r < top.length; r++) {
            best.add(new Recommendation(r + 1, survivors.get(top[r]), score[top[r]], risks.get(top[r])));
        }
        return new RecommendationResult(best, rejected);
    }

    /** Indices of the k best scores, best first (ties by name), by insertion into a sorted array: O(n·log k) compares for small k. */
    private static int[] topK(double[] score, List<Alternative> alts, int k) {
        int[] top = new int[k];
        int size = 0;
        for (int i = 0; i < score.length; i++) {
            if (size == k && !better(i, top[k - 1], score, alts)) {
                continue;
            }
            int pos = size < k ? size++ : k - 1;
            while (pos > 0 && better(i, top[pos - 1], score, alts)) {
                top[pos] = top[pos - 1];
                pos--;
            }
            top[pos] = i;
        }
        return top;
    }

    private static boolean better(int a, int b, double[] score, List<Alternative> alts) {
        int c = Double.compare(score[a], score[b]);
        return c > 0 || (c == 0 && alts.get(a).name().compareTo(alts.get(b).name()) < 0);
    }

    /**
     * Predicts every deployment at the workload's point (intervals at the builder's level) with its
     * one model, then filters and ranks as {@link #recommend(Collection)}. Every constraint is
     * checked against that model's predictions, whatever statistic it names: fit the models on the
     * statistic the SLOs need, or use {@link #recommendByStatistic}.
     *
     * @param models fitted models by deployment name
     * @throws IllegalArgumentException when a model cannot predict the point (wrong traffic)
     */
    public RecommendationResult recommend(Point workload, Map<String, FittedModel> models) {
        Objects.requireNonNull(workload, "workload");
        List<Alternative> alts = new ArrayList<>(models.size());
        for (Map.Entry<String, FittedModel> e : models.entrySet()) {
            alts.add(Alternative.predicted(e.getKey(), e.getValue().predict(workload, level)));
        }
        return recommend(alts);
    }

    /**
     * Predicts every deployment at the workload's point with a model per statistic (e.g. fitted on
     * each run's mean, p95 and p99), so that each SLO is checked at its own percentile
     * ({@link Constraint#of(Slo)}); values for ranking come from the mean model (else the first).
     *
     * @param models fitted models by deployment name, then by the statistic their observations hold
     * @throws IllegalArgumentException when a model cannot predict the point (wrong traffic)
     */
    public RecommendationResult recommendByStatistic(Point workload, Map<String, Map<Statistic, FittedModel>> models) {
        Objects.requireNonNull(workload, "workload");
        List<Alternative> alts = new ArrayList<>(models.size());
        for (Map.Entry<String, Map<Statistic, FittedModel>> e : models.entrySet()) {
            java.util.EnumMap<Statistic, Prediction> byStatistic = new java.util.EnumMap<>(Statistic.class);
            e.getValue().forEach((s, m) -> byStatistic.put(s, m.predict(workload, level)));
            alts.add(Alternative.predicted(e.getKey(), byStatistic));
        }
        return recommend(alts);
    }

    /** The statistics the constraints name (what {@link #recommendByStatistic} needs models of), mean first. */
    public Set<Statistic> statistics() {
        java.util.EnumSet<Statistic> s = java.util.EnumSet.of(Statistic.MEAN);
        for (Constraint c : constraints) {
            if (c.statistic() != null) {
                s.add(c.statistic());
            }
        }
        return s;
    }

    /** Builds a {@link Recommender}. Not thread-safe. */
    public static final class Builder {
        private final List<Constraint> constraints = new ArrayList<>();
        private final List<Criterion> criteria = new ArrayList<>();
        private Compliance compliance = Compliance.POINT;
        private int limit = DEFAULT_LIMIT;
        private double level = Predictor.DEFAULT_LEVEL;

        private Builder() {
        }

        /** Adds a service-level objective ({@link Constraint#of(Slo)}). */
        public Builder slo(Slo slo) {
            constraints.add(Constraint.of(Objects.requireNonNull(slo, "slo")));
            return this;
        }

        /** Adds service-level objectives. */
        public Builder slos(Collection<Slo> slos) {
            slos.forEach(this::slo);
            return this;
        }

        /** Adds a constraint. */
        public Builder constraint(Constraint constraint) {
            constraints.add(Objects.requireNonNull(constraint, "constraint"));
            return this;
        }

        /** Sets the ranking criteria (default: each constrained measure at equal weight). */
        public Builder criteria(Criterion... cs) {
            criteria.clear();
            for (Criterion c : cs) {
                criteria.add(Objects.requireNonNull(c, "criterion"));
            }
            return this;
        }

        /** How predicted values must meet constraints; default {@link Compliance#POINT} (at-risk deployments are kept, and marked). */
        public Builder compliance(Compliance c) {
            this.compliance = Objects.requireNonNull(c, "compliance");
            return this;
        }

        /** The most recommendations to return, &gt;= 1; default {@value Recommender#DEFAULT_LIMIT}. */
        public Builder limit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1, but was " + limit);
            }
            this.limit = limit;
            return this;
        }

        /** The interval level used when {@link #recommend(Point, Map)} predicts; default {@link Predictor#DEFAULT_LEVEL}. */
        public Builder level(double level) {
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("level must be in (0, 1), but was " + level);
            }
            this.level = level;
            return this;
        }

        /**
         * Builds the recommender.
         *
         * @throws IllegalStateException when there is neither a constraint nor a criterion to rank by
         */
        public Recommender build() {
            if (constraints.isEmpty() && criteria.isEmpty()) {
                throw new IllegalStateException("constraints or criteria must be given to recommend deployments, but neither was");
            }
            return new Recommender(this);
        }
    }
}
