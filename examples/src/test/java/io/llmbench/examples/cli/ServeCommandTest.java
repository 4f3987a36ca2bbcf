package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmbench serve}: the web application over a store, the key from the environment. */
class ServeCommandTest {
    static final String KEY = "serve-key-0123456789abcdef";

    @TempDir
    Path tmp;

    @Test
    void servesTheStoresRunsWithTheKeyFromTheEnvironmentUntilStopped() throws Exception {
        Path csv = tmp.resolve("sample.csv");
        try (var in = ServeCommandTest.class.getResourceAsStream("/io/llmbench/examples/sample-summary.csv")) {
            Files.write(csv, in.readAllBytes());
        }
        String store = tmp.resolve("llmbench").toString();
        Cli.Result imported = Cli.run("import", csv.toString(), "--store", store);
        assertThat(imported.code()).as(imported.toString()).isZero();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), Map.of("LLMBENCH_SERVICE_KEY", KEY)::get, false);
        int[] code = {-1};
        Thread server = new Thread(() -> code[0] = Llmbench.execute(ctx, "serve", "--store", store, "--port", "0"), "serve-test");
        server.start();
        String url = Cli.awaitFirstLine(out, "http://");
        assertThat(url).as(err.toString()).startsWith("http://127.0.0.1:").endsWith("/");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(url + "api/models")).header("X-API-Key", KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"model\":\"llama-8b\"", "\"model\":\"qwen-32b\"");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url + "api/models")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("<title>llmbench</title>");

        server.interrupt();
        server.join(20_000);
        assertThat(code[0]).as(err.toString()).isZero();
        assertThat(out.toString()).contains("serving " + tmp.resolve("llmbench.mv.db"), "until Ctrl-C", "/openapi.json", "stopped")
                .doesNotContain(KEY);
        assertThat(err.toString()).doesNotContain(KEY);
    }

    @Test
    void refusesToStartWithoutAKeyOrWithAShortOneWithoutShowingIt() {
        Cli.Result none = Cli.run("serve", "--store", tmp.resolve("s").toString(), "--port", "0");
        assertThat(none.code()).isEqualTo(Llmbench.USAGE);
        assertThat(none.err()).contains("--key-env", "environment variable LLMBENCH_SERVICE_KEY must hold the API key, but is not set");

        Cli.Result shortKey = Cli.run(Map.of("MY_KEY", "tiny-secret"), "serve", "--key-env", "MY_KEY", "--store",
                tmp.resolve("s").toString(), "--port", "0");
        assertThat(shortKey.code()).isEqualTo(Llmbench.USAGE);
        assertThat(shortKey.err()).contains("API key must have at least 16 characters, but had 11").doesNotContain("tiny-secret");
    }
}
