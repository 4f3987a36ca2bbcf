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
import java.util.TreeMap;
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

    @Test
    void loadsTheNimLayoutInMilliseconds(@TempDir Path dir) throws IOException {
        Map<String, Map<String, List<Observation>>> ds = new TreeMap<>();
        ModelAccuracy.load(nimFile(dir), ds);
        List<Observation> group = ds.get("nim.csv (GenAI-Perf NIM sweep)").get("llama H100 x1 fp8");
        assertThat(group).hasSize(12);
        Observation first = group.get(0);
        assertThat(first.value(Measure.TTFT).getAsDouble()).isCloseTo(0.2 * 200 * 1.1, within(1e-9));
        assertThat(first.value(Measure.TPOT).getAsDouble()).isCloseTo(10.2, within(1e-9));
        // user TPS in llmbench's definition: output / (e2e - ttft)
        assertThat(first.value(Measure.USER_TPS).getAsDouble()).isCloseTo(1000 * 200 / (199 * 10.2), within(1e-9));
        assertThat(first.source()).isEqualTo("nim.csv:2");
    }

    @Test
    void printsATableRowPerPredictorAndMeasure(@TempDir Path dir) throws IOException {
        Map<String, Map<String, List<Observation>>> ds = new TreeMap<>();
        ModelAccuracy.load(nimFile(dir), ds);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelAccuracy.run(ds, List.of("linear", "knn"), 0.9, 1, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("12 observations in 1 groups");
        assertThat(out).contains("| linear | ttft | 12 |").contains("| knn(k=2) | request_throughput | 12 |");
    }

    @Test
    void splitsQuotedCells() {
        assertThat(ModelAccuracy.split("a,\"b,c\",\"d\"\"e\",")).containsExactly("a", "b,c", "d\"e", "");
    }
}
