package io.llmbench.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * One endpoint given by flags. The group repeats: each {@code --url} starts another endpoint, and
 * the flags after it up to the next {@code --url} describe it.
 */
final class EndpointSpec {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--url", required = true, paramLabel = "URL", order = 1,
            description = "Base URL of an OpenAI-compatible API, e.g. http://localhost:8000/v1. Starts an endpoint.")
    String url;

    @Option(names = "--model", required = true, paramLabel = "MODEL", order = 2, description = "Model id sent in requests.")
    String model;

    @Option(names = "--name", paramLabel = "NAME", order = 3, description = "Unique endpoint name (default: the model id).")
    String name;

    @Option(names = "--api-key-env", paramLabel = "VAR", order = 4,
            description = "Environment variable holding the API key (sent as a bearer token; never printed or stored).")
    String apiKeyEnv;

    @Option(names = "--api-key", paramLabel = "KEY", order = 5,
            description = "The API key itself; prefer --api-key-env (command lines are visible to other users).")
    String apiKey;

    @Option(names = "--provider", paramLabel = "NAME", order = 6, description = "Provider label, e.g. vllm, together.")
    String provider;

    @Option(names = "--hardware", paramLabel = "LABEL", order = 7, description = "Hardware label, e.g. H100-80GB.")
    String hardware;

    @Option(names = "--gpus", paramLabel = "N", order = 8, description = "GPUs serving the endpoint.")
    int gpus;

    @Option(names = "--engine", paramLabel = "NAME", order = 9, description = "Serving engine, e.g. vllm, tgi, sglang.")
    String engine;

    @Option(names = "--quantization", paramLabel = "NAME", order = 10, description = "Quantization, e.g. fp8.")
    String quantization;

    @Option(names = "--model-size", paramLabel = "LABEL", order = 11, description = "Model size label, e.g. 8B.")
    String modelSize;

    @Option(names = "--api", paramLabel = "chat|completions", order = 12,
            description = "API flavour: chat (/chat/completions, default) or completions (/completions).")
    Endpoint.Api api = Endpoint.Api.CHAT;

    @Option(names = "--no-stream", order = 13, description = "Ask for whole JSON responses instead of a stream.")
    boolean noStream;

    @Option(names = "--header", paramLabel = "NAME=VALUE", order = 14,
            description = "Extra HTTP header (repeatable). Values are treated as secrets: masked in messages, stores and reports.")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--secret-body", paramLabel = "FIELD=VALUE", order = 15,
            description = "Extra request body field holding a credential (repeatable): sent as a JSON string, masked everywhere.")
    Map<String, String> secretBody = new LinkedHashMap<>();

    @Option(names = "--body", paramLabel = "FIELD=JSON", order = 16,
            description = "Extra request body field (repeatable), value as JSON: --body temperature=0 --body ignore_eos=true.")
    Map<String, String> body = new LinkedHashMap<>();

    @Option(names = "--tokenizer", paramLabel = "ENCODING", order = 17,
            description = "Encoding for counting tokens the server does not report: cl100k_base (default), o200k_base, "
                    + "p50k_base, p50k_edit or r50k_base.")
    String tokenizer;

    @Option(names = "--client", paramLabel = "netty|jdk", order = 17,
            description = "HTTP client: netty (event loops, HTTP/1.1, the default) or jdk (java.net.http, for servers "
                    + "that speak only HTTP/2 over TLS).")
    Endpoint.Transport client = Endpoint.DEFAULT_TRANSPORT;

    /** The display name: the name, or the model id. */
    String displayName() {
        return name != null ? name : model;
    }

    /** Builds the endpoint with metadata overrides (null keeps the flag's value). */
    Endpoint build(CliContext ctx, String hardwareOverride, int gpusOverride, String engineOverride, String quantOverride) {
        Endpoint.Builder b = Endpoint.openAi(url).model(model).name(displayName()).api(api).stream(!noStream)
                .transport(client);
        String key = apiKey;
        if (apiKeyEnv != null) {
            key = ctx.env().apply(apiKeyEnv);
            if (key == null || key.isEmpty()) {
                throw CliException.badFlag("--api-key-env", "environment variable " + apiKeyEnv + " is not set");
            }
        }
        if (key != null) {
            ctx.secret(key);
            b.apiKey(key);
        }
        b.provider(provider).hardware(hardwareOverride != null ? hardwareOverride : hardware)
                .gpuCount(gpusOverride > 0 ? gpusOverride : gpus)
                .engine(engineOverride != null ? engineOverride : engine)
                .quantization(quantOverride != null ? quantOverride : quantization).modelSize(modelSize);
        if (gpus < 0) {
            throw CliException.badFlag("--gpus", "must be >= 0, but was " + gpus);
        }
        headers.forEach((k, v) -> {
            ctx.secret(v);
            b.header(k, v);
        });
        body.forEach((k, v) -> b.bodyField(k, jsonValue(v)));
        secretBody.forEach((k, v) -> {
            ctx.secret(v);
            try {
                b.secretBodyField(k, v);
            } catch (IllegalArgumentException e) {
                throw CliException.badFlag("--secret-body", e.getMessage());
            }
        });
        if (tokenizer != null) {
            try {
                b.tokenizer(tokenizer);
            } catch (IllegalArgumentException e) {
                throw CliException.badFlag("--tokenizer", e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw CliException.badFlag("--url " + url, e.getMessage());
        }
    }

    Endpoint build(CliContext ctx) {
        return build(ctx, null, 0, null, null);
    }

    private static Object jsonValue(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}
