package io.llmbench.core;

import io.llmbench.core.internal.Tokenizers;
import io.llmbench.core.internal.openai.JdkOpenAiClient;
import io.llmbench.core.internal.openai.NettyOpenAiClient;
import io.llmbench.core.spi.ClientFactory;
import io.llmbench.core.spi.TokenCounter;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;

/**
 * An inference endpoint to benchmark: where it is, how to talk to it and what stands behind it.
 * Immutable and thread-safe. The API key is held as a {@link Secret}: it never appears in
 * {@link #toString()}, results, stores or reports. So are the values of extra headers and of
 * body fields given with {@link Builder#secretBodyField}: every message the harness keeps (a
 * request's error and response sample, exceptions) passes through {@link #redact}.
 *
 * <pre>{@code
 * Endpoint e = Endpoint.openAi("http://localhost:8000/v1")
 *         .model("meta-llama/Llama-3.1-8B-Instruct")
 *         .apiKey(System.getenv("API_KEY"))
 *         .name("llama-vllm")
 *         .build();
 * }</pre>
 */
public final class Endpoint {
    /** The OpenAI-compatible API flavours. */
    public enum Api {
        /** {@code POST {base}/chat/completions} with a {@code messages} array. */
        CHAT("chat/completions"),
        /** {@code POST {base}/completions} with a {@code prompt} string. */
        COMPLETIONS("completions");

        private final String path;

        Api(String path) {
            this.path = path;
        }

        /** The path below the base URL. */
        public String path() {
            return path;
        }
    }

    /**
     * How the built-in OpenAI-compatible client talks HTTP. Both report the same events for the
     * same bytes (one compatibility kit runs against both).
     */
    public enum Transport {
        /**
         * Netty event loops, HTTP/1.1 with keep-alive (the default): bytes are parsed on the loop
         * that read them and stamped once per socket read, so the harness adds little to what it
         * measures even at thousands of concurrent streams.
         */
        NETTY,
        /**
         * {@code java.net.http}: HTTP/2 over TLS when the server offers it, HTTP/1.1 otherwise. For
         * servers that speak only HTTP/2; every read is handed between threads, so it adds more
         * latency than {@link #NETTY} under load.
         */
        JDK
    }

    /** The transport of the built-in client unless one is chosen: {@link Transport#NETTY}. */
    public static final Transport DEFAULT_TRANSPORT = Transport.NETTY;

    /** The tokenizer encoding used when the server reports no usage and none is set. */
    public static final String DEFAULT_TOKENIZER = "cl100k_base";
    /** The {@link #tokenizer()} name of an endpoint with a plugged-in {@link TokenCounter}. */
    public static final String CUSTOM_TOKENIZER = "custom";

    private final Deployment deployment;
    private final URI baseUrl;
    private final Api api;
    private final boolean stream;
    private final boolean includeUsage;
    private final Map<String, String> headers;
    private final Map<String, Object> bodyFields;
    private final Secret apiKey;
    private final List<Secret> secrets;
    private final String tokenizer;
    private final TokenCounter tokenCounter;
    private final boolean countTokensLocally;
    private final ClientFactory client;
    private final Transport transport;
    private final SSLContext sslContext;

    private Endpoint(Builder b, URI baseUrl) {
        this.baseUrl = baseUrl;
        this.api = b.api;
        this.stream = b.stream;
        this.includeUsage = b.includeUsage;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.bodyFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.bodyFields));
        this.apiKey = b.apiKey;
        this.secrets = secrets(b);
        this.tokenizer = b.tokenizer;
        this.tokenCounter = b.tokenCounter;
        this.countTokensLocally = b.countTokensLocally;
        this.transport = b.transport;
        this.sslContext = b.sslContext;
        this.client = b.client != null ? b.client
                : b.transport == Transport.JDK ? JdkOpenAiClient::new : NettyOpenAiClient::new;
        String name = b.name != null ? b.name : b.model;
        this.deployment = new Deployment(name, b.provider, b.model, baseUrl.toString(), b.hardware, b.gpuCount,
                b.engine, b.quantization, b.contextWindow, b.modelSize, b.labels);
    }

    /** Starts an endpoint for an OpenAI-compatible server; {@code baseUrl} usually ends in {@code /v1}. */
    public static Builder openAi(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** The endpoint's name (unique within a benchmark); defaults to the model id. */
    public String name() {
        return deployment.name();
    }

    /** The model id sent with each request. */
    public String model() {
        return deployment.model();
    }

    /** The metadata stored with this endpoint's runs. */
    public Deployment deployment() {
        return deployment;
    }

    /** The base URL, e.g. {@code http://localhost:8000/v1}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The full URL requests go to. */
    public URI requestUri() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + api.path());
    }

    public Api api() {
        return api;
    }

    /** Whether responses are streamed (SSE). Default true. */
    public boolean stream() {
        return stream;
    }

    /** Whether streamed requests ask for {@code stream_options.include_usage}. Default true. */
    public boolean includeUsage() {
        return includeUsage;
    }

    /**
     * Extra HTTP headers, in insertion order. The values are what is sent, for clients: they are
     * masked in every message the harness keeps, and must never be printed.
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Extra top-level body fields (e.g. {@code ignore_eos}, {@code temperature}), in insertion
     * order, secret ones included with their values (for clients; never print them).
     */
    public Map<String, Object> bodyFields() {
        return bodyFields;
    }

    /**
     * The text with every configured secret replaced by {@code ****}: the API key, each header
     * value of at least {@value #MIN_MASKED_LENGTH} characters (and each word of at least
     * {@value #MIN_MASKED_WORD_LENGTH} characters in it, so the token of
     * {@code Authorization: Bearer <token>} is masked when a server echoes only the token), and
     * each {@link Builder#secretBodyField secret body field}. For every message built from what a
     * server sent or an exception said; null stays null. Clients of the SPI should pass their
     * failure messages through it.
     */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String t = text;
        for (Secret s : secrets) {
            t = s.redact(t);
        }
        return t;
    }

    /** Header values shorter than this are not masked: they cannot be credentials, and masking them would garble messages. */
    public static final int MIN_MASKED_LENGTH = 4;
    /** Words of a header value at least this long are masked on their own too. */
    public static final int MIN_MASKED_WORD_LENGTH = 8;

    /** The secrets to mask, longest first, so that a value is masked before a word of it. */
    private static List<Secret> secrets(Builder b) {
        java.util.Set<String> values = new java.util.HashSet<>();
        if (b.apiKey != null) {
            values.add(b.apiKey.reveal());
        }
        for (String v : b.headers.values()) {
            if (v.strip().length() >= MIN_MASKED_LENGTH) {
                values.add(v);
                for (String word : v.strip().split("\\s+")) {
                    if (word.length() >= MIN_MASKED_WORD_LENGTH) {
                        values.add(word);
                    }
                }
            }
        }
        values.addAll(b.secretBodyFields);
        return values.stream().sorted(java.util.Comparator.comparingInt(String::length).reversed().thenComparing(v -> v))
                .map(Secret::of).toList();
    }

    /** The bearer token, if any. */
    public Optional<Secret> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /**
     * The name of the tokenizer that counts tokens the server did not report: a JTokkit encoding
     * name, or {@link #CUSTOM_TOKENIZER} when a {@link TokenCounter} was plugged in.
     */
    public String tokenizer() {
        return tokenizer;
    }

    /** What counts tokens the server did not report: the {@link #tokenizer()} encoding, or the plugged-in counter. */
    public TokenCounter tokenCounter() {
        return tokenCounter;
    }

    /** Whether output is also counted with the local tokenizer when the server reports usage. Default false. */
    public boolean countTokensLocally() {
        return countTokensLocally;
    }

    /** The built-in client's transport; {@link #DEFAULT_TRANSPORT} unless chosen. */
    public Transport transport() {
        return transport;
    }

    /** The TLS context for {@code https} (trust store, client certificate), if one was set; else the JDK's default. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** The client factory for this endpoint's protocol: the built-in client of {@link #transport()} unless one was set. */
    public ClientFactory clientFactory() {
        return client;
    }

    @Override
    public String toString() {
        return "Endpoint[" + name() + ", " + baseUrl + ", model=" + model() + ", api=" + api
                + (apiKey != null ? ", apiKey=****" : "") + "]";
    }

    /** Builds an {@link Endpoint}. Not thread-safe. */
    public static final class Builder {
        private final String baseUrl;
        private String model;
        private String name;
        private String provider;
        private String hardware;
        private int gpuCount;
        private String engine;
        private String quantization;
        private int contextWindow;
        private String modelSize;
        private final Map<String, String> labels = new TreeMap<>();
        private Api api = Api.CHAT;
        private boolean stream = true;
        private boolean includeUsage = true;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, Object> bodyFields = new LinkedHashMap<>();
        private final List<String> secretBodyFields = new java.util.ArrayList<>();
        private Secret apiKey;
        private String tokenizer = DEFAULT_TOKENIZER;
        private TokenCounter tokenCounter = Tokenizers.counter(DEFAULT_TOKENIZER);
        private boolean countTokensLocally;
        private ClientFactory client;
        private Transport transport = DEFAULT_TRANSPORT;
        private boolean transportSet;
        private SSLContext sslContext;

        private Builder(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** The model id (required). */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** A unique name within a benchmark; defaults to the model id. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The bearer token; null or blank means none. Held as a {@link Secret}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : Secret.of(apiKey);
            return this;
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        public Builder hardware(String hardware) {
            this.hardware = hardware;
            return this;
        }

        public Builder gpuCount(int gpuCount) {
            this.gpuCount = gpuCount;
            return this;
        }

        public Builder engine(String engine) {
            this.engine = engine;
            return this;
        }

        public Builder quantization(String quantization) {
            this.quantization = quantization;
            return this;
        }

        public Builder contextWindow(int contextWindow) {
            this.contextWindow = contextWindow;
            return this;
        }

        public Builder modelSize(String modelSize) {
            this.modelSize = modelSize;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(Objects.requireNonNull(key, "label key"), Objects.requireNonNull(value, "label value"));
            return this;
        }

        /** Chat completions (default) or text completions. */
        public Builder api(Api api) {
            this.api = Objects.requireNonNull(api, "api");
            return this;
        }

        /** Stream responses with SSE (default true). */
        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        /** Ask for {@code stream_options.include_usage} (default true). */
        public Builder includeUsage(boolean includeUsage) {
            this.includeUsage = includeUsage;
            return this;
        }

        /**
         * An extra HTTP header on every request. Its value is treated as a secret: masked in every
         * message the harness keeps (see {@link Endpoint#redact}).
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value"));
            return this;
        }

        /** An extra top-level JSON body field on every request, e.g. {@code ("ignore_eos", true)}. */
        public Builder bodyField(String name, Object value) {
            bodyFields.put(Objects.requireNonNull(name, "body field name"), value);
            return this;
        }

        /**
         * An extra top-level JSON body field holding a credential (some gateways take a key in
         * the body): sent like {@link #bodyField}, as a JSON string, and masked in every message
         * the harness keeps.
         *
         * @throws IllegalArgumentException when the value is blank
         */
        public Builder secretBodyField(String name, String value) {
            Objects.requireNonNull(value, "secret body field value");
            if (value.isBlank()) {
                throw new IllegalArgumentException("secret body field '" + name + "' must not be blank");
            }
            bodyFields.put(Objects.requireNonNull(name, "body field name"), value);
            secretBodyFields.add(value);
            return this;
        }

        /**
         * The JTokkit encoding for local counts: {@code cl100k_base} (default), {@code o200k_base},
         * {@code p50k_base}, {@code p50k_edit} or {@code r50k_base}.
         *
         * @throws IllegalArgumentException when JTokkit has no such encoding; the message lists those it has
         */
        public Builder tokenizer(String encoding) {
            this.tokenCounter = Tokenizers.counter(Objects.requireNonNull(encoding, "tokenizer"));
            this.tokenizer = encoding;
            return this;
        }

        /**
         * Counts tokens the server did not report with this counter instead of a JTokkit encoding,
         * e.g. the served model's own tokenizer; {@link Endpoint#tokenizer()} is then
         * {@value Endpoint#CUSTOM_TOKENIZER}.
         */
        public Builder tokenCounter(TokenCounter counter) {
            this.tokenCounter = Objects.requireNonNull(counter, "tokenCounter");
            this.tokenizer = CUSTOM_TOKENIZER;
            return this;
        }

        /** Also count output tokens locally when the server reports usage, keeping both counts. */
        public Builder countTokensLocally(boolean on) {
            this.countTokensLocally = on;
            return this;
        }

        /** The built-in client's transport: {@link Transport#NETTY} (default) or {@link Transport#JDK}. */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.transportSet = true;
            return this;
        }

        /**
         * The TLS context for an {@code https} base URL, e.g. one that trusts a private CA; default:
         * the JDK's default context. Host names are verified either way.
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /** Use another protocol's client instead of the OpenAI-compatible one. */
        public Builder client(ClientFactory factory) {
            this.client = Objects.requireNonNull(factory, "client");
            return this;
        }

        /**
         * @throws IllegalStateException when the model is missing, the base URL is not an http(s) URL, or
         *                               both a transport and a client factory were set
         */
        public Endpoint build() {
            if (model == null || model.isBlank()) {
                throw new IllegalStateException("endpoint model must be set, but was " + (model == null ? "null" : "blank"));
            }
            URI uri;
            try {
                uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("endpoint baseUrl must be a valid URI, but was '" + baseUrl + "'", e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalStateException("endpoint baseUrl must be an http(s) URL with a host, but was '" + baseUrl + "'");
            }
            if (uri.getUserInfo() != null) {
                throw new IllegalStateException("endpoint baseUrl must not carry credentials; use apiKey(...) instead");
            }
            if (client != null && transportSet) {
                throw new IllegalStateException("endpoint transport applies to the built-in client only, but a client "
                        + "factory was set too; choose one");
            }
            if (gpuCount < 0) {
                throw new IllegalStateException("endpoint gpuCount must be >= 0, but was " + gpuCount);
            }
            return new Endpoint(this, uri);
        }
    }
}
