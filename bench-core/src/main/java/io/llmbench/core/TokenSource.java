package io.llmbench.core;

/** Where a request's token counts came from. */
public enum TokenSource {
    /** The server's {@code usage} object. */
    USAGE,
    /**
     * Counted here, without the server's word: the endpoint's token counter (a JTokkit encoding,
     * {@code cl100k_base} by default, or a plugged-in counter) run over the prompt or the generated
     * text.
     *
     * <p>How such an output count relates to what the server generated: a server sends at least
     * one token per content chunk, so the count is never below the number of content chunks; the
     * text's count leaves out whitespace that ends a streamed response's last chunk after other
     * text (the server generated it as part of a token such as {@code "word "}; at the end of the
     * text a tokenizer would count it alone). Beyond that the count is exact only when the counter
     * is the server's own tokenizer: another tokenizer typically differs by a few percent to tens of
     * percent on natural text, and by more on code, digits and non-English text. Ask the server for
     * usage ({@code stream_options.include_usage}, on by default) or plug in its tokenizer to be
     * exact; {@code Endpoint.Builder.countTokensLocally(true)} keeps both counts to compare.
     */
    TOKENIZER,
    /** Known from the request alone (e.g. a caller-declared prompt size); no count was taken. */
    DECLARED,
    /** No count is available (e.g. a failed request with no text). */
    NONE
}
