package io.llmbench.core.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** A plain JDK HTTP client for the tests: records when each SSE {@code data:} line arrives. */
final class SimClient {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final String baseUrl;

    SimClient(SimulatedEndpoint sim) {
        this.baseUrl = sim.baseUrl();
    }

    record Event(long nanos, String data) {
        boolean isDone() {
            return data.equals("[DONE]");
        }

        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A streamed response: every data line with its arrival time, and the error that ended it, if any. */
    record Streamed(int status, Map<String, List<String>> headers, long sentNanos, List<Event> events, Throwable error,
                    String errorBody) {
        List<JsonNode> chunks() {
            List<JsonNode> out = new ArrayList<>();
            for (Event e : events) {
                if (!e.isDone()) {
                    out.add(e.json());
                }
            }
            return out;
        }

        /** Events carrying generated text. */
        List<Event> contentEvents() {
            List<Event> out = new ArrayList<>();
            for (Event e : events) {
                if (e.isDone()) {
                    continue;
                }
                JsonNode j;
                try {
                    j = JSON.readTree(e.data);
                } catch (IOException x) {
                    continue;
                }
                JsonNode choices = j.path("choices");
                if (choices.size() > 0) {
                    JsonNode c = choices.get(0);
                    String text = c.has("text") ? c.path("text").asText() : c.path("delta").path("content").asText("");
                    if (!text.isEmpty()) {
                        out.add(e);
                    }
                }
            }
            return out;
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (Event e : contentEvents()) {
                JsonNode c = e.json().path("choices").get(0);
                sb.append(c.has("text") ? c.path("text").asText() : c.path("delta").path("content").asText());
            }
            return sb.toString();
        }

        double ttftMillis() {
            return (contentEvents().get(0).nanos - sentNanos) / 1e6;
        }

        /** (last content − first content) / (content events − 1), ms. */
        double tpotMillis() {
            List<Event> c = contentEvents();
            return (c.get(c.size() - 1).nanos - c.get(0).nanos) / 1e6 / (c.size() - 1);
        }
    }

    static String chat(int maxTokens, String content, boolean stream) {
        return "{\"model\":\"" + SimulatedEndpoint.DEFAULT_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + quote(content) + "}]" + (maxTokens > 0 ? ",\"max_tokens\":" + maxTokens : "") + ",\"stream\":" + stream
                + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpRequest request(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    Streamed stream(String path, String body, String... headers) {
        long sent = System.nanoTime();
        HttpResponse<Stream<String>> r;
        try {
            r = http.send(request(path, body, headers), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            return new Streamed(-1, Map.of(), sent, List.of(), e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return read(r, sent);
    }

    CompletableFuture<Streamed> streamAsync(String path, String body, String... headers) {
        long sent = System.nanoTime();
        return http.sendAsync(request(path, body, headers), HttpResponse.BodyHandlers.ofLines())
                .thenApply(r -> read(r, sent));
    }

    private static Streamed read(HttpResponse<Stream<String>> r, long sent) {
        List<Event> events = new ArrayList<>();
        Throwable error = null;
        StringBuilder other = new StringBuilder();
        try (Stream<String> lines = r.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                long now = System.nanoTime();
                if (line.startsWith("data:")) {
                    events.add(new Event(now, line.substring(5).trim()));
                } else if (!line.isEmpty()) {
                    other.append(line);
                }
            }
        } catch (RuntimeException e) {
            error = e.getCause() != null ? e.getCause() : e;
        }
        return new Streamed(r.statusCode(), r.headers().map(), sent, events, error, other.toString());
    }

    record Response(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Response post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path, body, headers), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().map(), r.body());
    }

    Response get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().map(), r.body());
    }

    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
