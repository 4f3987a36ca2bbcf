package io.llmbench.core.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    /** Records what the parser reports as strings: {@code data[x]}, {@code blank}, {@code event[x]}, ... */
    private static final class Lines implements SseParser.Handler {
        final List<String> got = new ArrayList<>();

        @Override
        public void onData(byte[] buf, int off, int len) {
            got.add("data[" + new String(buf, off, len, StandardCharsets.UTF_8) + "]");
        }

        @Override
        public void onBlankLine() {
            got.add("blank");
        }

        @Override
        public void onOtherField(String name, byte[] line, int off, int len, int value) {
            got.add((name == null ? "other" : name) + "[" + new String(line, value, off + len - value, StandardCharsets.UTF_8) + "]");
        }

        @Override
        public void onComment(byte[] buf, int off, int len) {
            got.add("comment[" + new String(buf, off, len, StandardCharsets.UTF_8) + "]");
        }

        @Override
        public void onLineTooLong(int limit) {
            got.add("too-long " + limit);
        }
    }

    private static List<String> parse(String... pieces) {
        Lines lines = new Lines();
        SseParser p = new SseParser(lines, 64);
        for (String s : pieces) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            p.feed(b, 0, b.length);
        }
        p.end();
        return lines.got;
    }

    @Test
    void splitsFieldsAndRemovesOneSpaceAfterTheColon() {
        assertThat(parse("data: a\ndata:b\ndata:  c\ndata\nevent: x\nid: 7\nretry: 10\nfoo: bar\nno colon\n\n"))
                .containsExactly("data[a]", "data[b]", "data[ c]", "data[]", "event[x]", "id[7]", "retry[10]",
                        "other[bar]", "other[]", "blank");
    }

    @Test
    void reportsComments() {
        assertThat(parse(": ping\n:\n")).containsExactly("comment[: ping]", "comment[:]");
    }

    @Test
    void treatsLfCrlfAndCrAlikeEvenWhenCrlfIsSplit() {
        assertThat(parse("data: a\r", "\ndata: b\r", "\r", "\ndata: c\n\r\n"))
                .containsExactly("data[a]", "data[b]", "blank", "data[c]", "blank");
    }

    @Test
    void dropsAByteOrderMarkEvenWhenSplit() {
        assertThat(parse("\u00EF", "\u00BB", "\u00BFdata: a\n")).containsExactly("data[a]");
    }

    @Test
    void keepsBytesThatOnlyStartLikeAByteOrderMark() {
        assertThat(parse("\u00EF", "\u00BBx: y\n")).containsExactly("other[y]");
        assertThat(parse("\u00EF")).containsExactly("other[]");
    }

    @Test
    void processesALastLineWithoutLineEndAtTheEnd() {
        assertThat(parse("data: a\ndata: [DO", "NE]")).containsExactly("data[a]", "data[[DONE]]");
    }

    @Test
    void stopsAtALineLongerThanTheLimit() {
        assertThat(parse("data: ok\n", "data: " + "x".repeat(40), "y".repeat(40), "\ndata: never\n"))
                .containsExactly("data[ok]", "too-long 64");
        assertThat(parse("data: ok\ndata: " + "x".repeat(80) + "\ndata: never\n")).containsExactly("data[ok]", "too-long 64");
    }

    @Test
    void stopMakesLaterFeedsNoOps() {
        Lines lines = new Lines();
        SseParser p = new SseParser(lines);
        p.feed("data: a\n".getBytes(StandardCharsets.UTF_8), 0, 8);
        p.stop();
        p.feed("data: b\n".getBytes(StandardCharsets.UTF_8), 0, 8);
        p.end();

        assertThat(lines.got).containsExactly("data[a]");
        assertThat(p.isStopped()).isTrue();
    }

    @Test
    void findsLineEndsLikeAByteByByteScan() {
        java.util.Random random = new java.util.Random(11);
        byte[] alphabet = {'a', '\n', '\r', 0, 1, 0x0B, 0x0C, 0x0E, (byte) 0x8A, (byte) 0x8D, (byte) 0xFF, 0x7F, 'x'};
        for (int run = 0; run < 20_000; run++) {
            byte[] b = new byte[random.nextInt(40)];
            int density = 1 + random.nextInt(30);
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(density) == 0 ? alphabet[random.nextInt(alphabet.length)]
                        : alphabet[random.nextInt(alphabet.length - 3) + 3];
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int end = from + (b.length == from ? 0 : random.nextInt(b.length - from + 1));
            int expected = -1;
            for (int i = from; i < end; i++) {
                if (b[i] == '\n' || b[i] == '\r') {
                    expected = i;
                    break;
                }
            }
            assertThat(SseParser.indexOfLineEnd(b, from, end)).as("run %d", run).isEqualTo(expected);
        }
    }

    @Test
    void rejectsATinyLineLimit() {
        assertThatThrownBy(() -> new SseParser(new Lines(), 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLineBytes must be >= 16, but was 8");
    }
}
