package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a running benchmark: the tool cancels, saves what it measured, and exits. Ctrl-C
 * while a store is set up for the first time: one line, and the store is usable afterwards.
 */
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void sigintDuringFirstTimeStoreSetupPrintsOneLineAndLeavesTheStoreUsable() throws Exception {
        Path csv = tmp.resolve("summary.csv");
        Files.writeString(csv, StoreCommandsTest.SUMMARY_HEADER + "\n" + StoreCommandsTest.SUMMARY_ROW + "\n");
        for (long delayMillis : new long[] {0, 150}) {
            Path dir = Files.createDirectories(tmp.resolve("trial-" + delayMillis));
            Path store = dir.resolve("fresh");
            Process child = new ProcessBuilder(java(), "-cp", classPath(), Llmbench.class.getName(), "import", csv.toString(),
                    "--store", store.toString()).redirectErrorStream(true).start();
            // the store's setup has begun once its file (or the hidden file it is built in) exists
            while (child.isAlive() && !setupStarted(dir)) {
                Thread.sleep(1);
            }
            Thread.sleep(delayMillis);
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(child.exitValue()).as(output).isEqualTo(130);
            assertThat(output.lines().toList()).as("delay %d ms", delayMillis).singleElement().asString().startsWith("interrupted");
            assertThat(output).doesNotContain("\tat ").doesNotContain("Exception");
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())).as("left behind").noneMatch(n -> n.contains(".creating-"));
            }
            Cli.Result again = Cli.run("import", csv.toString(), "--store", store.toString());
            assertThat(again.code()).as(again.toString()).isZero();
            try (ResultStore s = ResultStore.h2File(store)) {
                assertThat(s.count(RunQuery.all())).isEqualTo(1);
            }
        }
    }

    private static boolean setupStarted(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".mv.db"));
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

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
