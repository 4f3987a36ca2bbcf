package io.llmbench.core.internal.prometheus;

import io.llmbench.core.server.FamilyType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.internal.prometheus.Exposition.Sample;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule of the text format that {@link TextFormatParser} documents. */
class TextFormatParserTest {

    private static Exposition parse(String text) {
        return TextFormatParser.parse(text);
    }

    private static Sample only(String text) {
        Exposition e = parse(text);
        assertThat(e.samples()).hasSize(1);
        return e.samples().get(0);
    }

    @Test
    void readsLinesEndingInNewlineOrCrLfAndSkipsBlankLines() {
        Exposition e = parse("a 1\r\n\n   \t\nb 2\nc 3");
        assertThat(e.samples()).extracting(Sample::name).containsExactly("a", "b", "c");
        assertThat(e.samples()).extracting(Sample::value).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void keepsHelpTextWithBackslashAndNewlineUnescaped() {
        Exposition e = parse("# HELP x Line one\\nline two with \\\\ and \\\" kept\nx 1\n");
        assertThat(e.help()).containsEntry("x", "Line one\nline two with \\ and \\\" kept");
    }

    @Test
    void typeLineSetsTheFamilyTypeAndOtherCommentsAreIgnored() {
        Exposition e = parse("# a comment\n# TYPE up gauge\n# UNIT up seconds\nup 1\n# EOF\n");
        assertThat(e.types()).containsEntry("up", FamilyType.GAUGE);
        assertThat(only("# TYPE up gauge\nup 1\n").type()).isEqualTo(FamilyType.GAUGE);
        assertThat(only("other 1\n").type()).isEqualTo(FamilyType.UNTYPED);
    }

    @Test
    void rejectsAnUnknownTypeAndASecondTypeLineForOneName() {
        assertThatThrownBy(() -> parse("# TYPE x meter\nx 1\n"))
                .isInstanceOf(ExpositionFormatException.class)
                .hasMessage("line 1 must have a type of counter, gauge, histogram, summary or untyped, but had 'meter'");
        assertThatThrownBy(() -> parse("# TYPE x gauge\n# TYPE x counter\n"))
                .hasMessage("line 2 must have at most one TYPE line per metric name, but had a second one for x");
    }

    @Test
    void readsSamplesWithAndWithoutLabelsSeparatedBySpacesOrTabs() {
        Sample s = only("vllm:num_requests_running{model_name=\"m\",engine=\"0\"}\t7\n");
        assertThat(s.name()).isEqualTo("vllm:num_requests_running");
        assertThat(s.labels()).containsExactly(Map.entry("model_name", "m"), Map.entry("engine", "0"));
        assertThat(s.value()).isEqualTo(7.0);
        assertThat(only("plain   42").labels()).isEmpty();
    }

    @Test
    void metricAndLabelNamesFollowTheirCharacterRules() {
        assertThat(only("_a:b_9 1").name()).isEqualTo("_a:b_9");
        assertThatThrownBy(() -> parse("9lives 1"))
                .hasMessage("line 1 must have a metric name in a sample matching [a-zA-Z_:][a-zA-Z0-9_:]*, but had '9'");
        assertThatThrownBy(() -> parse("x-y 1")).hasMessageContaining("'{', a blank or the end of the metric name, but had '-'");
        assertThatThrownBy(() -> parse("x{a:b=\"1\"} 1")).hasMessage("line 1 must have '=' after label name a, but had ':'");
        assertThatThrownBy(() -> parse("x{1a=\"1\"} 1"))
                .hasMessage("line 1 must have a label name matching [a-zA-Z_][a-zA-Z0-9_]*, but had '1'");
    }

    @Test
    void labelsAllowATrailingCommaAndSpacesAroundTokens() {
        Sample s = only("x{ a = \"1\" , b=\"2\", } 3");
        assertThat(s.labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(only("x{} 3").labels()).isEmpty();
    }

    @Test
    void rejectsALabelNameGivenTwiceAndUnclosedLabels() {
        assertThatThrownBy(() -> parse("x{a=\"1\",a=\"2\"} 1"))
                .hasMessage("line 1 must have each label name at most once per sample, but had label a twice");
        assertThatThrownBy(() -> parse("x{a=\"1\" 1")).hasMessage("line 1 must have ',' or '}' after the value of label a, but had '1'");
        assertThatThrownBy(() -> parse("x{a=\"1 1\n")).hasMessage("line 1 must have a closing '\"' for the value of label a, but had the end of the line");
        assertThatThrownBy(() -> parse("x{a=1} 1")).hasMessage("line 1 must have a quoted value for label a, but had '1'");
    }

    @Test
    void unescapesBackslashQuoteAndNewlineInLabelValues() {
        Sample s = only("x{path=\"C:\\\\dir\",say=\"\\\"hi\\\"\",multi=\"a\\nb\",brace=\"}{,=\"} 1");
        assertThat(s.labels()).containsEntry("path", "C:\\dir").containsEntry("say", "\"hi\"")
                .containsEntry("multi", "a\nb").containsEntry("brace", "}{,=");
        assertThatThrownBy(() -> parse("x{a=\"\\t\"} 1"))
                .hasMessage("line 1 must have an escape of \\\\, \\\" or \\n in the value of label a, but had '\\t'");
    }

    @Test
    void readsNumbersNanAndInfinities() {
        Exposition e = parse("a 1.5e3\nb -0.25\nc NaN\nd +Inf\ne -Inf\nf Inf\ng 12345678901234567890\nh .5\n");
        assertThat(e.samples()).extracting(Sample::value)
                .containsExactly(1500.0, -0.25, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY, 1.2345678901234567e19, 0.5);
        assertThatThrownBy(() -> parse("a Infinity")).hasMessage("line 1 must have a value that is a number, NaN, +Inf or -Inf, but had 'Infinity'");
        assertThatThrownBy(() -> parse("a 0x10")).hasMessageContaining("but had '0x10'");
        assertThatThrownBy(() -> parse("a 1.2.3")).hasMessageContaining("but had '1.2.3'");
        assertThatThrownBy(() -> parse("a{b=\"c\"}")).hasMessage("line 1 must have a value after a, but had the end of the line");
    }

    @Test
    void readsAnOptionalTimestampInMilliseconds() {
        Sample s = only("x 1 1700000000123");
        assertThat(s.hasTimestamp()).isTrue();
        assertThat(s.timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(only("x 1").hasTimestamp()).isFalse();
        assertThat(only("x 1 -5").timestamp()).isEqualTo(-5);
        assertThatThrownBy(() -> parse("x 1 1.5")).hasMessage("line 1 must have a timestamp of integer milliseconds, but had '1.5'");
        assertThatThrownBy(() -> parse("x 1 2 3")).hasMessage("line 1 must have the end of the line after the timestamp, but had '3'");
    }

    @Test
    void histogramAndSummaryPartsBelongToTheirFamily() {
        Exposition e = parse("""
                # TYPE vllm:time_to_first_token_seconds histogram
                vllm:time_to_first_token_seconds_bucket{le="0.1"} 3
                vllm:time_to_first_token_seconds_bucket{le="+Inf"} 4
                vllm:time_to_first_token_seconds_sum 0.7
                vllm:time_to_first_token_seconds_count 4
                vllm:time_to_first_token_seconds_created 1.7e9
                # TYPE rpc summary
                rpc{quantile="0.5"} 0.2
                rpc_sum 9
                rpc_count 30
                rpc_bucket 1
                loose_sum 2
                # TYPE vllm:prompt_tokens_total counter
                vllm:prompt_tokens_total 10
                """);
        assertThat(e.samples()).extracting(Sample::family).containsExactly(
                "vllm:time_to_first_token_seconds", "vllm:time_to_first_token_seconds", "vllm:time_to_first_token_seconds",
                "vllm:time_to_first_token_seconds", "vllm:time_to_first_token_seconds", "rpc", "rpc", "rpc", "rpc_bucket", "loose_sum",
                "vllm:prompt_tokens_total");
        assertThat(e.samples().get(1).labels()).containsEntry("le", "+Inf");
        assertThat(e.samples().get(8).type()).isEqualTo(FamilyType.UNTYPED);
        assertThat(e.samples().get(7).type()).isEqualTo(FamilyType.SUMMARY);
    }

    @Test
    void ignoresAnExemplarAfterTheSample() {
        Sample s = only("x_bucket{le=\"1\"} 3 # {trace_id=\"abc\"} 0.5 1700000000\n");
        assertThat(s.value()).isEqualTo(3.0);
        assertThat(only("x 3 1700000000000 # {trace_id=\"abc\"} 0.5").timestamp()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void namesTheLineOfTheFirstBrokenRule() {
        try {
            parse("a 1\nb 2\nc{x} 3\n");
        } catch (ExpositionFormatException e) {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e).hasMessage("line 3 must have '=' after label name x, but had '}'");
            return;
        }
        throw new AssertionError("no exception");
    }

    @Test
    void sinkSeesLabelsAsAlternatingNamesAndValues() {
        StringBuilder seen = new StringBuilder();
        TextFormatParser.parse("# TYPE c counter\nc_total{a=\"1\",b=\"2\"} 5\n", (family, type, name, labels, value, ts, series) ->
                seen.append(family).append('|').append(type).append('|').append(name).append('|')
                        .append(String.join(",", labels)).append('|').append(value).append('|').append(series));
        assertThat(seen).hasToString("c|COUNTER|c_total|a,1,b,2|5.0|c_total{a=\"1\",b=\"2\"}");
    }

    @Test
    void oneParserHandsTheSameSeriesStringForTheSameSeriesInEveryScrape() {
        TextFormatParser parser = new TextFormatParser();
        java.util.List<String> first = new java.util.ArrayList<>();
        java.util.List<String> second = new java.util.ArrayList<>();
        parser.read("x{a=\"1\"} 1\ny 2\nx{a=\"2\"}  3\n", (f, t, n, l, v, ts, series) -> first.add(series));
        parser.read("x{a=\"2\"} 4\nx{a=\"1\"} 5\n", (f, t, n, l, v, ts, series) -> second.add(series));
        assertThat(first).containsExactly("x{a=\"1\"}", "y", "x{a=\"2\"}");
        assertThat(second.get(0)).isSameAs(first.get(2));
        assertThat(second.get(1)).isSameAs(first.get(0));
    }

    @Test
    void aReusedParserGivesEachSeriesItsOwnLabelsWhileItsTablesGrow() {
        TextFormatParser parser = new TextFormatParser();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append("m{id=\"").append(i).append("\",half=\"").append(i / 2).append("\"} ").append(i).append('\n');
        }
        for (int round = 0; round < 2; round++) {
            java.util.List<String> seen = new java.util.ArrayList<>();
            parser.read(text, (f, t, n, l, v, ts, series) -> {
                int i = (int) v;
                assertThat(l).containsExactly("id", Integer.toString(i), "half", Integer.toString(i / 2));
                assertThat(series).isEqualTo("m{id=\"" + i + "\",half=\"" + i / 2 + "\"}");
                seen.add(series);
            });
            assertThat(seen).hasSize(3000).doesNotHaveDuplicates();
        }
        assertThatThrownBy(() -> parser.read("m{id=\"1\",id=\"1\"} 1\n", (f, t, n, l, v, ts, series) -> { }))
                .hasMessageContaining("label id twice");
        assertThatThrownBy(() -> parser.read("m{id=\"1\",id=\"1\"} 1\n", (f, t, n, l, v, ts, series) -> { }))
                .as("a series that failed is not remembered as checked").hasMessageContaining("label id twice");
    }

    @Test
    void readsDecimalsExactlyAsJavaDoes() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        StringBuilder text = new StringBuilder();
        java.util.List<Double> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String v = switch (i % 4) {
                case 0 -> Long.toString(r.nextLong(1_000_000_000L)) + "." + r.nextInt(1000);
                case 1 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(-8, 12)));
                case 2 -> "0." + String.format("%09d", r.nextInt(1_000_000_000));
                default -> "-" + r.nextInt(100_000) + ".5" + r.nextInt(10) + "e" + r.nextInt(-5, 5);
            };
            text.append("v ").append(v).append('\n');
            expected.add(Double.parseDouble(v));
        }
        assertThat(parse(text.toString()).samples()).extracting(Sample::value).containsExactlyElementsOf(expected);
    }
}
