package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** models, runs, show, delete, export, import and report over a store filled by run. */
class StoreCommandsTest {
    static final String SUMMARY_HEADER = "provider_name,provider_model,traffic_mode,traffic_level,input_avg_len,input_stdev_len,"
            + "input_min_len,input_max_len,input_total_tokens,output_avg_len,output_stdev_len,output_min_len,output_max_len,"
            + "output_total_tokens,ttft_mean,ttft_stdev,ttft_p05,ttft_p50,ttft_p80,ttft_p95,ttft_p99,ttft_p999,ttft_distribution,"
            + "user_tps_mean,user_tps_stdev,user_tps_p05,user_tps_p50,user_tps_p80,user_tps_p95,user_tps_p99,user_tps_p999,"
            + "user_tps_distribution,e2e_mean,e2e_stdev,e2e_p05,e2e_p50,e2e_p80,e2e_p95,e2e_p99,e2e_p999,e2e_distribution,"
            + "summary_total_num_requests,summary_total_elapsed_time_s,summary_job_level_tps,summary_actual_qps,"
            + "summary_num_failed_requests,per_gpu_num_gpus,per_gpu_tps_mean,per_gpu_tps_stdev,acceptance_rate,hf_dataset_name";
    static final String SUMMARY_ROW = "together,graphon/graphon-Qwen3-Omni-30B-A3B-Instruct,qps,0.6,11570.470588235294,1.5762071772910897,"
            + "11568,11574,196698,152.05882352941177,6.881095913359887,138,161,2585,10945.902700892048,3575.7261876423577,"
            + "6300.381850032136,9465.41599999182,14178.01366620697,16332.948258402756,18423.81468522828,18894.25963126403,,"
            + "28.423920187296854,22.279157941491466,12.363854544771247,19.2551403923085,33.96361100301085,69.06298012527405,"
            + "93.02800003851546,98.42012951899484,,18593.850320896738,6578.506440646982,9260.732300044037,16482.94258408714,"
            + "26390.69243343547,27889.894357998855,29191.542437975295,29484.413255969997,,18,40.45644137496129,"
            + "63.895881895333254,0.4449229687102509,1,4,0,0,,";

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static Path store;
    static String fastId;
    static String slowId;

    @BeforeAll
    static void fill() {
        store = shared.resolve("store");
        try (SimulatedEndpoint fast = Cli.sim("fast-model", Cli.FAST); SimulatedEndpoint slow = Cli.sim("slow-model", Cli.SLOW)) {
            Cli.Result r = Cli.run("run", "--url", fast.baseUrl(), "--model", "fast-model", "--name", "fast", "--provider", "sim",
                    "--url", slow.baseUrl(), "--model", "slow-model", "--name", "slow", "--concurrency", "2", "--requests", "6",
                    "--output-tokens", "8", "--input-tokens", "32", "--label", "suite=store", "--store", store.toString(),
                    "--no-report", "--quiet");
            assertThat(r.code()).as(r.toString()).isZero();
        }
        try (ResultStore s = ResultStore.h2File(store)) {
            fastId = s.runs(RunQuery.ofModel("fast-model")).get(0).id();
            slowId = s.runs(RunQuery.ofModel("slow-model")).get(0).id();
        }
    }

    String[] at(Path s, String... args) {
        return Cli.args(args, "--store", s.toString());
    }

    @Test
    void listsModelsAndRuns() {
        Cli.Result models = Cli.run(at(store, "models"));
        assertThat(models.code()).as(models.toString()).isZero();
        // tables show run ids by their first 8 characters, which every command accepts; --wide in full
        assertThat(models.out()).contains("fast-model", "slow-model", fastId.substring(0, 8), slowId.substring(0, 8))
                .doesNotContain(fastId);
        assertThat(Cli.run(at(store, "models", "--wide")).out()).contains(fastId, slowId);
        assertThat(Cli.run(at(store, "show", slowId.substring(0, 8))).out()).contains("run " + slowId);

        Cli.Result runs = Cli.run(at(store, "runs", "--model", "slow-model", "--wide"));
        assertThat(runs.code()).isZero();
        assertThat(runs.out()).contains(slowId).doesNotContain(fastId);

        Cli.Result labelled = Cli.run(at(store, "runs", "--label", "suite=store", "--limit", "1"));
        assertThat(labelled.out()).contains("(1 of 2 runs; --limit shows more)");

        Cli.Result none = Cli.run(at(store, "runs", "--endpoint", "nobody"));
        assertThat(none.code()).isZero();
        assertThat(none.out()).contains("no stored run matches --endpoint nobody");
    }

    @Test
    void showsOneRunByIdPrefixAndAsJson() throws IOException {
        Cli.Result r = Cli.run(at(store, "show", fastId.substring(0, 8)));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("run " + fastId, "fast-model", "concurrency 2", "6 sent, 6 ok", "ttft", "e2e", "user_tps");

        Cli.Result json = Cli.run(at(store, "show", slowId, "--json"));
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(doc.get("format").asText()).isEqualTo("llmbench-result");
        assertThat(doc.get("endpoints").get(0).get("deployment").get("model").asText()).isEqualTo("slow-model");

        Cli.Result missing = Cli.run(at(store, "show", "0000nope"));
        assertThat(missing.code()).isEqualTo(Llmbench.FAILED);
        assertThat(missing.err()).isEqualTo("error: no stored run has id '0000nope'\n");
    }

    @Test
    void deletesRunsOnlyWhenEveryIdExists() throws IOException {
        Path copy = tmp.resolve("copy");
        Cli.Result exported = Cli.run(at(store, "export", "--out", tmp.resolve("all.jsonl").toString()));
        assertThat(exported.out()).contains("exported 2 runs");
        Cli.Result imported = Cli.run(at(copy, "import", tmp.resolve("all.jsonl").toString()));
        assertThat(imported.out()).contains("imported 2 runs, skipped 0");

        Cli.Result partly = Cli.run(at(copy, "delete", fastId, "ffffffff-0000"));
        assertThat(partly.code()).isEqualTo(Llmbench.FAILED);
        try (ResultStore s = ResultStore.h2File(copy)) {
            assertThat(s.find(fastId)).isPresent();
        }
        Cli.Result deleted = Cli.run(at(copy, "delete", fastId));
        assertThat(deleted.code()).isZero();
        assertThat(deleted.out()).contains("deleted run " + fastId);
        try (ResultStore s = ResultStore.h2File(copy)) {
            assertThat(s.runs(RunQuery.all())).extracting(StoredRun::id).containsExactly(slowId);
        }
        Cli.Result again = Cli.run(at(copy, "import", tmp.resolve("all.jsonl").toString()));
        assertThat(again.out()).contains("imported 1 runs, skipped 1 already stored");
    }

    @Test
    void importsTheBenchmarkSummaryCsvOfOtherTools() throws IOException {
        Path csv = tmp.resolve("together.csv");
        Files.writeString(csv, SUMMARY_HEADER + "\n" + SUMMARY_ROW + "\n");
        Path s = tmp.resolve("imported");
        Cli.Result r = Cli.run(at(s, "import", csv.toString(), "--label", "source=together"));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("imported 1 run (summary)");
        try (ResultStore st = ResultStore.h2File(s)) {
            EndpointResult e = st.runs(RunQuery.all()).get(0).result();
            assertThat(e.deployment().model()).isEqualTo("graphon/graphon-Qwen3-Omni-30B-A3B-Instruct");
            assertThat(e.metric(io.llmbench.core.Metric.TTFT).p50()).isEqualTo(9465.41599999182);
            assertThat(e.job().requests()).isEqualTo(18);
            assertThat(e.run().labels()).containsEntry("source", "together");
            assertThat(e.run().startedAt()).isEqualTo(Files.getLastModifiedTime(csv).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        }
        Cli.Result models = Cli.run(at(s, "models", "--wide"));
        assertThat(models.out()).contains("graphon/graphon-Qwen3-Omni-30B-A3B-Instruct");
    }

    @Test
    void importsNothingFromABadCsvUnlessAskedToSkipBadRows() throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, SUMMARY_HEADER + "\n" + SUMMARY_ROW + "\n" + SUMMARY_ROW.replace("0.6,11570", "0.6,lots") + "\n");
        Path s = tmp.resolve("bad-store");
        Cli.Result strict = Cli.run(at(s, "import", csv.toString()));
        assertThat(strict.code()).isEqualTo(Llmbench.FAILED);
        assertThat(strict.errLines()).hasSize(1);
        assertThat(strict.err()).contains("line 3", "input_avg_len", "lots");
        assertThat(tmp.resolve("bad-store.mv.db")).doesNotExist();

        Cli.Result lenient = Cli.run(at(s, "import", csv.toString(), "--skip-bad"));
        assertThat(lenient.code()).as(lenient.toString()).isZero();
        assertThat(lenient.err()).contains("skipped 1 bad row", "line 3");
        assertThat(lenient.out()).contains("imported 1 run");
    }

    /** A summary CSV of {@code n} distinct rows (providers p0, p1, ...). */
    private static String summaryRows(int n) {
        StringBuilder sb = new StringBuilder(SUMMARY_HEADER).append('\n');
        for (int i = 0; i < n; i++) {
            sb.append(SUMMARY_ROW.replace("together,", "p" + i + ",")).append('\n');
        }
        return sb.toString();
    }

    private static long runsIn(Path s) {
        if (!Files.exists(s.resolveSibling(s.getFileName() + ".mv.db"))) {
            return 0;
        }
        try (ResultStore st = ResultStore.h2File(s)) {
            return st.count(RunQuery.all());
        }
    }

    @Test
    void checksEveryFileBeforeWritingAnyAndImportsTheSameRowsOnlyOnce() throws IOException {
        Path good = tmp.resolve("good.csv");
        Files.writeString(good, summaryRows(11));
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, SUMMARY_HEADER + "\n" + SUMMARY_ROW + "\n"
                + SUMMARY_ROW.replace(",graphon/", "," + "x".repeat(20 * 1024 * 1024) + "/") + "\n");
        Path badExport = tmp.resolve("bad.jsonl");
        Files.writeString(badExport, "{\"format\": \"llmbench-run\", \"version\": 1,\n");
        Path s = tmp.resolve("all-or-nothing");

        Cli.Result withBadCsv = Cli.run(at(s, "import", good.toString(), bad.toString()));
        assertThat(withBadCsv.code()).as(withBadCsv.toString()).isEqualTo(Llmbench.FAILED);
        assertThat(withBadCsv.errLines()).singleElement().asString().startsWith("error: " + bad + ": 1 problem in CSV: line 3: "
                + "column provider_model must be at most 1000 characters long (the store's limit), but was 'xxx");
        assertThat(runsIn(s)).isZero();

        Cli.Result withBadExport = Cli.run(at(s, "import", good.toString(), badExport.toString()));
        assertThat(withBadExport.code()).as(withBadExport.toString()).isEqualTo(Llmbench.FAILED);
        assertThat(withBadExport.err()).contains(badExport + ": import failed: line ").contains("malformed JSON");
        assertThat(runsIn(s)).isZero();

        Cli.Result first = Cli.run(at(s, "import", good.toString()));
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("imported 11 runs (summary)");
        // the same rows again, from a copy with a newer modification time: nothing new
        Path copy = tmp.resolve("good-again.csv");
        Files.writeString(copy, Files.readString(good));
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(60)));
        Cli.Result again = Cli.run(at(s, "import", good.toString(), copy.toString()));
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains(good + ": imported 0 runs (summary) into " + s + ".mv.db, skipped 11 already stored")
                .contains(copy + ": imported 0 runs (summary) into " + s + ".mv.db, skipped 11 already stored");
        assertThat(runsIn(s)).isEqualTo(11);
    }

    @Test
    void skipBadReportsEverySkippedRowWithItsFileAndLineAndFailsOnRowsThatCannotBeFramed() throws IOException {
        StringBuilder text = new StringBuilder(summaryRows(2));
        for (int i = 0; i < 30; i++) {
            text.append(SUMMARY_ROW.replace("together,", "bad" + i + ",").replace(",9465.41599999182,", ",-5,")).append('\n');
        }
        Path csv = tmp.resolve("thirty-bad.csv");
        Files.writeString(csv, text);
        Path s = tmp.resolve("skipping");

        Cli.Result r = Cli.run(at(s, "import", csv.toString(), "--skip-bad"));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains(csv + ": skipped 30 bad rows:");
        for (int line = 4; line <= 33; line++) {
            assertThat(r.err()).contains("  " + csv + " line " + line + ": column ttft_p50 must be >= 0 or NaN, but was '-5'");
        }
        assertThat(r.out()).contains("imported 2 runs");

        // the campaign's file: an unterminated quote at line 4 swallows the 8 rows after it
        Path unframed = tmp.resolve("unframed.csv");
        Files.writeString(unframed, summaryRows(11).replace("\np2,", "\n\"p2,"));
        Cli.Result broken = Cli.run(at(tmp.resolve("unframed-store"), "import", unframed.toString(), "--skip-bad"));
        assertThat(broken.code()).as(broken.toString()).isEqualTo(Llmbench.FAILED);
        assertThat(broken.errLines()).singleElement().asString().startsWith("error: " + unframed + ": 1 problem in CSV: line 4: "
                + "record must close every quoted cell, but the quote opened here is never closed: lines 4 to 12");
        assertThat(runsIn(tmp.resolve("unframed-store"))).isZero();
    }

    @Test
    void namesFileLineAndColumnOfBytesThatAreNotUtf8() throws IOException {
        Path csv = tmp.resolve("latin1.csv");
        byte[] good = summaryRows(2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = SUMMARY_ROW.replace("together,", "caf\u00e9,").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(good);
        bytes.write(bad);
        bytes.write('\n');
        Files.write(csv, bytes.toByteArray());

        Cli.Result strict = Cli.run(at(tmp.resolve("utf8"), "import", csv.toString()));
        assertThat(strict.code()).as(strict.toString()).isEqualTo(Llmbench.FAILED);
        assertThat(strict.errLines()).singleElement().asString().isEqualTo("error: " + csv + ": 1 problem in CSV: line 4: column "
                + "provider_name must be UTF-8 text, but the file has bytes there that are not UTF-8 (shown as \uFFFD), but was 'caf\uFFFD'");

        Cli.Result lenient = Cli.run(at(tmp.resolve("utf8"), "import", csv.toString(), "--skip-bad"));
        assertThat(lenient.code()).as(lenient.toString()).isZero();
        assertThat(lenient.out()).contains("imported 2 runs");
    }

    @Test
    void importsPerRequestCsvRunsCsvAndJsonWrittenByReport() throws IOException {
        Path dir = tmp.resolve("rep");
        Cli.Result rep = Cli.run(at(store, "report", "--out", dir.toString(), "--no-predict"));
        assertThat(rep.code()).as(rep.toString()).isZero();
        assertThat(rep.out()).contains("report of 2 runs");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("fast", "slow");

        Path s = tmp.resolve("from-files");
        Cli.Result r = Cli.run(at(s, "import", dir.resolve("requests.csv").toString(), dir.resolve("runs.csv").toString(),
                dir.resolve("result.json").toString(), "--traffic", "concurrency:2", "--model", "as-given"));
        assertThat(r.code()).as(r.toString()).isZero();
        try (ResultStore st = ResultStore.h2File(s)) {
            List<StoredRun> runs = st.runs(RunQuery.all());
            assertThat(runs).hasSize(6);
            Set<String> workloads = runs.stream().map(x -> x.result().run().workload()).collect(Collectors.toSet());
            assertThat(workloads).contains("imported requests from requests.csv", "synthetic in=32 out=8");
            StoredRun fromRequests = runs.stream().filter(x -> x.result().run().workload().startsWith("imported requests")
                    && x.result().name().equals("slow")).findFirst().orElseThrow();
            assertThat(fromRequests.result().deployment().model()).isEqualTo("as-given");
            assertThat(fromRequests.result().job().requests()).isEqualTo(6);
            assertThat(fromRequests.result().run().traffic().level()).isEqualTo(2);
        }
    }
}
