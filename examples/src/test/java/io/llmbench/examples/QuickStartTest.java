package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
    @TempDir
    Path tmp;

    @Test
    void benchmarksTheSimulatedEndpointAndWritesTheReport() throws Exception {
        Path report = tmp.resolve("quick.html");
        Out out = new Out();
        EndpointResult r = QuickStart.run(new String[] {"--requests", "12", "--concurrency", "4", "--report", report.toString()}, out.stream);

        assertThat(r.job().requests()).isEqualTo(12);
        assertThat(r.job().succeeded()).isEqualTo(12);
        assertThat(r.job().outputTokens()).as("synthetic workload forces 128 output tokens per request").isEqualTo(12 * 128);
        assertThat(r.metric(Metric.TTFT).count()).isEqualTo(12);
        assertThat(Files.readString(report)).contains("quickstart").contains("<html");
        assertThat(out.text()).contains("quickstart").contains("report: " + report.toAbsolutePath());
    }

    @Test
    void benchmarksTheServerGivenByUrl() {
        try (SimulatedEndpoint server = SimulatedEndpoint.builder().model("other-model").timing(MatrixShardWorker.FAST).start()) {
            EndpointResult r = QuickStart.run(new String[] {"--url", server.baseUrl(), "--model", "other-model", "--requests", "5",
                    "--report", tmp.resolve("r.html").toString()}, new Out().stream);

            assertThat(r.job().succeeded()).isEqualTo(5);
            assertThat(r.deployment().model()).isEqualTo("other-model");
            assertThat(server.traces()).as("5 measured + 4 warm-up requests reached the given server").hasSize(9);
        }
    }

    @Test
    void rejectsUnknownOptionsNamingThem() {
        assertThatThrownBy(() -> QuickStart.run(new String[] {"--request", "5"}, new Out().stream))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'--request'").hasMessageContaining("--requests");
        assertThatThrownBy(() -> QuickStart.run(new String[] {"--requests", "0"}, new Out().stream))
                .hasMessage("option --requests must be an integer >= 1, but was 0");
    }
}
