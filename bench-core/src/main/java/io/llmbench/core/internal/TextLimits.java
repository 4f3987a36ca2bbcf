package io.llmbench.core.internal;

/**
 * The longest texts a result may carry, so that every store can keep it: the store's column
 * sizes, which file readers check too, so that a value too long is rejected on its line instead
 * of failing the whole save. Not API.
 */
public final class TextLimits {
    /** Names: endpoint, provider, model, hardware, engine, quantization, model size, prompt fields, label names, cell key. */
    public static final int NAME = 1000;
    /** A base URL and a label value. */
    public static final int LONG_NAME = 4000;
    /** Free text: workload description, notes, a request's error and response sample, warnings. */
    public static final int TEXT = 1_000_000;

    private TextLimits() {
    }
}
