package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a running benchmark: the tool cancels, saves what it measured, and exits. */
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void sigintCancelsAndSavesWhatWasMeasured() throws Exception {
        Path store = tmp.resolve("interrupted");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, Llmbench.class.getName(), "run", "--sim", "default", "--concurrency", "4",
                "--duration", "120s", "--output-tokens", "64", "--store", store.toString(), "--no-report")
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            // progress lines come once a second: after two, requests have finished and others are in flight
            int progress = 0;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains("req/s") && ++progress == 2) {
                    new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("exited: %s", lines).isTrue();
        assertThat(lines).anyMatch(l -> l.contains("interrupted: cancelling"));
        assertThat(lines).anyMatch(l -> l.startsWith("stored 1 run"));
        try (ResultStore s = ResultStore.h2File(store)) {
            var runs = s.runs(RunQuery.all());
            assertThat(runs).hasSize(1);
            var job = runs.get(0).result().job();
            assertThat(job.succeeded()).isPositive();
            assertThat(job.failures()).containsKey(io.llmbench.core.FailureKind.CANCELLED);
        }
    }
}
