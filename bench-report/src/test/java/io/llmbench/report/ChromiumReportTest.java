package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.llmbench.core.EndpointResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens rendered reports in headless Chromium: the page must load with no console errors, warnings
 * or CSP violations, and every chart must have drawn (pixels on its canvas), at laptop and phone
 * width. Skips when Chromium is absent unless {@code LLMBENCH_REQUIRE_CHROMIUM=1}.
 */
class ChromiumReportTest {
    static final String REQUIRE = "LLMBENCH_REQUIRE_CHROMIUM";

    @Test
    void fullReportDrawsEveryChartWithoutErrorsOnLaptopAndPhone(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        Path page = dir.resolve("report.html");
        Samples.fullReport(400).build().write(page);
        int expected = chartCount(Files.readString(page));
        assertThat(expected).isGreaterThanOrEqualTo(20);
        // 500 px is the narrowest window headless Chromium lays out; the phone layout applies below 600 px
        for (String size : List.of("1280,2400", "500,900")) {
            String dom = dumpDom(chromium, page, dir, size);
            assertDrawn(dom, expected, size);
            assertThat(dom).as("injected markup must not run").doesNotContainPattern("<body[^>]*data-pwned");
            assertThat(dom).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
    }

    @Test
    void importedSummaryCsvRunsDrawAsASweep(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        List<EndpointResult> rows = SummaryCsvTest.read(SummaryCsvTest.HEADER + "\n" + SummaryCsvTest.EXAMPLE_ROW + "\n"
                + SummaryCsvTest.EXAMPLE_ROW.replace(",qps,0.6,", ",qps,1.2,") + "\n");
        Path page = dir.resolve("imported.html");
        HtmlReport.builder().title("imported").endpoints(rows.subList(0, 1)).sweep(SweepCurve.of("together", rows)).build().write(page);
        String dom = dumpDom(chromium, page, dir, "1280,2400");
        assertDrawn(dom, chartCount(Files.readString(page)), "1280,2400");
    }

    @Test
    void comparisonAndTrendReportDrawsEveryChart(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        Path page = dir.resolve("history.html");
        var runs = List.of(HistoryReportTest.run("llama", 1, 1.0, Fixtures.START),
                HistoryReportTest.run("llama", 2, 0.8, Fixtures.START.plusSeconds(86400)));
        HtmlReport.builder().title("history").diff(HistoryReportTest.slower())
                .trend(io.llmbench.model.history.Trend.of(List.of("a", "b"), runs, io.llmbench.model.Measure.TTFT,
                        io.llmbench.model.Statistic.P95, io.llmbench.model.history.DiffOptions.ofDefaults()))
                .build().write(page);
        String html = Files.readString(page);
        assertThat(html).contains("Run history");
        String dom = dumpDom(chromium, page, dir, "1280,2400");
        assertDrawn(dom, chartCount(html), "1280,2400");
    }

    @Test
    void detectsAChartThatFailsAndAScriptError(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        Path page = dir.resolve("broken.html");
        String html = Samples.fullReport(50).build().render();
        int total = chartCount(html);
        // break one chart's type in the (non-script) data block: Chart.js must refuse it
        Files.writeString(page, html.replaceFirst("\"kind\":\"bar\"", "\"kind\":\"no-such-chart\""));
        String dom = dumpDom(chromium, page, dir, "1280,2400");
        assertThat(attr(dom, "data-errors")).isNotEqualTo("0");
        assertThat(attr(dom, "data-charts-drawn")).isEqualTo(Integer.toString(total - 1));
        assertThat(dom).contains("chart chart-0 failed");
    }

    static void assertDrawn(String dom, int expected, String size) {
        assertThat(dom).as("page script finished at " + size).contains("id=\"llmbench-ready\"");
        String errors = between(dom, "<pre id=\"llmbench-errors\"", "</pre>");
        assertThat(attr(dom, "data-errors")).as("errors at " + size + ": " + errors).isEqualTo("0");
        assertThat(attr(dom, "data-charts-total")).isEqualTo(Integer.toString(expected));
        assertThat(attr(dom, "data-charts-drawn")).as("charts drawn at " + size).isEqualTo(Integer.toString(expected));
    }

    static int chartCount(String html) {
        return (int) Pattern.compile("<canvas id=\"chart-").matcher(html).results().count();
    }

    static Path chromium() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("LLMBENCH_CHROMIUM");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("/usr/bin/chromium"));
        candidates.add(Path.of("/usr/bin/chromium-browser"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if ("1".equals(System.getenv(REQUIRE))) {
            fail("Chromium is required (" + REQUIRE + "=1) but none of " + candidates + " is executable");
        }
        assumeThat(false).as("Chromium not installed; set " + REQUIRE + "=1 to make this test mandatory").isTrue();
        return null;
    }

    static String dumpDom(Path chromium, Path page, Path dir, String size) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + profile, "--window-size=" + size, "--virtual-time-budget=10000", "--dump-dom",
                page.toUri().toString());
        Path out = dir.resolve("dom-" + size.replace(',', 'x') + ".html");
        Path err = dir.resolve("stderr-" + size.replace(',', 'x') + ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish within 90 s; stderr: " + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("Chromium exit code; stderr: " + Files.readString(err)).isZero();
        return dom;
    }

    private static String attr(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : "(missing)";
    }

    private static String between(String s, String a, String b) {
        int i = s.indexOf(a);
        if (i < 0) {
            return "";
        }
        int j = s.indexOf(b, i);
        return j < 0 ? s.substring(i) : s.substring(i, j);
    }
}
