package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.report.ImportMode;
import io.llmbench.report.ImportOptions;
import io.llmbench.report.ImportResult;
import io.llmbench.report.SummaryCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareEndpointsTest {
    @TempDir
    Path tmp;

    private static java.util.Map<Long, String> promptsBySequence(EndpointResult r) {
        java.util.Map<Long, String> m = new java.util.TreeMap<>();
        r.records().forEach(rec -> m.put(rec.sequence(), rec.prompt().id()));
        return m;
    }

    @Test
    void comparesTwoEndpointsOnTheSameRequestsAndNamesTheWinners() throws Exception {
        Out out = new Out();
        CompareEndpoints.Outcome o = CompareEndpoints.run(new String[] {"--requests", "24", "--concurrency", "4", "--out", tmp.toString()},
                out.stream);

        EndpointResult a = o.result().endpoint("fast-prefill");
        EndpointResult b = o.result().endpoint("fast-decode");
        assertThat(a.job().requests()).isEqualTo(24).isEqualTo(b.job().requests());
        assertThat(a.job().outputTokens()).isEqualTo(b.job().outputTokens()).isEqualTo(24 * 64);
        // the same prompts in the same order
        assertThat(promptsBySequence(a)).isEqualTo(promptsBySequence(b)).hasSize(24);

        // fast-prefill has ~5 ms prefill against ~30 ms; fast-decode ~1.6 ms steps against ~4 ms
        assertThat(o.winners()).containsEntry(Metric.TTFT, "fast-prefill").containsEntry(Metric.TPOT, "fast-decode")
                .containsEntry(Metric.USER_TPS, "fast-decode");
        assertThat(out.text()).contains("ttft      best p50: fast-prefill").contains("tpot      best p50: fast-decode");

        ImportResult<EndpointResult> csv = SummaryCsv.read(o.summaryCsv(), ImportOptions.of(ImportMode.ALL_OR_NOTHING));
        assertThat(csv.rows()).hasSize(2);
        assertThat(Files.readAllLines(o.summaryCsv()).get(0)).isEqualTo(String.join(",", SummaryCsv.COLUMNS));
        assertThat(Files.readString(o.report())).contains("fast-prefill").contains("fast-decode");
    }
}
