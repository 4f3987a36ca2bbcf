/**
 * Predicting performance for workloads nobody measured, estimating time and cost, ranking and
 * choosing deployments.
 *
 * <p>Usage first:
 * <pre>{@code
 * List<Observation> runs = results.stream().map(Observation::from).toList();   // one deployment's runs
 * FittedModel model = Predictor.auto().fit(runs);
 * Prediction p = model.predict(Point.atConcurrency(2048, 256, 32));
 * p.value(Measure.TTFT);                 // ttft=412 [371, 458] ms medium: value, 90% interval, its confidence
 * p.confidence();                        // the lowest of the values': HIGH, MEDIUM or LOW
 * p.reason();                            // "extrapolated to concurrency 32; measured up to 16"
 * model.predict(Point.atRate(2048, 256, 3.5)).saturation();   // a rate: Little's law, capped throughput, saturation
 *
 * AccuracyReport acc = Evaluation.leaveOneOut(Predictor.auto(), runs);   // which predictor to trust
 * Predictor.named("knn");                                                 // by the names users type
 *
 * TimeEstimate t = Estimates.timeToProcess(BatchJob.of(100_000, 2048, 256, 32), Candidate.of("h100", model));
 * List<Comparison> cmp = Estimates.compare(job, candidates);                // fastest first, speed-up vs slowest
 * List<Ranked> best = Topsis.rank(alternatives, List.of(Criterion.of(Measure.TTFT, 2), Criterion.of(Measure.OUTPUT_THROUGHPUT, 1)));
 * RecommendationResult rec = Recommender.builder().slo(Slo.of(Metric.TTFT, 500)).build().recommend(alternatives);
 * rec.recommended().get(0).atRisk();     // SLOs its interval crosses; rec.rejected(): value, interval, confidence
 * }</pre>
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null} unless its Javadoc says so; look-ups that
 * may find nothing return {@link java.util.Optional}.
 *
 * <p><b>Units:</b> latencies in milliseconds, token rates in tokens per second, request rates in
 * requests per second, durations in seconds unless a method returns {@link java.time.Duration}, errors
 * and coverages as fractions (0.05 = 5%). Each {@link io.llmbench.model.Measure} states its unit.
 *
 * <p><b>Threads:</b> predictors, fitted models, predictions and every result record are immutable
 * and thread-safe; builders are not.
 */
package io.llmbench.model;
