package io.llmbench.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The derived figures of each known server, from series built by hand. */
class ServerSummaryTest {
    private static final String URL = "http://gpu-box:8000/metrics";

    /** Series of one source scraped at 0, 1, 2, 3 s. */
    private static final class Scrapes {
        final List<ServerSeries> series = new ArrayList<>();
        long outputTokens = 1000;

        Scrapes add(String name, FamilyType type, Map<String, String> labels, double... values) {
            series.add(new ServerSeries(URL, name, type, labels, values));
            return this;
        }

        Scrapes gauge(String name, double... values) {
            return add(name, FamilyType.GAUGE, Map.of(), values);
        }

        Scrapes counter(String name, double... values) {
            return add(name, FamilyType.COUNTER, Map.of(), values);
        }

        /** A histogram whose observations between the first and last scrape fall into the given buckets. */
        Scrapes histogram(String base, double[] bounds, long[] perBucket, double sum) {
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += perBucket[i];
                add(base + "_bucket", FamilyType.HISTOGRAM, Map.of("le", Double.toString(bounds[i])), 5, 5, 5 + cumulative / 2.0, 5 + cumulative);
            }
            add(base + "_bucket", FamilyType.HISTOGRAM, Map.of("le", "+Inf"), 5, 5, 5, 5 + cumulative);
            add(base + "_count", FamilyType.HISTOGRAM, Map.of(), 5, 5, 5, 5 + cumulative);
            return add(base + "_sum", FamilyType.HISTOGRAM, Map.of(), 1, 1, 1, 1 + sum);
        }

        ServerSummary summary() {
            ScrapeSource src = new ScrapeSource(URL, new long[] {-5, 1000, 2000, 3000}, 4, 0, List.of(), 0);
            ServerMetrics m = new ServerMetrics(Duration.ofSeconds(1), List.of(src), series);
            Instant t = Instant.parse("2025-01-01T00:00:00Z");
            JobStats job = new JobStats(3, 10, 10, 0, Map.of(), 500, outputTokens, 3.3, 333, 500, 400, 10, 3.3, 0, Map.of());
            EndpointResult r = new EndpointResult(Deployment.of("x", "vllm", "llama"),
                    new RunInfo(new Traffic(Traffic.Mode.CONCURRENCY, 4), "synthetic", Map.of(), null, null, t, t), job, Map.of(), List.of(), List.of(), m);
            return ServerSummary.of(r);
        }
    }

    @Test
    void vllmGaugesAreAveragedOverScrapesAndSummedOverEngines() {
        ServerSummary s = new Scrapes()
                .add("vllm:num_requests_running", FamilyType.GAUGE, Map.of("engine", "0"), 0, 4, 8, 0)
                .add("vllm:num_requests_running", FamilyType.GAUGE, Map.of("engine", "1"), 0, 2, 2, 0)
                .gauge("vllm:num_requests_waiting", 0, 1, 3, 0)
                .gauge("vllm:kv_cache_usage_perc", 0.1, 0.5, 0.9, 0.1)
                .summary();
        assertThat(s.value("running.mean")).isEqualTo(4.0);
        assertThat(s.value("running.max")).isEqualTo(10.0);
        assertThat(s.value("waiting.max")).isEqualTo(3.0);
        assertThat(s.value("kv_cache.mean")).isCloseTo(40.0, within(1e-9));
        assertThat(s.value("kv_cache.max")).isCloseTo(90.0, within(1e-9));
        ServerTimeline running = s.timelines().get(0);
        assertThat(running.key()).isEqualTo("running");
        assertThat(running.seconds()).containsExactly(-0.005, 1.0, 2.0, 3.0);
        assertThat(running.values()).containsExactly(0.0, 6.0, 10.0, 0.0);
    }

    @Test
    void olderVllmNamesAreReadWhenTheNewOnesAreAbsent() {
        ServerSummary s = new Scrapes().gauge("vllm:gpu_cache_usage_perc", 0.2, 0.2, 0.2, 0.2)
                .counter("vllm:num_preemptions", 0, 0, 2, 3).summary();
        assertThat(s.value("kv_cache.mean")).isCloseTo(20.0, within(1e-9));
        assertThat(s.value("preemptions")).isEqualTo(3.0);
    }

    @Test
    void countersCountTheIncreaseAndACounterThatDropsWasReset() {
        ServerSummary s = new Scrapes().counter("vllm:generation_tokens_total", 100, 150, 20, 70)
                .counter("vllm:prompt_tokens_total", 10, Double.NaN, 30, 40).summary();
        // 100 -> 150 (+50), reset, counts 20 from zero (+20), 20 -> 70 (+50)
        assertThat(s.value("generation_tokens")).isEqualTo(120.0);
        assertThat(s.value("generation_tokens_per_second")).isCloseTo(120 / 3.005, within(1e-9));
        assertThat(s.value("prompt_tokens")).as("a missed scrape is skipped").isEqualTo(30.0);
    }

    @Test
    void prefixCacheHitRateIsHitsOverQueriesDuringTheRun() {
        ServerSummary s = new Scrapes().counter("vllm:prefix_cache_hits_total", 50, 60, 80, 110)
                .counter("vllm:prefix_cache_queries_total", 100, 150, 200, 300).summary();
        assertThat(s.value("prefix_cache.hit_rate")).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void histogramsAreDeltasOverTheRunWithInterpolatedPercentiles() {
        // 100 TTFTs during the run: 50 in (0, 0.1] s, 40 in (0.1, 0.5], 10 in (0.5, 1]
        ServerSummary s = new Scrapes().histogram("vllm:time_to_first_token_seconds", new double[] {0.1, 0.5, 1.0},
                new long[] {50, 40, 10}, 20.0).summary();
        assertThat(s.value("ttft.count")).isEqualTo(100.0);
        assertThat(s.value("ttft.mean")).isCloseTo(200.0, within(1e-9));
        assertThat(s.value("ttft.p50")).isCloseTo(100.0, within(1e-9));
        assertThat(s.value("ttft.p90")).isCloseTo(500.0, within(1e-9));
        // rank 99 lies 9/10 into the (0.5, 1] bucket
        assertThat(s.value("ttft.p99")).isCloseTo(950.0, within(1e-9));
    }

    @Test
    void aPercentileInTheInfiniteBucketIsTheHighestFiniteBound() {
        ServerSummary s = new Scrapes().histogram("vllm:e2e_request_latency_seconds", new double[] {1.0, 2.0},
                new long[] {1, 1}, 3.0)
                .add("vllm:e2e_request_latency_seconds_bucket", FamilyType.HISTOGRAM, Map.of("le", "+Inf"), 0, 0, 0, 0)
                .summary();
        assertThat(s.value("e2e.p50")).isCloseTo(1000.0, within(1e-9));
        ServerSummary tail = new Scrapes().add("tgi_request_duration_bucket", FamilyType.HISTOGRAM, Map.of("le", "1.0"), 0, 0, 0, 1)
                .add("tgi_request_duration_bucket", FamilyType.HISTOGRAM, Map.of("le", "+Inf"), 0, 0, 0, 10)
                .add("tgi_request_duration_count", FamilyType.HISTOGRAM, Map.of(), 0, 0, 0, 10)
                .add("tgi_request_duration_sum", FamilyType.HISTOGRAM, Map.of(), 0, 0, 0, 50).summary();
        assertThat(tail.value("e2e.p99")).isEqualTo(1000.0);
        assertThat(tail.value("e2e.mean")).isEqualTo(5000.0);
    }

    @Test
    void sglangIsReadInBothSpellingsOfItsPrefix() {
        ServerSummary colon = new Scrapes().gauge("sglang:num_running_reqs", 2, 2, 2, 2).gauge("sglang:token_usage", 0.5, 0.5, 0.5, 0.5)
                .gauge("sglang:cache_hit_rate", 0.25, 0.25, 0.25, 0.25).counter("sglang:generation_tokens_total", 0, 10, 20, 30).summary();
        ServerSummary underscore = new Scrapes().gauge("sglang_num_running_reqs", 2, 2, 2, 2).summary();
        assertThat(colon.servers()).containsExactly("sglang");
        assertThat(colon.value("running.mean")).isEqualTo(2.0);
        assertThat(colon.value("kv_cache.mean")).isEqualTo(50.0);
        assertThat(colon.value("prefix_cache.hit_rate.mean")).isEqualTo(25.0);
        assertThat(colon.value("generation_tokens")).isEqualTo(30.0);
        assertThat(underscore.value("running.mean")).isEqualTo(2.0);
    }

    @Test
    void tgiBatchSizeQueueAndTokensFromItsHistograms() {
        ServerSummary s = new Scrapes().gauge("tgi_batch_current_size", 1, 3, 5, 3).gauge("tgi_queue_size", 0, 0, 6, 0)
                .add("tgi_request_generated_tokens_sum", FamilyType.HISTOGRAM, Map.of(), 100, 200, 300, 400).summary();
        assertThat(s.servers()).containsExactly("tgi");
        assertThat(s.value("running.mean")).isEqualTo(3.0);
        assertThat(s.value("waiting.max")).isEqualTo(6.0);
        assertThat(s.value("generation_tokens")).isEqualTo(300.0);
    }

    @Test
    void dcgmAveragesUtilisationSumsPowerAndChargesEnergyToOutputTokens() {
        Scrapes sc = new Scrapes()
                .add("DCGM_FI_DEV_GPU_UTIL", FamilyType.GAUGE, Map.of("gpu", "0"), 50, 100, 100, 50)
                .add("DCGM_FI_DEV_GPU_UTIL", FamilyType.GAUGE, Map.of("gpu", "1"), 0, 50, 50, 0)
                .add("DCGM_FI_DEV_POWER_USAGE", FamilyType.GAUGE, Map.of("gpu", "0"), 300, 300, 300, 300)
                .add("DCGM_FI_DEV_POWER_USAGE", FamilyType.GAUGE, Map.of("gpu", "1"), 100, 100, 100, 100)
                .add("DCGM_FI_DEV_FB_USED", FamilyType.GAUGE, Map.of("gpu", "0"), 1000, 2000, 3000, 3000)
                .add("DCGM_FI_DEV_FB_USED", FamilyType.GAUGE, Map.of("gpu", "1"), 1000, 1000, 1000, 1000)
                .add("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", FamilyType.COUNTER, Map.of("gpu", "0"), 0, 300_000, 600_000, 900_000)
                .add("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", FamilyType.COUNTER, Map.of("gpu", "1"), 0, 100_000, 200_000, 300_000);
        ServerSummary s = sc.summary();
        assertThat(s.value("gpus")).isEqualTo(2.0);
        assertThat(s.value("gpu.util.mean")).isEqualTo(50.0);
        assertThat(s.value("gpu.power.mean")).isEqualTo(400.0);
        assertThat(s.value("gpu.memory_used.max")).isEqualTo(4000.0);
        assertThat(s.value("gpu.energy")).isEqualTo(1200.0);
        // no server token counter: the client's 1000 output tokens
        assertThat(s.value("gpu.energy_per_output_token")).isEqualTo(1.2);
    }

    @Test
    void energyComesFromPowerOverTimeWithoutTheEnergyCounterAndPerServerTokensWithThem() {
        ServerSummary s = new Scrapes().gauge("DCGM_FI_DEV_POWER_USAGE", 200, 200, 200, 200)
                .counter("vllm:generation_tokens_total", 0, 100, 200, 300).summary();
        assertThat(s.servers()).containsExactly("vllm", "dcgm");
        assertThat(s.value("gpu.energy")).isCloseTo(200 * 3.005, within(1e-9));
        assertThat(s.value("gpu.energy_per_output_token")).isCloseTo(200 * 3.005 / 300, within(1e-9));
    }
}
