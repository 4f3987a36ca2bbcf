package io.llmbench.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.ResponseListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A minimal streaming chat-completions client over the JDK's HTTP client, for the sweep tests
 * against the simulated endpoint over real loopback HTTP while the project's OpenAI client is
 * being written. It handles only what the simulated endpoint sends (well-formed SSE).
 */
final class SseTestClient implements InferenceClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Endpoint endpoint;
    private final HttpClient http;

    SseTestClient(Endpoint endpoint, ClientOptions options) {
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(options.connectTimeout()).build();
    }

    /** An endpoint for the simulated endpoint at {@code baseUrl}, talking through this client. */
    static Endpoint endpoint(String name, String baseUrl, String model) {
        return Endpoint.openAi(baseUrl).model(model).name(name).client(SseTestClient::new).build();
    }

    @Override
    public InFlight send(Prompt prompt, ResponseListener listener) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", endpoint.model());
        ArrayNode messages = body.putArray("messages");
        for (Prompt.Message m : prompt.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        if (prompt.maxTokens() > 0) {
            body.put("max_tokens", prompt.maxTokens());
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        for (Map<String, Object> fields : java.util.List.of(endpoint.bodyFields(), prompt.bodyFields())) {
            fields.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint.requestUri()).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        Flow.Subscriber<String> lines = new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                if (finished.get() || !line.startsWith("data:")) {
                    return;
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    if (finished.compareAndSet(false, true)) {
                        listener.onComplete();
                    }
                    return;
                }
                try {
                    JsonNode chunk = JSON.readTree(data);
                    JsonNode choices = chunk.path("choices");
                    if (choices.isArray() && !choices.isEmpty()) {
                        listener.onChunk(true, choices.get(0).path("delta").path("content").asText(""));
                    }
                    JsonNode usage = chunk.path("usage");
                    if (usage.isObject()) {
                        listener.onUsage(usage.path("prompt_tokens").asInt(-1), usage.path("completion_tokens").asInt(-1));
                    }
                } catch (Exception e) {
                    if (finished.compareAndSet(false, true)) {
                        listener.onFailure(FailureKind.MALFORMED, "bad chunk: " + e.getMessage(), 200);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                if (finished.compareAndSet(false, true)) {
                    listener.onFailure(FailureKind.DISCONNECT, String.valueOf(t), 200);
                }
            }

            @Override
            public void onComplete() {
                if (finished.compareAndSet(false, true)) {
                    listener.onFailure(FailureKind.DISCONNECT, "stream ended before [DONE]", 200);
                }
            }
        };
        listener.onSent();
        http.sendAsync(request, info -> info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.fromLineSubscriber(lines)
                        : HttpResponse.BodySubscribers.replacing(null))
                .whenComplete((response, error) -> {
                    if (error != null && finished.compareAndSet(false, true)) {
                        listener.onFailure(FailureKind.CONNECT, String.valueOf(error), 0);
                    } else if (response != null && response.statusCode() != 200 && finished.compareAndSet(false, true)) {
                        int status = response.statusCode();
                        listener.onFailure(status == 429 ? FailureKind.HTTP_429 : status >= 500 ? FailureKind.HTTP_5XX
                                : FailureKind.HTTP_4XX, "HTTP " + status, status);
                    }
                });
        return () -> {
            finished.set(true);
            Flow.Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
        };
    }

    @Override
    public void close() {
    }
}
