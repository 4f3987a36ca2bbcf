package io.llmbench.core.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Load;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestMatrixTest {
    /** 2 x 3 x 2 x 2 x 2 x 4 x 2 x 2 = 768 cells. */
    static TestMatrix sample() {
        return TestMatrix.builder()
                .models("llama-8b", "qwen-7b")
                .hardware("H100", "A100", "L40S")
                .gpuCounts(1, 2)
                .engines("vllm", "sglang")
                .quantizations("bf16", "fp8")
                .concurrencies(1, 4, 16, 64)
                .inputTokens(128, 1024)
                .outputTokens(128, 512)
                .build();
    }

    /** The 9,216-cell matrix of one model used in the performance figures. */
    static TestMatrix large() {
        return TestMatrix.builder()
                .name("perf")
                .models("llama-3.1-8b")
                .hardware("H100", "H200", "A100", "L40S")
                .gpuCounts(1, 2, 4, 8)
                .engines("vllm", "sglang", "tgi")
                .quantizations("bf16", "fp8", "awq", "gptq")
                .concurrencies(1, 2, 4, 8, 16, 32, 64, 128)
                .inputTokens(128, 512, 2048)
                .outputTokens(128, 512)
                .build();
    }

    @Test
    void enumeratesTheCartesianProductInOrder() {
        TestMatrix m = sample();
        assertThat(m.productSize()).isEqualTo(768);
        assertThat(m.size()).isEqualTo(768);
        assertThat(m.dimensions()).containsExactly("model", "hardware", "gpus", "engine", "quant", "traffic", "in", "out");
        MatrixCell first = m.cells().get(0);
        assertThat(first.key()).isEqualTo("model=llama-8b,hardware=H100,gpus=1,engine=vllm,quant=bf16,concurrency=1,in=128,out=128");
        assertThat(m.cells().get(1).key()).endsWith("in=128,out=512");
        assertThat(m.cells().get(767).key())
                .isEqualTo("model=qwen-7b,hardware=L40S,gpus=2,engine=sglang,quant=fp8,concurrency=64,in=1024,out=512");
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < m.size(); i++) {
            assertThat(m.cells().get(i).index()).isEqualTo(i);
            keys.add(m.cells().get(i).key());
        }
        assertThat(keys).hasSize(768);
    }

    @Test
    void cellsExposeTypedValuesLoadAndWorkload() {
        MatrixCell c = sample().cells().get(100);
        assertThat(c.model()).isEqualTo("llama-8b");
        assertThat(c.gpuCount()).isIn(1, 2);
        assertThat(c.traffic()).isPresent();
        assertThat(c.load().traffic()).isEqualTo(c.traffic().orElseThrow());
        assertThat(c.workload().prompt(0).declaredInputTokens()).isEqualTo(c.inputTokens());
        assertThat(c.workload().prompt(0).maxTokens()).isEqualTo(c.outputTokens());
        assertThat(c.value("hardware")).contains(c.hardware());
        assertThat(c.value("rate")).isEmpty();
        assertThat(c.runLabels()).containsEntry("engine", c.engine()).containsEntry("quant", c.quantization());

        MatrixCell rate = TestMatrix.builder().rates(0.5, 2).sequential().build().cells().get(0);
        assertThat(rate.key()).isEqualTo("rate=0.5");
        assertThat(rate.load().arrival()).isEqualTo(Load.Arrival.POISSON);
        assertThat(rate.load().rate()).isEqualTo(0.5);
        assertThat(rate.gpuCount()).isZero();
        assertThatThrownBy(rate::workload).isInstanceOf(IllegalStateException.class).hasMessageContaining("rate=0.5");
        assertThat(TestMatrix.builder().rates(0.5, 2).sequential().build().cells())
                .extracting(MatrixCell::key).containsExactly("rate=0.5", "rate=2", "sequential=1");
        assertThatThrownBy(() -> TestMatrix.builder().models("m").build().cells().get(0).load())
                .isInstanceOf(IllegalStateException.class).hasMessage("cell model=m has no traffic dimension (concurrency, rate or sequential)");
    }

    @Test
    void keysAreCanonicalEscapedAndIndependentOfBuilderCallOrder() {
        TestMatrix a = TestMatrix.builder().name("night,ly").label("zeta", "z=1").label("alpha", "a%b").models("m,1")
                .concurrencies(8).build();
        TestMatrix b = TestMatrix.builder().concurrencies(8).models("m,1").label("alpha", "a%b").label("zeta", "z=1")
                .name("night,ly").build();
        assertThat(a.cells().get(0).key()).isEqualTo("matrix=night%2Cly,model=m%2C1,concurrency=8,alpha=a%25b,zeta=z%3D1");
        assertThat(b.cells()).isEqualTo(a.cells());
        assertThat(TestMatrix.builder().models("tab\there", "ü").build().cells()).extracting(MatrixCell::key)
                .containsExactly("model=tab%09here", "model=ü");
    }

    @Test
    void filtersWithIncludeAndExclude() {
        TestMatrix m = TestMatrix.builder()
                .hardware("H100", "A100").quantizations("bf16", "fp8").concurrencies(1, 8)
                .exclude(TestMatrix.where("hardware", "A100").and(TestMatrix.where("quant", "fp8")))
                .build();
        assertThat(m.productSize()).isEqualTo(8);
        assertThat(m.size()).isEqualTo(6);
        assertThat(m.cells()).noneMatch(c -> c.hardware().equals("A100") && c.quantization().equals("fp8"));

        TestMatrix inc = TestMatrix.builder().inputTokens(128, 2048).outputTokens(128, 2048)
                .include(c -> c.inputTokens() == c.outputTokens())
                .include(TestMatrix.where("in", 2048).and(TestMatrix.where("out", 128)))
                .exclude(TestMatrix.where("in", 128))
                .build();
        assertThat(inc.cells()).extracting(MatrixCell::key).containsExactly("in=2048,out=128", "in=2048,out=2048");
        assertThat(inc.cells()).extracting(MatrixCell::index).containsExactly(0, 1);
        assertThat(inc.cell("in=2048,out=128")).isPresent();
        assertThat(inc.cell("in=128,out=128")).isEmpty();
        assertThat(TestMatrix.builder().rates(0.5, 1).build().cells().stream().filter(TestMatrix.where("rate", 1.0)))
                .extracting(MatrixCell::key).containsExactly("rate=1");
    }

    @Test
    void shardsPartitionTheCellsExactlyAndEvenly() {
        TestMatrix m = sample();
        for (int n = 1; n <= 17; n++) {
            Set<String> union = new HashSet<>();
            int total = 0;
            int smallest = Integer.MAX_VALUE;
            int largest = 0;
            for (int i = 0; i < n; i++) {
                List<MatrixCell> shard = m.shard(i, n);
                total += shard.size();
                smallest = Math.min(smallest, shard.size());
                largest = Math.max(largest, shard.size());
                shard.forEach(c -> union.add(c.key()));
                for (int k = 1; k < shard.size(); k++) {
                    assertThat(shard.get(k).index()).isGreaterThan(shard.get(k - 1).index());
                }
            }
            assertThat(total).as("cells over %d shards", n).isEqualTo(m.size());
            assertThat(union).as("distinct cells over %d shards", n).hasSize(m.size());
            assertThat(largest - smallest).as("imbalance over %d shards", n).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void shardingIsDeterministicAcrossInstancesAndSpreadsExpensiveValues() {
        TestMatrix a = sample();
        TestMatrix b = sample();
        for (int i = 0; i < 4; i++) {
            assertThat(b.shard(i, 4)).isEqualTo(a.shard(i, 4));
        }
        // 2 output sizes and 2 shards: plain round-robin over the enumeration would put all out=512 cells in one shard
        for (int i = 0; i < 2; i++) {
            long large = a.shard(i, 2).stream().filter(c -> c.outputTokens() == 512).count();
            assertThat(large).isBetween(160L, 224L);
        }
        // 4 concurrency levels and 4 shards
        for (int i = 0; i < 4; i++) {
            long c64 = a.shard(i, 4).stream().filter(c -> c.load().concurrency() == 64).count();
            assertThat(c64).isBetween(30L, 66L);
        }
    }

    @Test
    void largeMatrixEnumeratesAndShards() {
        TestMatrix m = large();
        assertThat(m.size()).isEqualTo(9216);
        List<MatrixCell> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.addAll(m.shard(i, 8));
        }
        assertThat(new HashSet<>(all)).hasSize(9216);
    }

    @Test
    void rejectsBadDimensionsNamingTheRule() {
        assertThatThrownBy(() -> TestMatrix.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("test matrix must define at least one dimension, but defines none");
        assertThatThrownBy(() -> TestMatrix.builder().gpuCounts(0)).hasMessage("gpus values must be >= 1, but one was 0");
        assertThatThrownBy(() -> TestMatrix.builder().models("a", "a")).hasMessage("model values must be distinct, but 'a' appears twice");
        assertThatThrownBy(() -> TestMatrix.builder().engines()).hasMessage("engine values must not be empty");
        assertThatThrownBy(() -> TestMatrix.builder().hardware(" ")).hasMessage("hardware values must not be blank, but one was ' '");
        assertThatThrownBy(() -> TestMatrix.builder().rates(-1)).hasMessage("rate values must be finite numbers > 0, but one was -1.0");
        assertThatThrownBy(() -> TestMatrix.builder().concurrencies(4, 4)).hasMessage("concurrency values must be distinct, but 4 appears twice");
        assertThatThrownBy(() -> TestMatrix.builder().label("model", "x")).hasMessageContaining("label name must not be one of").hasMessageEndingWith("but was 'model'");
        assertThatThrownBy(() -> TestMatrix.builder().label("a b", "x")).hasMessage("label name must match [A-Za-z0-9_.\\-]+, but was 'a b'");
        assertThatThrownBy(() -> sample().shard(4, 4)).hasMessage("shard index must be in [0, 4), but was 4");
        assertThatThrownBy(() -> sample().shard(0, 0)).hasMessage("shard count must be >= 1, but was 0");
        int[] many = new int[1000];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 1;
        }
        assertThatThrownBy(() -> TestMatrix.builder().gpuCounts(many).concurrencies(many).inputTokens(many).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most 10000000 cells");
    }
}
