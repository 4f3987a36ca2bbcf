package io.llmbench.core.internal.openai;

import io.llmbench.core.Endpoint;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Prompt;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.ResponseListener;

/** PLACEHOLDER: the OpenAI-compatible client over java.net.http (being written). Not API. */
public final class OpenAiClient implements InferenceClient {
    public OpenAiClient(Endpoint endpoint, ClientOptions options) {
    }

    @Override
    public InFlight send(Prompt prompt, ResponseListener listener) {
        listener.onFailure(FailureKind.OTHER, "not implemented yet", 0);
        return () -> { };
    }

    @Override
    public void close() {
    }
}
