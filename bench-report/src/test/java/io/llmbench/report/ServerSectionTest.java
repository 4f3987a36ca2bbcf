package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.Load;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import io.llmbench.report.internal.ServerCharts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's server section, from a real run that scraped the simulated endpoint's vLLM metrics. */
class ServerSectionTest {
    static final String HOSTILE = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";
    static BenchmarkResult result;

    @BeforeAll
    static void run() {
        TimingModel timing = TimingModel.builder().prefill(20, 0.01).decode(4, 0.02).maxRunning(4).jitter(0.05).build();
        // one simulated server each, so the scraped one serves the hostile endpoint only
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().model("sim").timing(timing).start();
             SimulatedEndpoint other = SimulatedEndpoint.builder().model("sim").timing(timing).start()) {
            Endpoint hostile = Endpoint.openAi(sim.baseUrl()).model("sim").name(HOSTILE).build();
            Endpoint plain = Endpoint.openAi(other.baseUrl()).model("sim").name("plain").build();
            result = Benchmark.builder().endpoints(hostile, plain).workload(Workload.synthetic(64, 32)).load(Load.concurrency(6))
                    .duration(Duration.ofSeconds(3)).serverMetrics(HOSTILE, URI.create(sim.metricsUrl()))
                    .serverMetricsInterval(Duration.ofMillis(200)).run();
        }
    }

    @AfterAll
    static void drop() {
        result = null;
    }

    @Test
    void addsTheServerChartsAndTableOnlyForRunsWithServerMetricsAndEscapesThem() {
        String html = HtmlReport.builder().result(result).build().render();
        assertThat(html).contains("<section id=\"server\">", "<h2>Server metrics</h2>", ServerCharts.GROUP,
                "Server load and client concurrency over time", "Generated tokens per second: server and client", "TTFT: client vs server");
        assertThat(html).contains("vllm running requests (batch size), mean: ", "client-vs-server client TTFT minus server TTFT");
        assertThat(html).doesNotContain(HOSTILE).contains("&lt;img src=x onerror=&quot;");
        String server = html.substring(html.indexOf("<section id=\"server\">"), html.indexOf("</section>", html.indexOf("<section id=\"server\">")));
        assertThat(server).doesNotContain("<td class=\"name\">plain</td>");
        assertThat(server).doesNotContain("NaN");
        assertThat(html).doesNotContain("GPU utilisation and power over time"); // no DCGM source: the chart has no data

        String without = HtmlReport.builder().endpoints(List.of(result.endpoint("plain"))).build().render();
        assertThat(without).doesNotContain("<section id=\"server\">").doesNotContain(ServerCharts.GROUP);
    }

    @Test
    void serverChartsDrawInChromiumAndTheScreenshotShowsThem(@TempDir Path dir) throws Exception {
        Path chromium = ChromiumReportTest.chromium();
        Path page = dir.resolve("server.html");
        HtmlReport.builder().title("server metrics").result(result).build().write(page);
        String html = Files.readString(page);
        int charts = ChromiumReportTest.chartCount(html);
        String dom = ChromiumReportTest.dumpDom(chromium, page, dir, "1280,2400");
        ChromiumReportTest.assertDrawn(dom, charts, "1280,2400");
        assertThat(dom).doesNotContainPattern("<body[^>]*data-pwned");
        assertThat(dom).contains("Server load and client concurrency over time");

        // a screenshot of the server section for a person to look at (kept when LLMBENCH_SCREENSHOT_DIR is set)
        Path shot = System.getenv("LLMBENCH_SCREENSHOT_DIR") == null ? dir.resolve("server.png")
                : Path.of(System.getenv("LLMBENCH_SCREENSHOT_DIR")).resolve("server-section.png");
        Files.createDirectories(shot.getParent());
        Path anchored = dir.resolve("server-only.html");
        // the same page with every other section hidden (the page's CSP allows inline styles)
        java.util.regex.Matcher g = java.util.regex.Pattern.compile("id=\"(group-\\d+)\">\n<h2>" + java.util.regex.Pattern.quote(ServerCharts.GROUP))
                .matcher(html);
        assertThat(g.find()).isTrue();
        Files.writeString(anchored, html.replace("</head>", "<style>main > section:not(#server):not(#" + g.group(1)
                + "){display:none}</style></head>"));
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(dir, "p"),
                "--window-size=1280,1400", "--virtual-time-budget=10000", "--screenshot=" + shot, anchored.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("shot.log").toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(shot).isNotEmptyFile();
    }
}
