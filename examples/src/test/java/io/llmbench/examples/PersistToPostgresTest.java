package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.Metric;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import org.junit.jupiter.api.Test;

class PersistToPostgresTest {
    @Test
    void savesTwoRunsWithRecordsAndReadsThemBackFromAFreshConnection() {
        Postgres.assumeReachable();
        String schema = Postgres.newSchema("llmbench_persist");
        try {
            Out out = new Out();
            PersistToPostgres.Outcome o = PersistToPostgres.run(new String[] {"--store", Postgres.URL, "--schema", schema,
                    "--db-user", Postgres.USER, "--requests", "10"}, out.stream);

            assertThat(o.runIds()).hasSize(2);
            assertThat(o.model().runCount()).isEqualTo(2);
            assertThat(o.runs()).hasSize(2).allSatisfy(r -> assertThat(r.recordCount()).isEqualTo(10));
            assertThat(o.recordsRead()).isEqualTo(10);
            assertThat(o.merged().get(Metric.E2E).count()).isEqualTo(20);

            // a new store over the same schema sees the same runs, histograms included
            try (ResultStore again = Stores.open(Postgres.URL, schema, Postgres.USER)) {
                assertThat(again.runs(RunQuery.ofModel("sim-8b"))).extracting(StoredRun::id).containsExactlyInAnyOrderElementsOf(o.runIds());
                StoredRun r = again.findWithRecords(o.runIds().get(1)).orElseThrow();
                assertThat(r.result().run().traffic().level()).isEqualTo(8);
                assertThat(r.result().records()).hasSize(10);
                assertThat(r.result().deployment().hardware()).isEqualTo("H100-80GB");
                assertThat(again.merge(o.runIds()).get(Metric.TTFT).p95()).isEqualTo(o.merged().get(Metric.TTFT).p95());
            }
            assertThat(out.text()).contains("merged over both runs: 20 requests");
        } finally {
            Postgres.dropSchema(schema);
        }
    }
}
