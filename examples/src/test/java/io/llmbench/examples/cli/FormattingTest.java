package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
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
    void progressShowsEveryEndpointOnOneLineAndTheLongestEta() {
        ProgressLine p = new ProgressLine(new PrintWriter(new StringWriter()), false, "");
        String line = p.line(List.of(
                new Progress("a", 5, 10, 5, 0, 2, 2.0, Duration.ofSeconds(3), Duration.ofSeconds(3)),
                new Progress("b", 2, 10, 1, 1, 4, 0.5, Duration.ofSeconds(4), Duration.ofSeconds(16))));
        assertThat(line).isEqualTo("[a 5/10 ok 100.0% 2.0 req/s] [b 2/10 ok 50.0% 0.5 req/s] 4.0 s, about 16.0 s left");
    }

    @Test
    void printsProgressOnlyEveryFewSecondsWhenNotATerminal() {
        StringWriter sw = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(sw, true), false, "");
        List<Progress> snap = List.of(new Progress("a", 1, -1, 1, 0, 1, 1.0, Duration.ofSeconds(1), null));
        p.onProgress(snap);
        p.onProgress(snap);
        assertThat(sw.toString()).isEmpty();

        StringWriter tty = new StringWriter();
        ProgressLine t = new ProgressLine(new PrintWriter(tty, true), true, "");
        t.onProgress(snap);
        assertThat(tty.toString()).isEqualTo("\r[a 1/? ok 100.0% 1.0 req/s] 1.0 s");
    }
}
