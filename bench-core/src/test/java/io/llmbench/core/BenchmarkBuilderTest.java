package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.workload.Workload;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchmarkBuilderTest {
    private static Benchmark.Builder builder() {
        return Benchmark.builder()
                .endpoints(Endpoint.openAi("http://127.0.0.1:9/v1").model("m").name("e").build())
                .workload(Workload.ofTexts("hello"));
    }

    @Test
    void buildDoesNotWriteTheDefaultRequestLimitBackIntoTheBuilder() {
        Benchmark.Builder b = builder();
        assertThat(b.build().requests()).isEqualTo(Benchmark.DEFAULT_REQUESTS);

        Benchmark byTime = b.duration(Duration.ofSeconds(5)).build();
        assertThat(byTime.requests()).as("a builder reused after build() was never given a request limit").isEqualTo(-1);
        assertThat(byTime.duration()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBenchmarkBoundByTimeOnlyKeepsNoRequestLimitThroughToBuilder() {
        Benchmark byTime = builder().duration(Duration.ofSeconds(3)).build();
        assertThat(byTime.toBuilder().build().requests()).isEqualTo(-1);
    }
}
