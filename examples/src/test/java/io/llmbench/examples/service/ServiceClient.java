package io.llmbench.examples.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** Calls a running service over real HTTP, as its clients do. Thread-safe. */
final class ServiceClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, JSON body (null unless JSON), text and headers. */
    record Res(int status, JsonNode json, String text, HttpHeaders headers) {
        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

    private final URI base;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ServiceClient(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    Res call(String method, String path, String body, String contentType, String key) throws IOException, InterruptedException {
        return send(method, path, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                contentType, key);
    }

    Res get(String path) throws IOException, InterruptedException {
        return call("GET", path, null, null, key);
    }

    Res delete(String path) throws IOException, InterruptedException {
        return call("DELETE", path, null, null, key);
    }

    Res post(String path, String json) throws IOException, InterruptedException {
        return call("POST", path, json, "application/json", key);
    }

    Res csv(String path, String csv) throws IOException, InterruptedException {
        return call("POST", path, csv, "text/csv", key);
    }

    /** A multipart/form-data POST with one file field, as a browser's form sends it. */
    Res multipart(String path, String field, String filename, byte[] content) throws IOException, InterruptedException {
        String boundary = "----llmbench" + UUID.randomUUID();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(content);
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(b.toByteArray()), "multipart/form-data; boundary=" + boundary, key);
    }

    private Res send(String method, String path, HttpRequest.BodyPublisher body, String contentType, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).method(method, body);
        if (key != null) {
            b.header(BenchService.API_KEY_HEADER, key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                ? null : JSON.readTree(r.body());
        return new Res(r.statusCode(), json, r.body(), r.headers());
    }

    static String sampleCsv() throws IOException {
        try (InputStream in = ServiceClient.class.getResourceAsStream("/io/llmbench/examples/sample-summary.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The sample CSV with line 4's traffic_level made text: one bad row. */
    static String sampleCsvWithBadLine4() throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>(sampleCsv().lines().toList());
        String[] cells = lines.get(3).split(",", -1);
        cells[3] = "eight";
        lines.set(3, String.join(",", cells));
        return String.join("\n", lines) + "\n";
    }
}
