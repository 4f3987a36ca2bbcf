package io.llmbench.core.spi;

/**
 * Counts the tokens of a text, for the counts a server does not report: plug in the server's own
 * tokenizer with {@code Endpoint.openAi(...).tokenCounter(counter)}. Implementations must be
 * thread-safe: the engine calls {@link #count} from several threads at once.
 *
 * <p>A counter that throws does not stop a benchmark: the request it was counting is recorded as
 * a failure of kind {@code OTHER} whose message names the counter and its exception.
 */
@FunctionalInterface
public interface TokenCounter {
    /**
     * The number of tokens in {@code text}.
     *
     * @param text the text, never null; may be empty
     * @return a count >= 0
     */
    int count(String text);
}
