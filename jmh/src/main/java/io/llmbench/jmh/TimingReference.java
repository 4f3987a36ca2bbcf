package io.llmbench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The out-of-process timing reference of the load benchmark: {@code timing_server.c} (in
 * {@code jmh/src/main/c}, packed into the benchmarks jar), compiled with {@code gcc -O2} the first
 * time it is needed and run as its own process on 127.0.0.1. It streams each content chunk in its
 * own write on an exact grid (first token {@code ttftMillis} after the request was read, then one
 * every {@code gapMillis}) and reports, per request, when it read the request and wrote the first
 * and last token on {@code CLOCK_MONOTONIC}, the clock of this JVM's {@link System#nanoTime()} on
 * Linux, so the time the harness adds can be told apart from the time the server took. The process
 * is started through {@code setsid bash -c "ulimit -n $(ulimit -Hn); exec ..."}: in a session of its
 * own (so the kernel's per-session CPU grouping treats it as a separate service, not as part of the
 * benchmark's share) and with as many open files as the machine allows. Not thread-safe; {@link #close()} stops the process.
 */
final class TimingReference implements AutoCloseable {
    private static final String SOURCE = "timing_server.c";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TimingReference(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a server streaming {@code tokens} chunks per request (unless the request's
     * {@code max_tokens} says otherwise), or, with {@code bulkChunks > 0}, whole bodies of that many
     * chunks written at once.
     */
    static TimingReference start(double ttftMillis, double gapMillis, int tokens, int bulkChunks) {
        Path binary = binary();
        String command = "ulimit -n $(ulimit -Hn) && exec '" + binary + "' --port 0 --ttft-ms " + ttftMillis + " --gap-ms "
                + gapMillis + " --tokens " + tokens + (bulkChunks > 0 ? " --bulk " + bulkChunks : "");
        try {
            // its own session (setsid), so that it is scheduled as a separate service would be, not inside
            // the benchmark's share of the CPU (Linux groups the CPU share of a session's processes)
            Process p = new ProcessBuilder("setsid", "bash", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            String line = out.readLine();
            if (line == null || !line.startsWith("port ")) {
                p.destroyForcibly();
                throw new IllegalStateException("the timing server must print 'port N' first, but printed " + line);
            }
            return new TimingReference(p, Integer.parseInt(line.substring(5).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the timing server " + binary, e);
        }
    }

    /** The OpenAI base URL, {@code http://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** The server's counters: requests, writes, lateness of timed writes (ms), CPU seconds. */
    JsonNode stats() {
        try {
            return JSON.readTree(get("/stats"));
        } catch (IOException e) {
            throw new UncheckedIOException("the timing server's /stats was not JSON", e);
        }
    }

    /** Clears the server's counters and traces. */
    void reset() {
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** What the server did for one request, CLOCK_MONOTONIC nanoseconds. */
    record Trace(long tag, long key, long receivedNanos, long firstNanos, long lastNanos, int tokens) {
        /** The time the server really took to the first token. */
        long ttftNanos() {
            return firstNanos - receivedNanos;
        }

        /** The server's own time per output token after the first, or NaN. */
        double tpotMillis() {
            return tokens > 1 ? (lastNanos - firstNanos) / 1e6 / (tokens - 1) : Double.NaN;
        }
    }

    /** The finished requests since the last reset, by (tag, key). */
    Map<List<Long>, Trace> traces() {
        Map<List<Long>, Trace> out = new HashMap<>();
        for (String line : get("/trace").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(" ");
            Trace t = new Trace(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Integer.parseInt(f[5]));
            out.put(List.of(t.tag(), t.key()), t);
        }
        return out;
    }

    private String get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("could not reach the timing server at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The compiled server, built once per source version into the temporary directory. */
    static synchronized Path binary() {
        byte[] source;
        try (InputStream in = TimingReference.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SOURCE + " must be on the class path beside " + TimingReference.class.getName());
            }
            source = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + SOURCE, e);
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "llmbench-timing-server-" + hash);
        Path binary = dir.resolve("timing_server");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        try {
            Files.createDirectories(dir);
            Path src = dir.resolve(SOURCE);
            Files.write(src, source);
            Path tmp = dir.resolve("timing_server.tmp" + ProcessHandle.current().pid());
            Process gcc = new ProcessBuilder("gcc", "-O2", "-o", tmp.toString(), src.toString()).redirectErrorStream(true).start();
            String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (gcc.waitFor() != 0) {
                throw new IllegalStateException("gcc could not build " + src + ":\n" + log);
            }
            Files.move(tmp, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("could not build the timing server (gcc is needed) in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the timing server", e);
        }
    }
}
