package io.llmbench.core.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Pre-encoded responses of fixed-response mode, shared by all requests. */
final class FixedResponse {
    private final byte[][] bodies = new byte[8][]; // [chat][stream][keepAlive]
    private final int chatEvents;
    private final int textEvents;

    FixedResponse(Wire wire, int chunks, int tokensPerChunk, long seed) {
        int tokens = chunks * tokensPerChunk;
        for (int chat = 0; chat < 2; chat++) {
            byte[] head = wire.chunkHead(0, chat == 1, System.currentTimeMillis() / 1000);
            for (int keep = 0; keep < 2; keep++) {
                Bytes out = new Bytes(chunks * 200);
                Wire.streamHead(out, true, keep == 1);
                SplittableRandom text = new SplittableRandom(seed);
                int prev = -1;
                if (chat == 1) {
                    Wire.roleEvent(out, head, true);
                }
                for (int i = 0; i < chunks; i++) {
                    int mark = Wire.openContent(out, head, chat == 1);
                    for (int t = 0; t < tokensPerChunk; t++) {
                        prev = Vocabulary.next(text, prev);
                        out.add(Vocabulary.escaped(prev));
                    }
                    Wire.closeContent(out, mark, chat == 1, true);
                }
                Wire.finalEvent(out, head, chat == 1, "length", true);
                Wire.usageEvent(out, head, 0, tokens, true);
                Wire.doneEvent(out, true);
                Wire.lastChunk(out);
                bodies[chat * 4 + 2 + keep] = out.toArray();

                Bytes body = new Bytes(tokens * 8 + 256);
                wire.completionBody(body, 0, chat == 1, System.currentTimeMillis() / 1000, new SplittableRandom(seed),
                        tokens, "length", 0);
                Bytes json = new Bytes(body.length() + 256);
                Wire.response(json, 200, "", body.array(), body.length(), keep == 1);
                bodies[chat * 4 + keep] = json.toArray();
            }
        }
        this.chatEvents = chunks + 4;
        this.textEvents = chunks + 3;
    }

    ByteBuffer response(boolean chat, boolean stream, boolean keepAlive) {
        return ByteBuffer.wrap(bodies[(chat ? 4 : 0) + (stream ? 2 : 0) + (keepAlive ? 1 : 0)]);
    }

    int events(boolean chat) {
        return chat ? chatEvents : textEvents;
    }

    /** Whether the JSON body has {@code "stream": true}, found without parsing it. */
    static boolean isStream(byte[] body) {
        byte[] key = STREAM_KEY;
        outer:
        for (int i = 0; i + key.length <= body.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (body[i + j] != key[j]) {
                    continue outer;
                }
            }
            int k = i + key.length;
            while (k < body.length && (body[k] == ' ' || body[k] == ':' || body[k] == '\t'
                    || body[k] == '\n' || body[k] == '\r')) {
                k++;
            }
            return k < body.length && body[k] == 't';
        }
        return false;
    }

    private static final byte[] STREAM_KEY = "\"stream\"".getBytes(StandardCharsets.US_ASCII);
}
