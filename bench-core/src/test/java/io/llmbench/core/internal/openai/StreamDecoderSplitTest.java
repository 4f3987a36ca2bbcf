package io.llmbench.core.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.spi.Chunks;
import io.llmbench.core.spi.RecordingListener;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A long stream with every framing quirk, fed to the decoder whole, split at every byte boundary,
 * byte by byte and in random pieces: the events must always be the same, and the ones the stream was
 * built to carry.
 */
class StreamDecoderSplitTest {
    private static byte[] stream;
    private static List<String> expected;

    @BeforeAll
    static void build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> events = new ArrayList<>();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // a byte-order mark
        String[] ends = {"\n", "\r\n", "\r"};
        String[] words = {"Hello", " wörld", " ✓", " 日本語", " 🙂", "", " multi token chunk", " end"};
        write(out, ": keep-alive\n\n");
        write(out, "retry: 1000\n\n");
        write(out, "data: " + Chunks.role() + "\n\n");
        events.add("chunk(true,\"\")");
        for (int i = 0; i < 18; i++) { // each of the 6 framings with each of the 3 line ends
            String end = ends[(i / 6) % ends.length];
            String word = words[i % words.length] + i;
            switch (i % 6) {
                case 0 -> write(out, "data: " + Chunks.content(word) + end + end);
                case 1 -> write(out, "data:" + Chunks.content(word) + end + end);
                case 2 -> write(out, "event: message" + end + "id: " + i + end + "data: " + Chunks.content(word) + end + end);
                case 3 -> write(out, ": ping" + end + "data: " + Chunks.content(word) + end + end);
                case 4 -> {
                    // one JSON object over three data lines of one event
                    String json = Chunks.content(word);
                    int a = json.indexOf("\"choices\"");
                    int b = json.indexOf("\"finish_reason\"");
                    write(out, "data: " + json.substring(0, a) + end + "data: " + json.substring(a, b) + end
                            + "data: " + json.substring(b) + end + end);
                }
                default -> write(out, "data: " + Chunks.content(word) + end); // no blank line after it
            }
            events.add("chunk(true,\"" + word + "\")");
        }
        write(out, "\r\ndata: " + Chunks.finish("stop") + "\r\n\r\n");
        events.add("chunk(true,\"\")");
        write(out, "data: " + Chunks.usage(42, 61) + "\n\n");
        events.add("chunk(false,\"\")");
        events.add("usage(42,61)");
        write(out, "data: [DONE]\n\n");
        events.add("complete");
        stream = out.toByteArray();
        expected = List.copyOf(events);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> decode(int... cuts) {
        RecordingListener l = new RecordingListener();
        StreamDecoder d = new StreamDecoder(l, "test", s -> s);
        int from = 0;
        for (int cut : cuts) {
            d.feed(stream, from, cut - from, from);
            from = cut;
        }
        d.feed(stream, from, stream.length - from, from);
        d.end(stream.length);
        return l.received();
    }

    @Test
    void wholeStreamGivesTheBuiltEvents() {
        assertThat(stream.length).isGreaterThan(4_000);
        assertThat(decode()).isEqualTo(expected);
    }

    @Test
    void splittingAtAnyByteBoundaryGivesTheSameEvents() {
        for (int cut = 0; cut <= stream.length; cut++) {
            List<String> got = decode(cut);
            if (!got.equals(expected)) {
                assertThat(got).as("split at byte %d", cut).isEqualTo(expected);
            }
        }
    }

    @Test
    void feedingByteByByteGivesTheSameEvents() {
        int[] cuts = new int[stream.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertThat(decode(cuts)).isEqualTo(expected);
    }

    @Test
    void randomPiecesThroughReadOnlyBuffersGiveTheSameEvents() {
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            RecordingListener l = new RecordingListener();
            StreamDecoder d = new StreamDecoder(l, "test", s -> s);
            int at = 0;
            while (at < stream.length) {
                int n = Math.min(stream.length - at, 1 + random.nextInt(700));
                // read-only buffers have no accessible array: the copying path
                d.feed(ByteBuffer.wrap(stream, at, n).asReadOnlyBuffer(), at);
                at += n;
            }
            d.end(stream.length);
            assertThat(l.received()).as("run %d", run).isEqualTo(expected);
        }
    }
}
