package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelAccuracyTest {
    private static final String NIM_HEADER = "task_inputs-model,task_inputs-execution_type,task_inputs-GPU,task_inputs-n_gpus,"
            + "task_inputs-precision,request_throughput-unit,request_throughput-avg,request_latency-unit,request_latency-avg,"
            + "request_latency-p95,time_to_first_token-unit,time_to_first_token-avg,time_to_first_token-p95,inter_token_latency-unit,"
            + "inter_token_latency-avg,inter_token_latency-p95,output_token_throughput-unit,output_token_throughput-avg,"
            + "output_token_throughput_per_request-unit,output_token_throughput_per_request-avg,output_token_throughput_per_request-p95,"
            + "num_output_token-unit,num_output_token-avg,num_output_token-p95,num_input_token-unit,num_input_token-avg,"
            + "num_input_token-p95,input_config-model,input_config-backend,input_config-extra_inputs-max_tokens,"
            + "input_config-stability_percentage,input_config-concurrency,input_config-synthetic_input_tokens_mean,"
            + "input_config-synthetic_input_tokens_stddev,input_config-output_tokens_mean";

    /** A synthetic sweep in the GenAI-Perf NIM layout: times in ns, e2e = ttft + (osl - 1)·itl. */
    private static Path nimFile(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder(NIM_HEADER).append('\n');
        for (int in : new int[] {200, 2000}) {
            for (int out : new int[] {200, 1000}) {
                for (int c : new int[] {1, 4, 16}) {
                    double ttftMs = 0.2 * in * (1 + 0.1 * c);
                    double itlMs = 10 * (1 + 0.02 * c);
                    double e2eMs = ttftMs + (out - 1) * itlMs;
                    double rps = c / (e2eMs / 1000);
                    sb.append(String.join(",", "llama", "NIM", "H100", "1", "fp8", "requests/sec", Double.toString(rps), "ns",
                            Double.toString(e2eMs * 1e6), "0", "ns", Double.toString(ttftMs * 1e6), "0", "ns", Double.toString(itlMs * 1e6),
                            "0", "tokens/sec", Double.toString(rps * out), "tokens/sec", "0", "0", "tokens", Integer.toString(out), "0",
                            "tokens", Integer.toString(in), "0", "llama", "trt", Integer.toString(out), "999", Integer.toString(c),
                            Integer.toString(in), "0", Integer.toString(out))).append('\n');
                }
            }
        }
        Path f = dir.resolve("nim.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    private static Map<String, Map<String, List<Observation>>> read(Path p) {
        AccuracyData d = new AccuracyData(s -> { });
        d.read(p);
        return d.sets();
    }

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelAccuracy.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void loadsTheNimLayoutInMilliseconds(@TempDir Path dir) throws IOException {
        List<Observation> group = read(nimFile(dir)).get("nim.csv (GenAI-Perf NIM sweep)").get("llama H100 x1 fp8");
        assertThat(group).hasSize(12);
        Observation first = group.get(0);
        assertThat(first.value(Measure.TTFT).getAsDouble()).isCloseTo(0.2 * 200 * 1.1, within(1e-9));
        assertThat(first.value(Measure.TPOT).getAsDouble()).isCloseTo(10.2, within(1e-9));
        // user TPS in llmbench's definition: output / (e2e - ttft)
        assertThat(first.value(Measure.USER_TPS).getAsDouble()).isCloseTo(1000 * 200 / (199 * 10.2), within(1e-9));
        assertThat(first.source()).isEqualTo("nim.csv:2");
    }

    @Test
    void printsTablesPerSplitPredictorAndConfidenceWord(@TempDir Path dir) throws IOException {
        Run r = run("--threads", "1", "--predictors", "linear,knn", "--splits", "leave-one-out,upper-traffic", nimFile(dir).toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("nim.csv (GenAI-Perf NIM sweep): leave-one-out (12 runs in 1 deployments, 90% intervals)")
                .contains("nim.csv (GenAI-Perf NIM sweep): upper half of traffic levels from the lower half (12 runs in 1 deployments")
                .contains("| linear | ttft | 12 |").contains("| knn(k=2) | request_throughput | 12 |")
                .contains("| predictor | measure | HIGH | MEDIUM | LOW |");
        // concurrency 1, 4, 16: the upper half (16) is predicted from 1 and 4, four runs
        assertThat(r.out()).contains("| linear | ttft | 4 |");
    }

    @Test
    void anUnreadablePathEndsWithAMessageNamingIt(@TempDir Path dir) throws IOException {
        Run missing = run(dir.resolve("nope.csv").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read " + dir.resolve("nope.csv") + ": no such file or directory");
        Path other = Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
        Run unknown = run(other.toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains(other + ": header matches none of the formats");
        Run badOption = run("--splits", "sideways", other.toString());
        assertThat(badOption.code()).isEqualTo(2);
        assertThat(badOption.err()).contains("--splits must be among leave-one-out, upper-traffic, longest-input, longest-output, but was 'sideways'");
    }

    @Test
    void inADirectoryFilesOfNoKnownFormatArePassedOverWithANote(@TempDir Path dir) throws IOException {
        nimFile(dir);
        Files.writeString(dir.resolve("notes.csv"), "a,b\n1,2\n");
        Run r = run("--predictors", "linear", "--splits", "leave-one-out", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("note: " + dir.resolve("notes.csv") + ": not a format ModelAccuracy reads; passed over");
    }

    @Test
    void readsTheGenericLongFormat(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("deployment.model,deployment.gpu,input_tokens,output_tokens,concurrency,rate,ttft_ms,e2e_s,"
                + "output_throughput,request_throughput,comment\n");
        for (int c : new int[] {1, 2, 4, 8}) {
            double e2e = 1 + 0.1 * c;
            sb.append("llama,h100,512,128,").append(c).append(",,").append(50 + 5 * c).append(',').append(e2e).append(',')
                    .append(c * 128 / e2e).append(',').append(c / e2e).append(",x\n");
        }
        sb.append("llama,a100,512,128,,2.5,80,1.5,,,\n").append("llama,a100,512,128,,5,90,1.7,,,\n");
        Path f = Files.writeString(dir.resolve("mine.csv"), sb.toString());
        AccuracyData d = new AccuracyData(s -> { });
        List<String> notes = new java.util.ArrayList<>();
        new AccuracyData(notes::add).read(f);
        assertThat(notes).containsExactly("note: " + f + ": columns [comment] are not part of the long format; ignored");
        d.read(f);
        Map<String, List<Observation>> groups = d.sets().get("long format: mine.csv");
        assertThat(groups).containsOnlyKeys("llama h100", "llama a100");
        Observation h = groups.get("llama h100").get(1);
        assertThat(h.point()).isEqualTo(io.llmbench.model.Point.atConcurrency(512, 128, 2));
        assertThat(h.value(Measure.E2E).getAsDouble()).isCloseTo(1200, within(1e-9));   // seconds to milliseconds
        assertThat(h.value(Measure.TTFT).getAsDouble()).isEqualTo(60);
        Observation a = groups.get("llama a100").get(0);
        assertThat(a.point()).isEqualTo(io.llmbench.model.Point.atRate(512, 128, 2.5));
        assertThat(a.has(Measure.OUTPUT_THROUGHPUT)).isFalse();
    }

    @Test
    void aLongFormatRowWithBothTrafficsIsAnErrorNamingTheLine(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.csv"), "deployment,input_tokens,output_tokens,concurrency,rate,ttft_ms\nx,10,10,4,2,50\n");
        Run r = run(f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(f + " line 2: exactly one of concurrency and rate must be given, but both were");
    }

    @Test
    void readsGenAiPerfProfileExportsAsAConcurrencySweep() {
        Path dir = Path.of("/work/shared/datasets/peer-results/genai-perf");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "the shared data sets are not on this machine");
        List<Observation> sweep = read(dir).get("GenAI-Perf profile exports (genai-perf)").get("genai-perf");
        assertThat(sweep).extracting(o -> o.point().traffic().level()).containsExactlyInAnyOrder(1.0, 10.0, 100.0, 250.0);
        Observation c10 = sweep.stream().filter(o -> o.point().traffic().level() == 10).findFirst().orElseThrow();
        assertThat(c10.value(Measure.TTFT).getAsDouble()).isEqualTo(135.87);   // SOURCES.md: TTFT avg 135.87 ms at concurrency 10
        assertThat(c10.value(Measure.OUTPUT_THROUGHPUT).getAsDouble()).isEqualTo(668.94);
    }

    @Test
    void splitsQuotedCells() {
        assertThat(AccuracyData.split("a,\"b,c\",\"d\"\"e\",")).containsExactly("a", "b,c", "d\"e", "");
    }
}
