package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.Slo;
import io.llmbench.model.Alternative;
import io.llmbench.model.Constraint;
import io.llmbench.model.Measure;
import io.llmbench.model.Recommendation;
import io.llmbench.model.Rejection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecommendUnderSlosTest {
    @Test
    void recommendsDeploymentsWhosePredictionsMeetTheSlosMarksThoseAtRiskAndRanksByTopsis() {
        Out out = new Out();
        RecommendUnderSlos.Outcome o = RecommendUnderSlos.run(new String[] {"--requests", "12"}, out.stream);

        assertThat(o.models()).containsOnlyKeys("small-gpu", "mid-gpu", "big-gpu");
        Map<String, Alternative> byName = o.alternatives().stream().collect(Collectors.toMap(Alternative::name, a -> a));
        // every deployment is either recommended or rejected
        assertThat(o.result().recommended().size() + o.result().rejected().size()).isEqualTo(3);

        // the recommended meet every SLO at their predicted value; those whose interval crosses one are marked at risk
        for (Recommendation r : o.result().recommended()) {
            for (Slo slo : o.slos()) {
                Measure m = Measure.of(slo.metric());
                Constraint c = Constraint.of(slo);
                assertThat(c.isMetBy(byName.get(r.name()).values().get(m))).as("%s %s", r.name(), slo).isTrue();
                boolean crosses = !c.isMetBy(byName.get(r.name()).pessimistic().get(m));
                assertThat(r.atRisk().stream().anyMatch(k -> k.constraint().equals(c))).as("%s %s at risk", r.name(), slo).isEqualTo(crosses);
            }
        }
        // each rejection names a constraint its predicted value misses, with the value, interval and confidence
        for (Rejection r : o.result().rejected()) {
            double v = byName.get(r.name()).values().get(r.violated().measure());
            assertThat(r.violated().isMetBy(v)).isFalse();
            assertThat(r.value()).isEqualTo(v);
            assertThat(r.check().confidence()).isNotNull();
            assertThat(out.text()).contains("rejected: " + r);
        }
        // small-gpu (30 ms + 0.15 ms per prompt token of prefill: ~88 ms alone, more with 4 in flight) cannot meet TTFT <= 80 ms
        assertThat(o.result().rejected()).extracting(Rejection::name).contains("small-gpu");
        // ranks follow the TOPSIS score
        List<Double> scores = o.result().recommended().stream().map(Recommendation::score).toList();
        assertThat(scores).isSortedAccordingTo((x, y) -> Double.compare(y, x));
        assertThat(o.result().recommended()).as(out.text()).isNotEmpty();
        assertThat(out.text()).contains("recommended #1: " + o.result().recommended().get(0).name());
    }
}
