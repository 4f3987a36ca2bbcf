package io.llmbench.store;

import io.llmbench.core.EndpointResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

public class ScratchModels {
    public static void main(String[] args) throws Exception {
        Path file = Path.of("/tmp/scratch/models");
        boolean exists = Files.exists(Path.of("/tmp/scratch/models.mv.db"));
        try (ResultStore s = ResultStore.h2File(file)) {
            if (!exists) {
                List<EndpointResult> many = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    many.add(TestRuns.builder().model("model-" + (i % 50)).records(20).seed(i)
                            .startedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)).build());
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < 10_000; i++) {
                    s.save(many.get(i % many.size()));
                }
                System.out.printf("fill %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            Jdbi raw = Jdbi.create("jdbc:h2:file:/tmp/scratch/models;AUTO_SERVER=TRUE", "sa", "");
            String[] queries = {
                "SELECT model, COUNT(*) AS run_count, MAX(started_at) AS latest FROM llmbench_run GROUP BY model",
                "SELECT r.run_pk, g.run_count FROM llmbench_run r JOIN (SELECT model, COUNT(*) AS run_count, MAX(started_at) AS latest FROM llmbench_run GROUP BY model) g ON r.model = g.model AND r.started_at = g.latest ORDER BY r.model, r.run_pk DESC",
            };
            for (String q : queries) {
                time("query " + q.substring(0, 60), () -> raw.withHandle(h -> h.createQuery(q).mapToMap().list()));
            }
            time("models()", s::models);
        }
    }

    static void time(String name, Runnable r) {
        for (int i = 0; i < 100; i++) r.run();
        double[] ms = new double[300];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-70s median %.2f ms p99 %.2f ms%n", name, ms[150], ms[297]);
    }
}
