package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.workload.Prompt;
import io.llmbench.core.workload.Workload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static Endpoint endpoint(String name, InferenceClient client) {
        return Endpoint.openAi("http://127.0.0.1:9/v1").model("m").name(name).client((e, o) -> client).build();
    }

    @Test
    void doesNotAbortARequestTheClientFinishedBeforeSendReturned() {
        // a fast server can answer before send() returns; aborting such a finished request made
        // the OpenAI client close a kept-alive connection the next request was already using
        java.util.concurrent.atomic.AtomicInteger cancels = new java.util.concurrent.atomic.AtomicInteger();
        InferenceClient instant = new InferenceClient() {
            @Override
            public InFlight send(Prompt prompt, io.llmbench.core.spi.ResponseListener listener) {
                listener.onSent();
                listener.onChunk(true, "done");
                listener.onUsage(3, 1);
                listener.onComplete();
                return cancels::incrementAndGet;
            }

            @Override
            public void close() {
            }
        };
        EndpointResult r = Benchmark.builder().endpoints(endpoint("a", instant)).workload(Workload.ofTexts("hi"))
                .load(Load.concurrency(2)).requests(50).warmup(0).run().endpoint("a");
        assertThat(r.job().succeeded()).isEqualTo(50);
        assertThat(cancels.get()).as("handles cancelled").isZero();
    }

    @Test
    void measuresTtftAndItlFromEventArrivalTimes() {
        ScriptedClient client = new ScriptedClient(50, 10, 12);
        BenchmarkResult result = Benchmark.builder().endpoints(endpoint("a", client))
                .workload(Workload.ofTexts("hi")).load(Load.concurrency(4)).requests(24).run();
        EndpointResult r = result.endpoint("a");
        assertThat(r.job().succeeded()).isEqualTo(24);
        // 50 ms first-token delay: a wrong definition (e.g. counting the role chunk) would give ~0
        // the scripted events are never early but can be late on a loaded machine, so the upper
        // bounds only separate the right definitions from wrong ones: TTFT from the role chunk
        // would be ~0 ms and TTFT to the last token ~160 ms; TPOT as E2E / tokens would be 13.3 ms
        assertThat(r.metric(Metric.TTFT).p50()).isBetween(49.0, 90.0);
        assertThat(r.metric(Metric.TIME_TO_FIRST_CHUNK).p50()).isLessThan(25.0);
        assertThat(r.metric(Metric.ITL).p50()).isBetween(8.0, 20.0);
        assertThat(r.metric(Metric.ITL).count()).isEqualTo(24 * 11);
        assertThat(r.metric(Metric.TPOT).p50()).isBetween(9.0, 12.5);
        assertThat(r.metric(Metric.E2E).p50()).isBetween(158.0, 230.0);
        assertThat(r.metric(Metric.OUTPUT_TOKENS).p50()).isEqualTo(12);
        assertThat(r.records()).allMatch(rec -> rec.outputSource() == TokenSource.USAGE && rec.inputTokens() == 7);
        assertThat(client.maxInFlight.get()).isEqualTo(4);
    }

    @Test
    void sequentialLoadKeepsOneRequestInFlight() {
        ScriptedClient client = new ScriptedClient(2, 1, 3);
        Benchmark.builder().endpoints(endpoint("a", client)).workload(Workload.ofTexts("x"))
                .load(Load.sequential()).requests(10).run();
        assertThat(client.maxInFlight.get()).isEqualTo(1);
        assertThat(client.sends.get()).isEqualTo(10);
    }

    @Test
    void warmupRequestsAreSentButNotRecorded() {
        ScriptedClient client = new ScriptedClient(1, 1, 2);
        BenchmarkResult r = Benchmark.builder().endpoints(endpoint("a", client)).workload(Workload.ofTexts("x"))
                .load(Load.concurrency(2)).requests(6).warmup(3).run();
        assertThat(client.sends.get()).isEqualTo(9);
        assertThat(r.endpoint("a").records()).hasSize(6);
        assertThat(r.endpoint("a").records()).extracting(RequestRecord::sequence).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void rateModeWithACapMeasuresScheduleLag() {
        // 100 req/s offered, each request takes ~50 ms, at most 1 in flight: sends fall behind
        ScriptedClient client = new ScriptedClient(20, 10, 4);
        EndpointResult r = Benchmark.builder().endpoints(endpoint("a", client)).workload(Workload.ofTexts("x"))
                .load(Load.constantRate(100).maxConcurrency(1)).requests(10).run().endpoint("a");
        assertThat(client.maxInFlight.get()).isEqualTo(1);
        assertThat(r.job().lateSends()).isGreaterThanOrEqualTo(8);
        assertThat(r.metric(Metric.SCHEDULE_LAG).max()).isGreaterThan(300.0);
        assertThat(r.metric(Metric.E2E_FROM_SCHEDULED).max()).isGreaterThan(r.metric(Metric.E2E).max() + 300);
        assertThat(r.warnings()).anyMatch(w -> w.contains("late"));
    }

    @Test
    void poissonScheduleHasTheRequestedMeanRate() {
        ScriptedClient client = new ScriptedClient(1, 1, 2);
        EndpointResult r = Benchmark.builder().endpoints(endpoint("a", client)).workload(Workload.ofTexts("x"))
                .load(Load.poisson(400)).requests(400).seed(3).run().endpoint("a");
        List<RequestRecord> recs = r.records();
        long span = recs.get(recs.size() - 1).scheduledNanos() - recs.get(0).scheduledNanos();
        double meanGapMillis = span / 1e6 / (recs.size() - 1);
        assertThat(meanGapMillis).isCloseTo(2.5, within(0.4));
        assertThat(r.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.RATE, 400));
    }

    @Test
    void gammaWithLowBurstinessIsBurstierThanPoisson() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        Load poisson = Load.poisson(10);
        Load bursty = Load.gamma(10, 0.25);
        double[] cv = new double[2];
        Load[] loads = {poisson, bursty};
        for (int k = 0; k < 2; k++) {
            double sum = 0;
            double sq = 0;
            int n = 20000;
            for (int i = 0; i < n; i++) {
                double g = loads[k].nextGapNanos(random) / 1e9;
                sum += g;
                sq += g * g;
            }
            double mean = sum / n;
            assertThat(mean).isCloseTo(0.1, within(0.006));
            cv[k] = Math.sqrt(sq / n - mean * mean) / mean;
        }
        assertThat(cv[0]).isCloseTo(1.0, within(0.05));
        assertThat(cv[1]).isCloseTo(2.0, within(0.15));
    }

    @Test
    void durationBoundsTheRun() {
        ScriptedClient client = new ScriptedClient(5, 5, 3);
        long start = System.nanoTime();
        EndpointResult r = Benchmark.builder().endpoints(endpoint("a", client)).workload(Workload.ofTexts("x"))
                .load(Load.concurrency(2)).duration(Duration.ofMillis(300)).run().endpoint("a");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).isLessThan(2.0);
        assertThat(r.records().size()).isBetween(4, 60);
        assertThat(r.records()).allMatch(rec -> rec.sentNanos() < 300_000_000L);
    }

    @Test
    void stalledStreamsFailWithTheirTimeoutKindAndNeverHang() {
        ScriptedClient stalled = new ScriptedClient(0, 0, 1, true);
        EndpointResult r = Benchmark.builder().endpoints(endpoint("a", stalled)).workload(Workload.ofTexts("x"))
                .load(Load.concurrency(3)).requests(3).ttftTimeout(Duration.ofMillis(100)).run().endpoint("a");
        assertThat(r.job().failures()).containsEntry(FailureKind.TTFT_TIMEOUT, 3L);
        assertThat(r.records()).allMatch(rec -> rec.error().contains("100 ms"));
        assertThat(stalled.inFlight.get()).isZero();

        ScriptedClient slow = new ScriptedClient(10, 400, 3);
        EndpointResult idle = Benchmark.builder().endpoints(endpoint("b", slow)).workload(Workload.ofTexts("x"))
                .requests(1).idleTimeout(Duration.ofMillis(150)).run().endpoint("b");
        assertThat(idle.job().failures()).containsEntry(FailureKind.IDLE_TIMEOUT, 1L);
        assertThat(idle.records().get(0).ttftNanos()).isPositive();
    }

    @Test
    void cancelStopsSendingAndRecordsInFlightRequestsAsCancelled() throws Exception {
        ScriptedClient client = new ScriptedClient(10_000, 10, 2);
        RunningBenchmark running = Benchmark.builder().endpoints(endpoint("a", client)).workload(Workload.ofTexts("x"))
                .load(Load.concurrency(5)).requests(1000).start();
        Thread.sleep(100);
        running.cancel();
        BenchmarkResult r = running.result().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.endpoint("a").job().failures()).containsEntry(FailureKind.CANCELLED, 5L);
        assertThat(client.sends.get()).isEqualTo(5);
        assertThat(r.warnings()).anyMatch(w -> w.contains("cancelled"));
    }

    @Test
    void aClientThatFailsSynchronouslyDoesNotOverflowTheStack() {
        InferenceClient failing = new InferenceClient() {
            @Override
            public InFlight send(Prompt prompt, io.llmbench.core.spi.ResponseListener listener) {
                listener.onFailure(FailureKind.CONNECT, "refused", 0);
                return () -> { };
            }

            @Override
            public void close() {
            }
        };
        EndpointResult r = Benchmark.builder().endpoints(endpoint("a", failing)).workload(Workload.ofTexts("x"))
                .load(Load.concurrency(2)).requests(20_000).run().endpoint("a");
        assertThat(r.job().failures()).containsEntry(FailureKind.CONNECT, 20_000L);
    }

    @Test
    void apiKeyNeverAppearsInRecordsOrToString() {
        String key = "sk-secret-123456";
        InferenceClient echoing = new InferenceClient() {
            @Override
            public InFlight send(Prompt prompt, io.llmbench.core.spi.ResponseListener listener) {
                listener.onSent();
                listener.onFailure(FailureKind.HTTP_4XX, "HTTP 401: bad key " + key, 401);
                return () -> { };
            }

            @Override
            public void close() {
            }
        };
        Endpoint e = Endpoint.openAi("http://127.0.0.1:9/v1").model("m").name("a").apiKey(key)
                .client((en, o) -> echoing).build();
        assertThat(e.toString()).doesNotContain(key).contains("****");
        EndpointResult r = Benchmark.builder().endpoints(e).workload(Workload.ofTexts("x")).requests(1).run().endpoint("a");
        assertThat(r.records().get(0).error()).doesNotContain(key).contains("****");
        assertThat(r.toString()).doesNotContain(key);
    }

    @Test
    void endpointsSideBySideGetTheSameRequestSequence() {
        ScriptedClient a = new ScriptedClient(1, 1, 2);
        ScriptedClient b = new ScriptedClient(3, 1, 2);
        BenchmarkResult r = Benchmark.builder().endpoints(endpoint("a", a), endpoint("b", b))
                .workload(Workload.ofTexts("x", "y", "z")).load(Load.sequential()).requests(7).run();
        assertThat(a.promptIds).isEqualTo(b.promptIds).hasSize(7);
        assertThat(r.endpoints()).extracting(EndpointResult::name).containsExactly("a", "b");
    }

    @Test
    void listenersSeeEveryRequestAndTheResult() {
        List<RequestRecord> seen = new CopyOnWriteArrayList<>();
        List<BenchmarkResult> finished = new CopyOnWriteArrayList<>();
        ScriptedClient client = new ScriptedClient(1, 1, 2);
        Benchmark.builder().endpoints(endpoint("a", client)).workload(Workload.ofTexts("x")).requests(5)
                .listener(new ProgressListener() {
                    @Override
                    public void onRequest(RequestRecord record) {
                        seen.add(record);
                    }

                    @Override
                    public void onFinish(BenchmarkResult result) {
                        finished.add(result);
                    }
                }).run();
        assertThat(seen).hasSize(5);
        assertThat(finished).singleElement().satisfies(res -> assertThat(res.endpoint("a").records()).hasSize(5));
    }

    @Test
    void rejectsBadConfigurationNamingTheField() {
        assertThatThrownBy(() -> Load.concurrency(0)).hasMessage("concurrency must be >= 1, but was 0");
        assertThatThrownBy(() -> Load.poisson(-1)).hasMessageContaining("rate must be").hasMessageContaining("-1");
        assertThatThrownBy(() -> Load.concurrency(4).maxConcurrency(2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Benchmark.builder().requests(0)).hasMessage("requests must be >= 1, but was 0");
        assertThatThrownBy(() -> Benchmark.builder().workload(Workload.ofTexts("x")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("endpoints");
        ScriptedClient c = new ScriptedClient(1, 1, 1);
        assertThatThrownBy(() -> Benchmark.builder().endpoints(endpoint("a", c), endpoint("a", c))
                .workload(Workload.ofTexts("x")).build()).hasMessageContaining("'a' appears twice");
        assertThatThrownBy(() -> Endpoint.openAi("ftp://x/v1").model("m").build()).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> Endpoint.openAi("http://u:p@x/v1").model("m").build()).hasMessageContaining("credentials");
        assertThatThrownBy(() -> Endpoint.openAi("http://x/v1").build()).hasMessageContaining("model must be set");
    }

    @Test
    void toBuilderCarriesEverySetting() {
        ScriptedClient c = new ScriptedClient(1, 1, 1);
        ProgressListener listener = new ProgressListener() { };
        Clock clock = Clock.system();
        Benchmark base = Benchmark.builder().endpoints(endpoint("a", c)).workload(Workload.ofTexts("x"))
                .load(Load.poisson(3)).requests(17).duration(Duration.ofSeconds(9)).warmup(2)
                .timeout(Duration.ofSeconds(8)).idleTimeout(Duration.ofSeconds(7)).connectTimeout(Duration.ofSeconds(6))
                .slos(Slo.of(Metric.TTFT, 5)).listener(listener).label("k", "v").notes("n").cellKey("cell")
                .seed(99).clock(clock).sampleResponses(12).build();
        Benchmark copy = base.toBuilder().build();
        assertThat(copy).usingRecursiveComparison().isEqualTo(base);
        // an unset TTFT timeout follows a changed request timeout
        assertThat(base.toBuilder().timeout(Duration.ofSeconds(3)).build().ttftTimeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
