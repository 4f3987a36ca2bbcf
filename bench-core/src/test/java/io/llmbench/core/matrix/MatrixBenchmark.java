package io.llmbench.core.matrix;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark program (not a test): how long enumerating, filtering and sharding a 9,216-cell
 * matrix of one model takes. Run from {@code bench-core} after {@code mvn test-compile}:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.llmbench.core.MatrixBenchmark
 * </pre>
 * where {@code target/cp.txt} comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=target/cp.txt}.
 */
public final class MatrixBenchmark {
    private MatrixBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        // a fresh JVM's first build is what a shard process pays once: report it separately
        long t0 = System.nanoTime();
        TestMatrix cold = TestMatrixTest.large();
        List<MatrixCell> coldShard = cold.shard(3, 8);
        long coldNanos = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "cold (first in JVM): build %d cells + shard 3/8 (%d cells): %.1f ms%n",
                cold.size(), coldShard.size(), coldNanos / 1e6);

        double[] build = new double[rounds];
        double[] filtered = new double[rounds];
        double[] shardAll = new double[rounds];
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long a = System.nanoTime();
            TestMatrix m = TestMatrixTest.large();
            long b = System.nanoTime();
            TestMatrix f = TestMatrix.builder()
                    .name("perf")
                    .models("llama-3.1-8b")
                    .hardware("H100", "H200", "A100", "L40S")
                    .gpuCounts(1, 2, 4, 8)
                    .engines("vllm", "sglang", "tgi")
                    .quantizations("bf16", "fp8", "awq", "gptq")
                    .concurrencies(1, 2, 4, 8, 16, 32, 64, 128)
                    .inputTokens(128, 512, 2048)
                    .outputTokens(128, 512)
                    .exclude(TestMatrix.where("engine", "tgi").and(TestMatrix.where("quant", "awq", "gptq")))
                    .exclude(c -> c.hardware().equals("L40S") && c.gpuCount() > 4)
                    .build();
            long c = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                sink += m.shard(i, 8).size();
            }
            long d = System.nanoTime();
            sink += m.size() + f.size();
            build[r] = (b - a) / 1e6;
            filtered[r] = (c - b) / 1e6;
            shardAll[r] = (d - c) / 1e6;
        }
        System.out.printf(Locale.ROOT, "warm, median of %d: enumerate 9216 cells %.2f ms; enumerate + 2 filters (-> %d cells) %.2f ms;"
                        + " all 8 shards %.2f ms (sink %d)%n",
                rounds, median(build), TestMatrixTest.large().size() == 9216 ? filteredSize() : -1, median(filtered),
                median(shardAll), sink);
    }

    private static int filteredSize() {
        return TestMatrix.builder().models("llama-3.1-8b").hardware("H100", "H200", "A100", "L40S").gpuCounts(1, 2, 4, 8)
                .engines("vllm", "sglang", "tgi").quantizations("bf16", "fp8", "awq", "gptq")
                .concurrencies(1, 2, 4, 8, 16, 32, 64, 128).inputTokens(128, 512, 2048).outputTokens(128, 512)
                .exclude(TestMatrix.where("engine", "tgi").and(TestMatrix.where("quant", "awq", "gptq")))
                .exclude(c -> c.hardware().equals("L40S") && c.gpuCount() > 4)
                .build().size();
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
