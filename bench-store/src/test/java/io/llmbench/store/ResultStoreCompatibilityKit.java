package io.llmbench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.HarnessHealth;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.server.FamilyType;
import io.llmbench.core.server.ScrapeSource;
import io.llmbench.core.server.ServerMetrics;
import io.llmbench.core.server.ServerSeries;
import java.time.Duration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link ResultStore} must show, run against each implementation by a
 * subclass. One store is opened per class; each test starts from an empty store.
 *
 * <p>Published in bench-store's test-jar, so that someone writing a store (over another database
 * or another {@code Jdbi}) can run the same kit: depend on
 * {@code io.llmbench:bench-store:<version>:test-jar} in test scope (with junit-jupiter, assertj,
 * flyway-core and jdbi3-core, which a test-jar does not bring), extend this class and implement
 * the four hooks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ResultStoreCompatibilityKit {
    protected ResultStore store;

    /** Opens the store under test (called once per class). */
    protected abstract ResultStore openStore();

    /** Direct access to the same database, for checks the API cannot make. */
    protected abstract Jdbi raw();

    /** A table name as the raw connection must spell it (qualified with the store's schema, if any). */
    protected abstract String table(String name);

    /** A new, empty database (or schema) of the same kind, for the coexistence test. */
    protected abstract DataSource emptyDatabase();

    /** Releases what the subclass created (called once per class, after the store is closed). */
    protected void cleanUp() {
    }

    @BeforeAll
    void open() {
        store = openStore();
    }

    @AfterAll
    void close() {
        if (store != null) {
            store.close();
        }
        cleanUp();
    }

    @BeforeEach
    void empty() {
        for (StoredRun run : store.runs(RunQuery.all())) {
            store.delete(run.id());
        }
        assertThat(store.count(RunQuery.all())).isZero();
    }

    // ---- save and read back -------------------------------------------------------------

    @Test
    void roundTripsARunFieldByField() {
        EndpointResult original = TestRuns.builder().deploymentLabel("team", "serving").runLabel("branch", "main")
                .cellKey("llama|H100|c16").records(300).build();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String id = store.save(original);

        StoredRun stored = store.find(id).orElseThrow();
        assertThat(stored.id()).isEqualTo(id);
        assertThat(stored.savedAt()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        assertThat(stored.recordCount()).isEqualTo(300);
        EndpointResult r = stored.result();
        assertThat(r.deployment()).isEqualTo(original.deployment());
        assertThat(r.run()).isEqualTo(original.run());
        assertThat(r.job()).isEqualTo(original.job());
        assertThat(r.metrics()).isEqualTo(original.metrics());
        assertThat(r.warnings()).isEqualTo(original.warnings());
        assertThat(r.records()).isEmpty();

        EndpointResult full = store.findWithRecords(id).orElseThrow().result();
        assertThat(full.records()).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(full.records().get(i)).as("record %d", i).isEqualTo(original.records().get(i));
        }
        // The stored histograms describe the same distributions: aggregating the stored records gives the same stats.
        EndpointResult again = EndpointResult.of(full.deployment(), full.run(), full.records(), List.of());
        assertThat(again.metrics()).isEqualTo(original.metrics());
    }

    @Test
    void keepsServerMetricsWithTheRunAndDeletesThemWithIt() {
        EndpointResult base = TestRuns.builder().records(20).build();
        String vllm = "http://127.0.0.1:8000/metrics";
        String dcgm = "http://127.0.0.1:9400/metrics";
        ServerMetrics m = new ServerMetrics(Duration.ofMillis(250), List.of(
                new ScrapeSource(vllm, new long[] {-3, 250, 500}, 4, 1, List.of("HTTP 503 from " + vllm), 17),
                new ScrapeSource(dcgm, new long[] {-1, 251}, 2, 0, List.of(), 0)), List.of(
                new ServerSeries(vllm, "vllm:num_requests_running", FamilyType.GAUGE, Map.of("model_name", "m \"q\"", "engine", "0"),
                        new double[] {0, 7, 3}),
                new ServerSeries(vllm, "vllm:time_to_first_token_seconds_bucket", FamilyType.HISTOGRAM, Map.of("le", "+Inf"),
                        new double[] {Double.NaN, 5, 1.0e300}),
                new ServerSeries(dcgm, "DCGM_FI_DEV_POWER_USAGE", FamilyType.GAUGE, Map.of("gpu", "0"), new double[] {301.5, -0.0})));
        EndpointResult r = new EndpointResult(base.deployment(), base.run(), base.job(), base.metrics(), base.records(),
                base.warnings(), m);
        String id = store.save(r);
        String plain = store.save(base);

        assertSame(store.find(id).orElseThrow().result().serverMetrics(), m);
        assertSame(store.findWithRecords(id).orElseThrow().result().serverMetrics(), m);
        assertThat(store.find(plain).orElseThrow().result().serverMetrics().isEmpty()).isTrue();
        assertThat(count(id, "llmbench_server_series")).isEqualTo(3);
        store.delete(id);
        assertThat(rows("llmbench_server_source")).isZero();
        assertThat(rows("llmbench_server_series")).isZero();
    }

    /** Equal server metrics, NaN values included. */
    static void assertSame(ServerMetrics actual, ServerMetrics expected) {
        assertThat(actual.interval()).isEqualTo(expected.interval());
        assertThat(actual.sources()).hasSameSizeAs(expected.sources());
        for (int i = 0; i < expected.sources().size(); i++) {
            ScrapeSource a = actual.sources().get(i);
            ScrapeSource e = expected.sources().get(i);
            assertThat(List.of(a.url(), a.scrapes(), a.failures(), a.errors(), a.otherSeries()))
                    .isEqualTo(List.of(e.url(), e.scrapes(), e.failures(), e.errors(), e.otherSeries()));
            assertThat(a.offsetsMillis()).containsExactly(e.offsetsMillis());
        }
        assertThat(actual.series()).hasSameSizeAs(expected.series());
        for (int i = 0; i < expected.series().size(); i++) {
            ServerSeries a = actual.series().get(i);
            ServerSeries e = expected.series().get(i);
            assertThat(List.of(a.source(), a.name(), a.type(), a.labels())).isEqualTo(List.of(e.source(), e.name(), e.type(), e.labels()));
            assertThat(java.util.Arrays.equals(a.values(), e.values())).as("values of %s: %s", e.name(),
                    java.util.Arrays.toString(a.values())).isTrue();
        }
    }

    @Test
    void refusesServerMetricsThatDoNotFitBeforeWritingAnything() {
        EndpointResult base = TestRuns.builder().records(0).build();
        ServerMetrics m = new ServerMetrics(Duration.ofSeconds(1), List.of(new ScrapeSource("http://a/metrics", new long[0], 1, 1,
                List.of(), 0)), List.of(new ServerSeries("http://b/metrics", "vllm:x", FamilyType.GAUGE, Map.of(), new double[0])));
        assertThatThrownBy(() -> store.save(new EndpointResult(base.deployment(), base.run(), base.job(), base.metrics(),
                List.of(), List.of(), m)))
                .hasMessageContaining("serverMetrics.series[0].source must be the url of one of the sources, but was 'http://b/metrics'");
        assertThat(store.count(RunQuery.all())).isZero();
    }

    @Test
    void keepsTheHarnessHealthOfARunAndNoneForARunWithout() {
        HarnessHealth health = TestRuns.suspectHealth();
        String with = store.save(TestRuns.builder().health(health).records(20).build());
        String without = store.save(TestRuns.builder().seed(3).records(20).build());

        assertThat(store.find(with).orElseThrow().result().health()).contains(health);
        assertThat(store.findWithRecords(with).orElseThrow().result().health()).contains(health);
        assertThat(store.find(without).orElseThrow().result().health()).isEmpty();
        assertThat(store.runs(RunQuery.all())).extracting(s -> s.result().health().isPresent()).containsExactlyInAnyOrder(true, false);
        assertThat(health.verdict()).isEqualTo(HarnessHealth.Verdict.SUSPECT);
        assertThat(health.scheduleLagP99Millis()).isNaN();

        store.delete(with);
        assertThat(rows("llmbench_harness_health")).isZero();
    }

    @Test
    void keepsNullsNaNsAndFiguresWithoutHistograms() {
        EndpointResult base = TestRuns.builder().provider(null).hardware(null).notes(null).records(0).build();
        MetricStats imported = new MetricStats(Metric.TTFT, 18, 10945.9, Double.NaN, 6300.4, 18894.3, 6300.4, 9465.4,
                14178.0, 16332.9, 18423.8, 18894.3, null);
        JobStats job = new JobStats(40.456, 18, 17, 1, Map.of(FailureKind.HTTP_429, 1L), 196698, 2585, 0.42, 63.9,
                Double.NaN, 0, 17, 0.42, 0, Map.of(TokenSource.USAGE, 17L));
        EndpointResult r = new EndpointResult(base.deployment(), base.run(), job, Map.of(Metric.TTFT, imported), List.of(),
                List.of("imported from CSV"));

        StoredRun stored = store.find(store.save(r)).orElseThrow();

        assertThat(stored.result().deployment().provider()).isNull();
        assertThat(stored.result().deployment().hardware()).isNull();
        assertThat(stored.result().run().notes()).isNull();
        assertThat(stored.result().job()).isEqualTo(job);
        assertThat(stored.result().metric(Metric.TTFT)).isEqualTo(imported);
        assertThat(stored.result().metric(Metric.TTFT).stdev()).isNaN();
        assertThat(stored.recordCount()).isZero();
        assertThat(stored.result().warnings()).containsExactly("imported from CSV");
    }

    @Test
    void keepsTimesToTheMicrosecond() {
        Instant start = Instant.parse("2026-05-05T05:05:05.123456789Z");
        String id = store.save(TestRuns.builder().startedAt(start).records(3).build());
        assertThat(store.find(id).orElseThrow().result().run().startedAt())
                .isEqualTo(Instant.parse("2026-05-05T05:05:05.123456Z"));
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(store.find("no-such-run")).isEmpty();
        assertThat(store.findWithRecords("no-such-run")).isEmpty();
        assertThat(store.delete("no-such-run")).isFalse();
    }

    @Test
    void savesABenchmarkResultsEndpointsTogether() {
        EndpointResult a = TestRuns.builder().name("a").model("m-a").records(20).build();
        EndpointResult b = TestRuns.builder().name("b").model("m-b").records(30).seed(2).build();
        List<String> ids = store.save(new BenchmarkResult(List.of(a, b), List.of()));
        assertThat(ids).hasSize(2);
        assertThat(store.find(ids.get(0)).orElseThrow().result().deployment().name()).isEqualTo("a");
        assertThat(store.find(ids.get(1)).orElseThrow().recordCount()).isEqualTo(30);
        assertThat(store.models()).extracting(ModelSummary::model, ModelSummary::runCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m-a", 1L), org.assertj.core.groups.Tuple.tuple("m-b", 1L));
    }

    @Test
    void rejectsATooLongFieldNamingItAndStoresNothing() {
        List<RequestRecord> recs = new ArrayList<>(TestRuns.builder().records(120).requestRecords());
        RequestRecord r = recs.get(99);
        recs.set(99, new RequestRecord(r.endpoint(), r.sequence(), r.prompt(), r.startEpochMillis(), r.scheduledNanos(),
                r.sentNanos(), -1, -1, -1, r.endNanos(), 0, null, r.inputTokens(), r.inputSource(), -1, TokenSource.NONE,
                -1, true, FailureKind.OTHER, "x".repeat(1_000_001), 0, null));
        EndpointResult bad = TestRuns.builder().build(recs);

        assertThatThrownBy(() -> store.save(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("records[99].error").hasMessageContaining("1000000").hasMessageContaining("1000001");
        assertThat(store.count(RunQuery.all())).isZero();
        assertThat(rows("llmbench_request")).isZero();
    }

    // ---- records ------------------------------------------------------------------------

    @Test
    void streamsRecordsInOrder() {
        EndpointResult original = TestRuns.builder().records(2_500).build();
        String id = store.save(original);
        try (Stream<RequestRecord> records = store.records(id)) {
            assertThat(records.collect(Collectors.toList())).isEqualTo(original.records());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void releasesTheConnectionOfAClosedOrExhaustedStream() {
        String id = store.save(TestRuns.builder().records(50).build());
        for (int i = 0; i < 80; i++) {
            if (i % 2 == 0) {
                try (Stream<RequestRecord> records = store.records(id)) {
                    assertThat(records.limit(3).count()).isEqualTo(3);
                }
            } else {
                Iterator<RequestRecord> it = store.records(id).iterator();
                int n = 0;
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
                assertThat(n).isEqualTo(50);
            }
        }
        assertThat(store.find(id)).isPresent();
    }

    @Test
    void keepsARecordWithVeryManyGapsBetweenOrdinaryOnes() {
        List<RequestRecord> recs = new ArrayList<>(TestRuns.builder().records(30).requestRecords());
        RequestRecord r = recs.get(10);
        int[] gaps = new int[150_000];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = 20_000 + (i * 7919) % 20_000;
        }
        recs.set(10, new RequestRecord(r.endpoint(), r.sequence(), r.prompt(), r.startEpochMillis(), r.scheduledNanos(),
                r.sentNanos(), r.firstChunkNanos(), 1_000_000, 1_000_000 + 20_000L * gaps.length * 1_000 / 1_000, r.endNanos(),
                gaps.length + 1, gaps, r.inputTokens(), r.inputSource(), gaps.length + 1, r.outputSource(), -1, true, null, null,
                200, null));
        EndpointResult run = TestRuns.builder().build(recs);
        String id = store.save(run);
        assertThat(store.findWithRecords(id).orElseThrow().result().records()).isEqualTo(recs);

        int[] tooMany = new int[200_000];
        java.util.Arrays.fill(tooMany, 30_000);
        recs.set(20, new RequestRecord(r.endpoint(), 20, r.prompt(), 0, 0, 0, 1, 2, 3, 4, tooMany.length + 1, tooMany, 10,
                TokenSource.USAGE, tooMany.length + 1, TokenSource.USAGE, -1, true, null, null, 200, null));
        assertThatThrownBy(() -> store.save(TestRuns.builder().build(recs))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("records[20].itlMicros").hasMessageContaining("200000 gaps");
    }

    @Test
    void streamingAMissingRunFailsNamingIt() {
        assertThatThrownBy(() -> store.records("gone")).isInstanceOf(RunNotFoundException.class)
                .hasMessageContaining("gone").hasMessageContaining("stream records");
    }

    // ---- models, runs, filters ------------------------------------------------------------

    @Test
    void listsModelsWithTheirLatestRunAndRunCount() {
        Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
        store.save(TestRuns.builder().model("b-model").startedAt(t0).records(5).build());
        String latestB = store.save(TestRuns.builder().model("b-model").startedAt(t0.plusSeconds(3600)).records(5).build());
        store.save(TestRuns.builder().model("b-model").startedAt(t0.plusSeconds(60)).records(5).build());
        String onlyA = store.save(TestRuns.builder().model("a-model").startedAt(t0).records(7).build());

        List<ModelSummary> models = store.models();

        assertThat(models).extracting(ModelSummary::model).containsExactly("a-model", "b-model");
        assertThat(models.get(0).runCount()).isEqualTo(1);
        assertThat(models.get(0).latest().id()).isEqualTo(onlyA);
        assertThat(models.get(1).runCount()).isEqualTo(3);
        assertThat(models.get(1).latest().id()).isEqualTo(latestB);
        assertThat(models.get(1).latest().result().metric(Metric.E2E).count()).isPositive();
    }

    @Test
    void keepsModelSummariesRightThroughDeletesAndOlderImports() {
        Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
        String old = store.save(TestRuns.builder().model("m").startedAt(t0).records(1).build());
        String mid = store.save(TestRuns.builder().model("m").startedAt(t0.plusSeconds(10)).records(1).build());
        String newest = store.save(TestRuns.builder().model("m").startedAt(t0.plusSeconds(20)).records(1).build());
        String older = store.save(TestRuns.builder().model("m").startedAt(t0.minusSeconds(10)).records(1).build());
        assertThat(store.models()).singleElement().satisfies(m -> {
            assertThat(m.runCount()).isEqualTo(4);
            assertThat(m.latest().id()).isEqualTo(newest);
        });

        store.delete(newest);
        assertThat(store.models()).singleElement().satisfies(m -> {
            assertThat(m.runCount()).isEqualTo(3);
            assertThat(m.latest().id()).isEqualTo(mid);
        });
        store.delete(old);
        assertThat(store.models()).singleElement().satisfies(m -> {
            assertThat(m.runCount()).isEqualTo(2);
            assertThat(m.latest().id()).isEqualTo(mid);
        });
        store.delete(mid);
        store.delete(older);
        assertThat(store.models()).isEmpty();
    }

    @Test
    void breaksTiesOfTheLatestRunBySaveOrder() {
        Instant t = Instant.parse("2026-02-01T00:00:00Z");
        store.save(TestRuns.builder().model("m").startedAt(t).records(1).build());
        String second = store.save(TestRuns.builder().model("m").startedAt(t).records(1).build());
        assertThat(store.models()).singleElement().satisfies(m -> {
            assertThat(m.runCount()).isEqualTo(2);
            assertThat(m.latest().id()).isEqualTo(second);
        });
    }

    @Test
    void pagesRunsOfAModelNewestFirst() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        String[] byHour = new String[5];
        for (int hour : new int[] {3, 0, 4, 1, 2}) {   // saved in an order unrelated to their start times
            byHour[hour] = store.save(TestRuns.builder().model("m").startedAt(t0.plusSeconds(3600L * hour)).records(2).build());
        }
        store.save(TestRuns.builder().model("other").records(2).build());
        List<String> newestFirst = List.of(byHour[4], byHour[3], byHour[2], byHour[1], byHour[0]);

        assertThat(ids(RunQuery.ofModel("m"))).containsExactlyElementsOf(newestFirst);
        assertThat(ids(RunQuery.ofModel("m").page(0, 2))).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(ids(RunQuery.ofModel("m").page(2, 2))).containsExactlyElementsOf(newestFirst.subList(2, 4));
        assertThat(ids(RunQuery.ofModel("m").page(4, 2))).containsExactly(newestFirst.get(4));
        assertThat(ids(RunQuery.ofModel("m").page(5, 2))).isEmpty();
        assertThat(store.count(RunQuery.ofModel("m").page(0, 1))).isEqualTo(5);
        assertThat(store.count(RunQuery.all())).isEqualTo(6);
    }

    @Test
    void filtersByLabelsTrafficAndTime() {
        Instant t0 = Instant.parse("2026-04-01T00:00:00Z");
        String a = store.save(TestRuns.builder().deploymentLabel("team", "serving").runLabel("branch", "main")
                .traffic(Traffic.Mode.CONCURRENCY, 8).startedAt(t0).records(2).build());
        String b = store.save(TestRuns.builder().deploymentLabel("team", "serving").runLabel("branch", "dev")
                .traffic(Traffic.Mode.CONCURRENCY, 32).startedAt(t0.plusSeconds(7200)).records(2).build());
        String c = store.save(TestRuns.builder().deploymentLabel("team", "research").hardware("A100")
                .traffic(Traffic.Mode.RATE, 2.5).startedAt(t0.plusSeconds(3600)).records(2).build());

        assertThat(ids(RunQuery.builder().label("team", "serving").build())).containsExactlyInAnyOrder(a, b);
        assertThat(ids(RunQuery.builder().label("team", "serving").label("branch", "main").build())).containsExactly(a);
        assertThat(ids(RunQuery.builder().label("branch", "nope").build())).isEmpty();
        assertThat(ids(RunQuery.builder().traffic(Traffic.Mode.CONCURRENCY).build())).containsExactly(b, a);
        assertThat(ids(RunQuery.builder().traffic(new Traffic(Traffic.Mode.CONCURRENCY, 32)).build())).containsExactly(b);
        assertThat(ids(RunQuery.builder().trafficLevel(2, 10).build())).containsExactly(c, a);
        assertThat(ids(RunQuery.builder().startedBetween(t0.plusSeconds(1), null).build())).containsExactly(b, c);
        assertThat(ids(RunQuery.builder().startedBetween(t0, t0.plusSeconds(3600)).build())).containsExactly(a);
        assertThat(ids(RunQuery.builder().hardware("A100").build())).containsExactly(c);
        assertThat(ids(RunQuery.builder().label("team", "serving").traffic(Traffic.Mode.CONCURRENCY)
                .startedBetween(null, t0.plusSeconds(60)).build())).containsExactly(a);
        assertThat(store.count(RunQuery.builder().label("team", "serving").build())).isEqualTo(2);
    }

    @Test
    void treatsFilterValuesAsData() {
        String id = store.save(TestRuns.builder().model("x' OR '1'='1").records(1).build());
        store.save(TestRuns.builder().model("plain").records(1).build());
        assertThat(ids(RunQuery.ofModel("x' OR '1'='1"))).containsExactly(id);
        assertThat(ids(RunQuery.builder().label("a' OR 1=1 --", "v").build())).isEmpty();
    }

    // ---- delete -------------------------------------------------------------------------

    @Test
    void deletesARunWithItsRecordsOnly() {
        String keep = store.save(TestRuns.builder().records(40).runLabel("k", "v").build());
        String drop = store.save(TestRuns.builder().records(60).runLabel("k", "v").seed(9).build());
        long recordsBefore = rows("llmbench_request");

        assertThat(store.delete(drop)).isTrue();

        assertThat(store.find(drop)).isEmpty();
        assertThat(store.delete(drop)).isFalse();
        assertThat(rows("llmbench_request")).isEqualTo(recordsBefore - 60);
        assertThat(rows("llmbench_label")).isEqualTo(count(keep, "llmbench_label"));
        assertThat(rows("llmbench_metric")).isEqualTo(count(keep, "llmbench_metric"));
        try (Stream<RequestRecord> s = store.records(keep)) {
            assertThat(s.count()).isEqualTo(40);
        }
    }

    // ---- merge --------------------------------------------------------------------------

    @Test
    void mergesShardHistogramsExactly() {
        List<RequestRecord> all = TestRuns.builder().records(3_000).requestRecords();
        TestRuns meta = TestRuns.builder();
        List<String> ids = List.of(store.save(meta.build(all.subList(0, 1000))), store.save(meta.build(all.subList(1000, 2200))),
                store.save(meta.build(all.subList(2200, 3000))));
        EndpointResult whole = meta.build(all);

        Map<Metric, MetricStats> merged = store.merge(ids);

        assertThat(merged.keySet()).isEqualTo(whole.metrics().keySet());
        for (Metric m : whole.metrics().keySet()) {
            MetricStats expected = whole.metric(m);
            MetricStats actual = merged.get(m);
            assertThat(actual.count()).as(m.key()).isEqualTo(expected.count());
            assertThat(actual.p50()).as(m.key()).isEqualTo(expected.p50());
            assertThat(actual.p99()).as(m.key()).isEqualTo(expected.p99());
            assertThat(actual.max()).as(m.key()).isEqualTo(expected.max());
            assertThat(actual.mean()).as(m.key()).isEqualTo(expected.mean());
            assertThat(actual.percentile(99.99)).as(m.key()).isEqualTo(expected.percentile(99.99));
        }
    }

    @Test
    void mergeNamesAMissingRunAndARunWithoutHistograms() {
        String ok = store.save(TestRuns.builder().records(50).build());
        assertThatThrownBy(() -> store.merge(List.of(ok, "missing-run"))).isInstanceOf(RunNotFoundException.class)
                .hasMessageContaining("missing-run");

        EndpointResult base = TestRuns.builder().records(0).build();
        MetricStats noHistogram = new MetricStats(Metric.E2E, 18, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, null);
        String imported = store.save(new EndpointResult(base.deployment(), base.run(), base.job(),
                Map.of(Metric.E2E, noHistogram), List.of(), List.of()));
        assertThatThrownBy(() -> store.merge(List.of(ok, imported))).isInstanceOf(StoreException.class)
                .hasMessageContaining(imported).hasMessageContaining("e2e").hasMessageContaining("histogram");
    }

    // ---- matrix resume -------------------------------------------------------------------

    @Test
    void knowsWhichMatrixCellsAreDone() {
        assertThat(store.isCellDone("llama|H100|c16")).isFalse();
        String id = store.save(TestRuns.builder().cellKey("llama|H100|c16").records(1).build());
        assertThat(store.isCellDone("llama|H100|c16")).isTrue();
        assertThat(store.isCellDone("llama|H100|c32")).isFalse();
        assertThat(ids(RunQuery.builder().cellKey("llama|H100|c16").build())).containsExactly(id);
        store.delete(id);
        assertThat(store.isCellDone("llama|H100|c16")).isFalse();
    }

    // ---- export / import ------------------------------------------------------------------

    @Test
    void exportsAndImportsWholeRuns() {
        EndpointResult first = TestRuns.builder().model("m1").deploymentLabel("team", "x").cellKey("c1").records(150)
                .health(TestRuns.suspectHealth()).startedAt(Instant.parse("2026-01-01T00:00:00Z")).build();
        EndpointResult second = TestRuns.builder().model("m2").records(0).notes(null)
                .startedAt(Instant.parse("2026-01-02T00:00:00Z")).build();
        String id1 = store.save(first);
        String id2 = store.save(second);
        StoredRun stored1 = store.findWithRecords(id1).orElseThrow();
        StoredRun stored2 = store.findWithRecords(id2).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(store.exportRuns(RunQuery.all(), out)).isEqualTo(2);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(2);
        assertThat(text.lines().findFirst().orElseThrow()).contains(id1);   // oldest first

        store.delete(id1);
        store.delete(id2);
        ImportSummary summary = store.importRuns(new ByteArrayInputStream(out.toByteArray()));
        assertThat(summary.imported()).containsExactly(id1, id2);
        assertThat(summary.skipped()).isEmpty();
        assertThat(store.findWithRecords(id1).orElseThrow()).isEqualTo(stored1);
        assertThat(stored1.result().health()).contains(TestRuns.suspectHealth());
        assertThat(store.findWithRecords(id2).orElseThrow()).isEqualTo(stored2);

        ImportSummary again = store.importRuns(new ByteArrayInputStream(out.toByteArray()));
        assertThat(again.imported()).isEmpty();
        assertThat(again.skipped()).containsExactly(id1, id2);
        assertThat(store.count(RunQuery.all())).isEqualTo(2);
    }

    @Test
    void importStopsAtABadLineNamingItAndKeepsTheRunsBefore() {
        String id = store.save(TestRuns.builder().records(3).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.exportRuns(RunQuery.all(), out);
        store.delete(id);
        String good = out.toString(StandardCharsets.UTF_8).strip();
        String badMode = good.replace(id, "other-id").replace("\"traffic_mode\":\"concurrency\"", "\"traffic_mode\":\"burst\"");
        String input = good + "\n" + badMode + "\n";

        assertThatThrownBy(() -> store.importRuns(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("line 2").hasMessageContaining("run.traffic_mode").hasMessageContaining("burst");
        assertThat(store.find(id)).isPresent();
        assertThat(store.find("other-id")).isEmpty();

        assertThatThrownBy(() -> store.importRuns(new ByteArrayInputStream("{\"format\": \"llmbench-run\", \"version\": 1,"
                .getBytes(StandardCharsets.UTF_8)))).isInstanceOf(ImportException.class).hasMessageContaining("line 1");
    }

    @Test
    void keepsWhenEachRequestWasWritten() {
        EndpointResult base = TestRuns.builder().records(8).build();
        List<RequestRecord> recs = new ArrayList<>();
        for (RequestRecord r : base.records()) {
            // every other record from a client that does not report the write (-1)
            long written = r.sequence() % 2 == 0 ? 15_000L + r.sequence() * 1_001 : -1;
            recs.add(new RequestRecord(r.endpoint(), r.sequence(), r.prompt(), r.startEpochMillis(), r.scheduledNanos(),
                    r.sentNanos(), r.firstChunkNanos(), r.ttftNanos(), r.e2eNanos(), r.endNanos(), r.contentChunks(),
                    r.itlMicros(), r.inputTokens(), r.inputSource(), r.outputTokens(), r.outputSource(),
                    r.tokenizerOutputTokens(), r.streamed(), r.failure(), r.error(), r.httpStatus(), r.responseSample(), written));
        }
        EndpointResult run = EndpointResult.of(base.deployment(), base.run(), recs, List.of());

        String id = store.save(run);

        List<RequestRecord> back = store.findWithRecords(id).orElseThrow().result().records();
        assertThat(back).isEqualTo(recs);
        assertThat(back).extracting(RequestRecord::writtenNanos).contains(-1L, 15_000L, 17_002L);
    }

    @Test
    void importsExportsWrittenByTheFirstVersionOfTheFormat() throws Exception {
        // written by llmbench 0.1 (export format version 1: camelCase, metrics as a list); the
        // expected values are read from the file itself
        byte[] file;
        try (var in = getClass().getResourceAsStream("/exports/llmbench-run-v1.jsonl")) {
            file = in.readAllBytes();
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> lines = new ArrayList<>();
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
            lines.add(json.readTree(line));
        }
        ImportSummary summary = store.importRuns(new ByteArrayInputStream(file));
        assertThat(summary.imported()).containsExactlyInAnyOrder(lines.get(0).get("id").asText(), lines.get(1).get("id").asText());
        for (com.fasterxml.jackson.databind.JsonNode line : lines) {
            StoredRun run = store.findWithRecords(line.get("id").asText()).orElseThrow();
            EndpointResult r = run.result();
            assertThat(run.savedAt()).isEqualTo(Instant.parse(line.get("savedAt").asText()));
            assertThat(r.name()).isEqualTo(line.get("deployment").get("name").asText());
            assertThat(r.deployment().baseUrl()).isEqualTo(line.get("deployment").get("baseUrl").asText());
            assertThat(r.run().startedAt()).isEqualTo(Instant.parse(line.get("run").get("startedAt").asText()));
            assertThat(r.job().requests()).isEqualTo(line.get("job").get("requests").asLong());
            assertThat(r.records()).hasSize(line.get("records").size());
            for (com.fasterxml.jackson.databind.JsonNode m : line.get("metrics")) {
                MetricStats stats = r.metric(Metric.ofKey(m.get("metric").asText()));
                assertThat(stats.mean()).as(m.get("metric").asText()).isEqualTo(m.get("mean").asDouble());
                assertThat(stats.histogram()).isEqualTo(m.get("histogram").asText());
            }
            for (int i = 0; i < r.records().size(); i++) {
                assertThat(r.records().get(i).ttftNanos()).isEqualTo(line.get("records").get(i).get("ttftNanos").asLong());
            }
        }
    }

    @Test
    void exportIsTheOneRunEncodingWithIdAndSaveTime() {
        String id = store.save(TestRuns.builder().records(2).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.exportRuns(RunQuery.ofModel(TestRuns.builder().build().deployment().model()), out);
        String line = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(line).startsWith("{\"format\":\"llmbench-run\",\"version\":2,\"id\":\"" + id + "\",\"saved_at\":")
                .contains("\"deployment\":{", "\"base_url\":", "\"traffic_mode\":", "\"records\":[{", "\"ttft_ns\":")
                .doesNotContain("\"baseUrl\"", "\"savedAt\"");
    }

    @Test
    void importingTheSameResultsAgainStoresThemOnce() {
        EndpointResult a = TestRuns.builder().model("imp-a").records(40).build();
        EndpointResult b = TestRuns.builder().model("imp-b").records(0).seed(5).build();

        ImportSummary first = store.importResults(List.of(a, b, a));
        assertThat(first.imported()).hasSize(2).doesNotHaveDuplicates();
        assertThat(first.skipped()).containsExactly(first.imported().get(0));
        assertThat(store.findWithRecords(first.imported().get(0)).orElseThrow().result().records()).isEqualTo(a.records());

        // the same rows again, read at another time: same content, nothing new
        RunInfo i = b.run();
        EndpointResult laterB = new EndpointResult(b.deployment(), new RunInfo(i.traffic(), i.workload(), i.labels(), i.notes(),
                i.cellKey(), i.startedAt().plusSeconds(3600), i.finishedAt().plusSeconds(3600)), b.job(), b.metrics(), b.records(),
                b.warnings());
        ImportSummary again = store.importResults(List.of(a, laterB));
        assertThat(again.imported()).isEmpty();
        assertThat(again.skipped()).containsExactlyElementsOf(first.imported());
        assertThat(store.count(RunQuery.all())).isEqualTo(2);
        assertThat(store.models()).extracting(ModelSummary::runCount).containsOnly(1L);

        // other content is another run
        EndpointResult labelled = new EndpointResult(a.deployment(), new RunInfo(a.run().traffic(), a.run().workload(),
                Map.of("source", "b.csv"), a.run().notes(), a.run().cellKey(), a.run().startedAt(), a.run().finishedAt()),
                a.job(), a.metrics(), a.records(), a.warnings());
        assertThat(store.importResults(List.of(labelled)).imported()).hasSize(1);
        assertThat(store.count(RunQuery.all())).isEqualTo(3);
    }

    @Test
    void importResultsSavesNothingWhenOneResultDoesNotFit() {
        EndpointResult good = TestRuns.builder().model("fits").records(5).build();
        EndpointResult tooLong = TestRuns.builder().model("m".repeat(1001)).records(5).build();

        assertThatThrownBy(() -> store.importResults(List.of(good, tooLong))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("results[1]").hasMessageContaining("deployment.model").hasMessageContaining("1001");
        assertThat(store.count(RunQuery.all())).isZero();
    }

    @Test
    void checksAnExportWithoutWritingIt() {
        String id = store.save(TestRuns.builder().records(3).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.exportRuns(RunQuery.all(), out);
        store.delete(id);
        String good = out.toString(StandardCharsets.UTF_8).strip();

        assertThat(ResultStore.checkImport(new ByteArrayInputStream((good + "\n" + good.replace(id, "id-2") + "\n")
                .getBytes(StandardCharsets.UTF_8)))).isEqualTo(2);
        String tooLong = good.replace(id, "id-3").replaceFirst("\"model\":\"[^\"]*\"", "\"model\":\"" + "m".repeat(1001) + "\"");
        assertThatThrownBy(() -> ResultStore.checkImport(new ByteArrayInputStream((good + "\n" + tooLong).getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("deployment.model");
        assertThat(store.count(RunQuery.all())).isZero();
    }

    // ---- concurrency ----------------------------------------------------------------------

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        ids.add(store.save(TestRuns.builder().model("m" + (i % 3)).seed(thread * 100L + i)
                                .records(150).build()));
                        store.models();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
        assertThat(store.count(RunQuery.all())).isEqualTo(threads * perThread);
        for (String id : ids) {
            assertThat(store.find(id).orElseThrow().recordCount()).isEqualTo(150);
        }
        assertThat(rows("llmbench_request")).isEqualTo(150L * threads * perThread);
        assertThat(store.models()).extracting(ModelSummary::runCount).containsExactly(12L, 12L, 8L);
    }

    // ---- schema ---------------------------------------------------------------------------

    @Test
    void coexistsWithAnApplicationsTablesAndMigrationHistory() {
        DataSource db = emptyDatabase();
        Flyway app = Flyway.configure().dataSource(db).locations("classpath:app/migration").load();
        app.migrate();
        Jdbi appJdbi = Jdbi.create(db);
        appJdbi.useHandle(h -> h.execute("INSERT INTO orders (id, item) VALUES (1, 'gpu')"));

        try (ResultStore second = ResultStore.of(db)) {
            second.save(TestRuns.builder().records(5).build());
            assertThat(second.count(RunQuery.all())).isEqualTo(1);
        }

        assertThat(strings(appJdbi, "SELECT item FROM orders")).containsExactly("gpu");
        assertThat(app.info().applied()).extracting(i -> i.getVersion().getVersion()).containsExactly("1");
        assertThat(app.validateWithResult().validationSuccessful).isTrue();
        // Reopening finds its own history and applies nothing again.
        try (ResultStore reopened = ResultStore.of(db)) {
            assertThat(reopened.count(RunQuery.all())).isEqualTo(1);
        }
        assertThat(number(appJdbi, "SELECT COUNT(*) FROM \"llmbench_schema_history\" WHERE \"success\"")).isPositive();
    }

    @Test
    void refusesUseAfterClose() {
        ResultStore extra = openExtra();
        extra.close();
        extra.close();
        assertThatThrownBy(() -> extra.find("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /** A second store over the same database; the default opens one like the first. */
    protected ResultStore openExtra() {
        return openStore();
    }

    // ---- helpers --------------------------------------------------------------------------

    private List<String> ids(RunQuery q) {
        return store.runs(q).stream().map(StoredRun::id).toList();
    }

    static long number(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static List<String> strings(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    protected long rows(String table) {
        return raw().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table(table)).mapTo(Long.class).one());
    }

    private long count(String runId, String table) {
        return raw().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table(table) + " t JOIN " + table("llmbench_run")
                + " r ON r.run_pk = t.run_pk WHERE r.run_id = :id").bind("id", runId).mapTo(Long.class).one());
    }
}
