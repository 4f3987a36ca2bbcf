package io.llmbench.core.workload;

import io.llmbench.core.Endpoint;
import io.llmbench.core.internal.Tokenizers;
import io.llmbench.core.workload.PromptFileParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads prompts from files. Two formats:
 *
 * <p><b>JSONL</b> ({@link #jsonl()}): one JSON object per line; blank lines are ignored. Each
 * object has either {@code "prompt"} (a non-blank string, sent as one user message) or
 * {@code "messages"} (a non-empty array of {@code {"role": ..., "content": "..."}} with role
 * {@code system}, {@code developer}, {@code user}, {@code assistant} or {@code tool}), and
 * optionally:
 * <ul>
 *   <li>{@code "max_tokens"} or its alias {@code "output_tokens"}: an integer {@code >= 1}, the
 *       output limit (otherwise the loader's {@linkplain Loader#defaultMaxTokens(int) default});</li>
 *   <li>{@code "id"}: a string or integer unique in the file (default {@code <file stem>-<line>});</li>
 *   <li>{@code "category"}, {@code "length"}, {@code "complexity"}: strings kept in {@link PromptInfo}.</li>
 * </ul>
 * Other fields are ignored.
 * <pre>{@code
 * {"id": "q1", "prompt": "What is the capital of France?", "max_tokens": 64, "category": "factual_qa"}
 * {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]}
 * }</pre>
 *
 * <p><b>ShareGPT</b> ({@link #shareGpt()}): a JSON array of conversations (the usual dataset
 * file), or one conversation per line. Each conversation has {@code "conversations"}: an array of
 * {@code {"from": ..., "value": "..."}}. As in vLLM's serving benchmark, the first human turn
 * ({@code from} = {@code human} or {@code user}) is the prompt, and the number of tokens of the
 * answer that follows it (under the loader's {@linkplain Loader#tokenizer(String) tokenizer}) is
 * the output target, sent as {@code max_tokens}. Conversations with no human turn followed by an
 * answer are skipped and listed in {@link PromptSet#skipped()}. An optional {@code "id"} names the
 * prompt (default {@code sharegpt-<position>}).
 *
 * <p><b>Errors</b>: a line that breaks a rule stops the read with a {@link PromptFileException}
 * naming the file, the line, the field, the rule and the value, e.g.
 * {@code prompts.jsonl line 7: field 'max_tokens' must be an integer >= 1, but was "abc"}. With
 * {@link Loader#skipInvalid(boolean) skipInvalid(true)} such lines are skipped instead and
 * reported in {@link PromptSet#skipped()}. A JSON syntax error inside a ShareGPT array cannot be
 * skipped (the rest of the array cannot be located) and always stops the read.
 *
 * <p>Thread-safety: loaders are immutable and thread-safe; each {@code read} call is independent.
 */
public final class PromptFiles {
    /** The file formats. */
    public enum Format {
        /** One prompt or message list per line. */
        JSONL,
        /** ShareGPT conversations (JSON array or one per line). */
        SHAREGPT
    }

    private PromptFiles() {
    }

    /** A loader for JSONL prompt files with default settings. */
    public static Loader jsonl() {
        return new Loader(Format.JSONL, false, Integer.MAX_VALUE, -1, Endpoint.DEFAULT_TOKENIZER);
    }

    /** A loader for ShareGPT conversation files with default settings. */
    public static Loader shareGpt() {
        return new Loader(Format.SHAREGPT, false, Integer.MAX_VALUE, -1, Endpoint.DEFAULT_TOKENIZER);
    }

    /** How to read a prompt file. Immutable: each setter returns a new loader. Thread-safe. */
    public static final class Loader {
        private final Format format;
        private final boolean skipInvalid;
        private final int limit;
        private final int defaultMaxTokens;
        private final String tokenizer;

        private Loader(Format format, boolean skipInvalid, int limit, int defaultMaxTokens, String tokenizer) {
            this.format = format;
            this.skipInvalid = skipInvalid;
            this.limit = limit;
            this.defaultMaxTokens = defaultMaxTokens;
            this.tokenizer = tokenizer;
        }

        /** Skip lines that break a rule and report them in {@link PromptSet#skipped()} (default false: stop). */
        public Loader skipInvalid(boolean skip) {
            return new Loader(format, skip, limit, defaultMaxTokens, tokenizer);
        }

        /** Stop after this many prompts (default: read the whole file). */
        public Loader limit(int prompts) {
            if (prompts < 1) {
                throw new IllegalArgumentException("limit must be >= 1 prompt, but was " + prompts);
            }
            return new Loader(format, skipInvalid, prompts, defaultMaxTokens, tokenizer);
        }

        /** The output limit of JSONL prompts that set none; -1 (default) leaves it to the server. */
        public Loader defaultMaxTokens(int maxTokens) {
            if (maxTokens < 1 && maxTokens != -1) {
                throw new IllegalArgumentException("defaultMaxTokens must be >= 1 or -1 (unset), but was " + maxTokens);
            }
            return new Loader(format, skipInvalid, limit, maxTokens, tokenizer);
        }

        /** The JTokkit encoding that counts ShareGPT answers (default {@value Endpoint#DEFAULT_TOKENIZER}). */
        public Loader tokenizer(String encoding) {
            Tokenizers.encoding(Objects.requireNonNull(encoding, "tokenizer"));
            return new Loader(format, skipInvalid, limit, defaultMaxTokens, encoding);
        }

        public Format format() {
            return format;
        }

        /**
         * Reads a UTF-8 file.
         *
         * @throws PromptFileException  for a line that breaks a rule (unless skipping)
         * @throws UncheckedIOException when the file cannot be read
         */
        public PromptSet read(Path file) {
            Objects.requireNonNull(file, "file");
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return read(in, file.getFileName().toString());
            } catch (IOException e) {
                throw new UncheckedIOException("prompt file " + file + " cannot be read: " + e, e);
            }
        }

        /**
         * Reads prompts from a stream; {@code source} names it in ids and messages. Does not close
         * the reader.
         *
         * @throws PromptFileException  for a line that breaks a rule (unless skipping)
         * @throws UncheckedIOException when the stream cannot be read
         */
        public PromptSet read(Reader in, String source) {
            Objects.requireNonNull(in, "reader");
            Objects.requireNonNull(source, "source");
            PromptFileParser parser = new PromptFileParser(source, skipInvalid, limit, defaultMaxTokens, tokenizer);
            try {
                BufferedReader buffered = in instanceof BufferedReader b ? b : new BufferedReader(in);
                if (format == Format.JSONL) {
                    parser.readJsonl(buffered);
                } else {
                    parser.readShareGpt(buffered);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("prompt file " + source + " cannot be read: " + e, e);
            }
            return new PromptSet(source, parser.prompts(), parser.skipped());
        }
    }
}
