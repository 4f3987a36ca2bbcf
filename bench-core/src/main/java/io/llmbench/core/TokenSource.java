package io.llmbench.core;

/** Where a request's token counts came from. */
public enum TokenSource {
    /** The server's {@code usage} object. */
    USAGE,
    /** A local tokenizer run over the prompt or the generated text. */
    TOKENIZER,
    /** Known from the request alone (e.g. a caller-declared prompt size); no count was taken. */
    DECLARED,
    /** No count is available (e.g. a failed request with no text). */
    NONE
}
