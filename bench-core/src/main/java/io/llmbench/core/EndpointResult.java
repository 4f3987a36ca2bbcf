package io.llmbench.core;

import io.llmbench.core.server.ServerMetrics;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything measured for one endpoint in one run: what was measured, the job-level figures,
 * each metric's distribution, the request records and warnings. This is the unit a store keeps
 * as one "run". Immutable and thread-safe.
 *
 * @param deployment what was measured
 * @param run        how and when
 * @param job        job-level figures
 * @param metrics    distributions by metric (metrics with no samples may be absent)
 * @param records    the request records, in send order; empty for runs imported without them
 * @param warnings   human-readable warnings (few samples, failures, harness lag)
 * @param serverMetrics what the servers' own metrics said during the run; {@link ServerMetrics#none()}
 *                   when nothing was scraped (null is taken as that)
 * @param health     whether the harness kept up while it measured, sampled during the run; empty for
 *                   results imported from files or built from records alone
 */
public record EndpointResult(Deployment deployment, RunInfo run, JobStats job, Map<Metric, MetricStats> metrics,
                             List<RequestRecord> records, List<String> warnings, ServerMetrics serverMetrics,
                             Optional<HarnessHealth> health) {
    public EndpointResult {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(job, "job");
        metrics = metrics == null || metrics.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(metrics));
        records = records == null ? List.of() : List.copyOf(records);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        serverMetrics = serverMetrics == null ? ServerMetrics.none() : serverMetrics;
        health = health == null ? Optional.empty() : health;
    }

    /** A result without server metrics and without harness health (imported, or built from records alone). */
    public EndpointResult(Deployment deployment, RunInfo run, JobStats job, Map<Metric, MetricStats> metrics,
                          List<RequestRecord> records, List<String> warnings) {
        this(deployment, run, job, metrics, records, warnings, ServerMetrics.none(), Optional.empty());
    }

    /** A result with server metrics, without harness health. */
    public EndpointResult(Deployment deployment, RunInfo run, JobStats job, Map<Metric, MetricStats> metrics,
                          List<RequestRecord> records, List<String> warnings, ServerMetrics serverMetrics) {
        this(deployment, run, job, metrics, records, warnings, serverMetrics, Optional.empty());
    }

    /** A result with harness health, without server metrics. */
    public EndpointResult(Deployment deployment, RunInfo run, JobStats job, Map<Metric, MetricStats> metrics,
                          List<RequestRecord> records, List<String> warnings, Optional<HarnessHealth> health) {
        this(deployment, run, job, metrics, records, warnings, ServerMetrics.none(), health);
    }

    /** A result with the given harness health, without server metrics. */
    public EndpointResult(Deployment deployment, RunInfo run, JobStats job, Map<Metric, MetricStats> metrics,
                          List<RequestRecord> records, List<String> warnings, HarnessHealth health) {
        this(deployment, run, job, metrics, records, warnings, ServerMetrics.none(), Optional.of(health));
    }

    /**
     * Summarises request records into a result: every metric of {@link Metric}, the job-level
     * figures, goodput against the given per-request SLOs and warnings.
     */
    public static EndpointResult of(Deployment deployment, RunInfo run, List<RequestRecord> records, List<Slo> slos) {
        return ResultAggregator.aggregate(deployment, run, records, slos);
    }

    /** This result with other request records (e.g. none, to store a summary only); everything else kept. */
    public EndpointResult withRecords(List<RequestRecord> replacement) {
        return new EndpointResult(deployment, run, job, metrics, replacement, warnings, serverMetrics, health);
    }

    /** This result with other run information (e.g. more labels, see {@link RunInfo#withLabels}); everything else kept. */
    public EndpointResult withRun(RunInfo replacement) {
        return new EndpointResult(deployment, replacement, job, metrics, records, warnings, serverMetrics, health);
    }

    /** This result under another deployment (e.g. renamed for a report); everything else kept. */
    public EndpointResult withDeployment(Deployment replacement) {
        return new EndpointResult(replacement, run, job, metrics, records, warnings, serverMetrics, health);
    }

    /** This result with other warnings; everything else kept. */
    public EndpointResult withWarnings(List<String> replacement) {
        return new EndpointResult(deployment, run, job, metrics, records, replacement, serverMetrics, health);
    }

    /** This result with the servers' metrics; everything else kept. */
    public EndpointResult withServerMetrics(ServerMetrics replacement) {
        return new EndpointResult(deployment, run, job, metrics, records, warnings, replacement, health);
    }

    /** The endpoint's name. */
    public String name() {
        return deployment.name();
    }

    /** A metric's distribution; {@link MetricStats#empty} when it has no samples. */
    public MetricStats metric(Metric metric) {
        MetricStats s = metrics.get(metric);
        return s == null ? MetricStats.empty(metric) : s;
    }
}
