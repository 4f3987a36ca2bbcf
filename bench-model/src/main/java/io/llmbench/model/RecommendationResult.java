package io.llmbench.model;

import java.util.List;

/**
 * What {@link Recommender#recommend} found: the deployments that meet every constraint, best first
 * (at most the builder's limit; each with the constraints it is at risk of missing), and those that
 * do not, with the first constraint each failed (value, interval and confidence).
 * Immutable and thread-safe.
 *
 * @param recommended best first
 * @param rejected    in input order
 */
public record RecommendationResult(List<Recommendation> recommended, List<Rejection> rejected) {
    public RecommendationResult {
        recommended = List.copyOf(recommended);
        rejected = List.copyOf(rejected);
    }
}
