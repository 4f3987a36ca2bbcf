package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.FailureKind;
import io.llmbench.core.Progress;
import io.llmbench.core.internal.ConsoleProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormattingTest {
    @Test
    void alignsTextLeftAndNumbersRight() {
        String t = new TextTable("endpoint", "ttft p50", "ok").row("a", "12.5", "100.0%").row("long-name", "7*", "50.0%").render();
        assertThat(t).isEqualTo("""
                endpoint   ttft p50      ok
                a              12.5  100.0%
                long-name        7*   50.0%
                """);
    }

    @Test
    void fitsAWideTableByShorteningLongNamesInTheMiddleThenLeavingOutOptionalColumns() {
        TextTable t = new TextTable("model", "traffic", "ttft p50", "ttft p95", "e2e p50", "e2e p95")
                .optional("e2e p95", "ttft p95")
                .row("graphon/graphon-Qwen3-Omni-30B-A3B-Instruct", "concurrency 16", "10995", "16333", "16483", "27890")
                .row("sim-8b", "32 req/s", "61.79", "90.1", "633.3", "700");

        String fitted = t.render(70);
        assertThat(fitted.lines().filter(l -> !l.startsWith("(")).toList()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(70));
        assertThat(fitted).contains(TextTable.middle("graphon/graphon-Qwen3-Omni-30B-A3B-Instruct", TextTable.COMFORTABLE_TEXT))
                .contains("10995", "16483").doesNotContain("16333")
                .endsWith("(not shown: e2e p95, ttft p95; --wide shows every column)\n");
        // a little too wide: shortening the long name is enough, every column stays
        assertThat(t.render(90)).contains("16333", "27890", "…").doesNotContain("not shown");
        assertThat(t.render(Integer.MAX_VALUE)).contains("graphon/graphon-Qwen3-Omni-30B-A3B-Instruct", "16333", "27890")
                .doesNotContain("not shown");
        assertThat(TextTable.middle("abcdefghij", 5)).isEqualTo("ab…ij");
    }

    @Test
    void formatsNumbersDurationsAndPercentages() {
        assertThat(Fmt.num(1234.56)).isEqualTo("1235");
        assertThat(Fmt.num(123.456)).isEqualTo("123.5");
        assertThat(Fmt.num(12.3456)).isEqualTo("12.35");
        assertThat(Fmt.num(0.012345)).isEqualTo("0.012");
        assertThat(Fmt.num(Double.NaN)).isEqualTo("-");
        assertThat(Fmt.duration(42.25)).isEqualTo("42.3 s");
        assertThat(Fmt.duration(3 * 3600 + 6 * 60 + 44)).isEqualTo("3:06:44");
        assertThat(Fmt.duration(2 * 86400 + 61)).isEqualTo("2 d 0:01:01");
        assertThat(Fmt.pct(0.5)).isEqualTo("50.0%");
    }

    @Test
    void plainProgressLineSaysEverythingAGuideLlmUserExpects() {
        Progress a = new Progress("a", 50, 200, 47, 3, 16, 9.0, Duration.ofSeconds(5), Duration.ofSeconds(15),
                6000, 41.73, 5.312, Map.of(FailureKind.TIMEOUT, 2L, FailureKind.HTTP_5XX, 1L));

        assertThat(ConsoleProgress.line(a)).isEqualTo("[a] 50/200 (25%), 16 in flight, 10 req/s, 1200 output tok/s, "
                + "ttft p50 41.73 ms, tpot p50 5.31 ms, failed 3 (timeout 2, http_5xx 1), elapsed 0:05, eta 0:15");
        Progress open = new Progress("b", 7, -1, 7, 0, 1, 1.0, Duration.ofSeconds(2), null);
        assertThat(ConsoleProgress.line(open)).isEqualTo("[b] 7, 1 in flight, 3.50 req/s, 0 output tok/s, "
                + "ttft p50 -, tpot p50 -, no failures, elapsed 0:02, eta ?");
    }

    @Test
    void terminalProgressIsATableWithOneRowPerEndpointRedrawnInPlace() {
        StringWriter tty = new StringWriter();
        ProgressLine t = new ProgressLine(new PrintWriter(tty, true), true, "");
        List<Progress> snap = List.of(
                new Progress("fast", 10, 20, 10, 0, 4, 5.0, Duration.ofSeconds(2), Duration.ofSeconds(2), 960, 12.5, 3.25, Map.of()),
                new Progress("slow", 5, 20, 4, 1, 4, 2.0, Duration.ofSeconds(2), Duration.ofSeconds(6), 400, 80.0, 9.5,
                        Map.of(FailureKind.HTTP_429, 1L)));

        t.onProgress(snap);
        String first = tty.toString();
        assertThat(first.split("\n")).hasSize(4);
        assertThat(first).contains("endpoint", "done", "in flight", "req/s", "out tok/s", "ttft p50", "tpot p50", "failed", "eta")
                .contains("10/20 (50%)").contains("12.50 ms").contains("slow failed: http_429 1");
        assertThat(t.table(snap)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));

        t.onProgress(snap);
        assertThat(tty.toString().substring(first.length())).startsWith("\033[4F\033[2K");
        t.onFinish(null);
        assertThat(tty.toString()).endsWith("\033[2K\n\033[2K\n\033[2K\n\033[2K\n\033[4F");
    }

    @Test
    void printsProgressOnlyEveryFewSecondsWhenNotATerminal() {
        StringWriter sw = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(sw, true), false, "");
        List<Progress> snap = List.of(new Progress("a", 1, -1, 1, 0, 1, 1.0, Duration.ofSeconds(1), null));
        p.onProgress(snap);
        p.onProgress(snap);
        assertThat(sw.toString()).isEmpty();
    }
}
