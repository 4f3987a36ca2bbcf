package io.llmbench.report;

import com.univocity.parsers.csv.CsvWriter;
import io.llmbench.core.FailureKind;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.TokenSource;
import io.llmbench.core.internal.TextLimits;
import io.llmbench.core.workload.PromptInfo;
import io.llmbench.report.internal.CellException;
import io.llmbench.report.internal.CsvIo;
import io.llmbench.report.internal.CsvSchema;
import io.llmbench.report.internal.Num;
import io.llmbench.report.internal.Row;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-request results as CSV: one row per {@link RequestRecord}, readable by a spreadsheet and
 * read back exactly.
 *
 * <pre>{@code
 * RequestCsv.write(result.endpoint("vllm").records(), Path.of("requests.csv"));
 * List<RequestRecord> back = RequestCsv.read(Path.of("requests.csv"), ImportOptions.ofDefaults()).rows();
 * }</pre>
 *
 * <h2>Columns ({@link #COLUMNS})</h2>
 * <ul>
 * <li>{@code endpoint}, {@code sequence}; {@code prompt_id}, {@code prompt_category},
 *     {@code prompt_length}, {@code prompt_complexity} ({@link PromptInfo}).</li>
 * <li>{@code start_epoch_ms}: wall-clock start, Unix milliseconds.</li>
 * <li>Times in milliseconds with up to 6 decimals, so nanoseconds survive exactly; empty when the
 *     event did not happen: {@code scheduled_ms} and {@code sent_ms} (from the run's origin),
 *     {@code first_chunk_ms}, {@code ttft_ms}, {@code e2e_ms}, {@code end_ms} (from the send).</li>
 * <li>Derived, for reading by people, ignored when reading back: {@code schedule_lag_ms},
 *     {@code tpot_ms}, {@code itl_mean_ms}, {@code user_tps} (tokens/s), {@code outcome}
 *     ({@code ok} or {@code failed}).</li>
 * <li>{@code content_chunks}; {@code input_tokens}, {@code input_token_source},
 *     {@code output_tokens}, {@code output_token_source} ({@link TokenSource} names; tokens empty
 *     when unknown); {@code tokenizer_output_tokens} (empty when not taken); {@code streamed}.</li>
 * <li>{@code failure_kind} ({@link FailureKind} name, empty on success), {@code http_status}
 *     (0 when none), {@code error} (the message).</li>
 * <li>{@code itl_us}: the gaps between content chunks in microseconds, separated by spaces.</li>
 * <li>{@code response_sample}: the start of the generated text, when sampled.</li>
 * <li>{@code written_ms}: from the send to the request's last byte written (the client-side send
 *     delay: connection set-up, TLS, a busy writer); empty when the client does not report it.
 *     Optional when reading: files written before it existed read back with it absent.</li>
 * </ul>
 * Empty text reads back as absent ({@code null}). Stateless and thread-safe.
 */
public final class RequestCsv {
    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "endpoint", "sequence", "prompt_id", "prompt_category", "prompt_length", "prompt_complexity",
            "start_epoch_ms", "scheduled_ms", "sent_ms", "schedule_lag_ms", "first_chunk_ms", "ttft_ms", "e2e_ms", "end_ms",
            "tpot_ms", "itl_mean_ms", "user_tps", "content_chunks",
            "input_tokens", "input_token_source", "output_tokens", "output_token_source", "tokenizer_output_tokens",
            "streamed", "outcome", "failure_kind", "http_status", "error", "itl_us", "response_sample", "written_ms");

    private static final Set<String> KNOWN = Set.copyOf(COLUMNS);
    private static final Set<String> DERIVED = Set.of("schedule_lag_ms", "tpot_ms", "itl_mean_ms", "user_tps", "outcome");
    private static final Set<String> OPTIONAL = Set.of("written_ms");
    private static final List<String> REQUIRED = COLUMNS.stream()
            .filter(c -> !DERIVED.contains(c) && !OPTIONAL.contains(c)).toList();
    /** The longest text of each text column: what a store keeps. */
    private static final Map<String, Integer> LIMITS = Map.of("endpoint", TextLimits.NAME, "prompt_id", TextLimits.NAME,
            "prompt_category", TextLimits.NAME, "prompt_length", TextLimits.NAME, "prompt_complexity", TextLimits.NAME,
            "error", TextLimits.TEXT, "response_sample", TextLimits.TEXT);
    /** An error and a response sample may span lines; nothing else does. */
    private static final CsvSchema SCHEMA = new CsvSchema(REQUIRED, KNOWN, LIMITS, Set.of("error", "response_sample"));

    private RequestCsv() {
    }

    /** Writes the header and one row per record. */
    public static void write(Iterable<RequestRecord> records, Writer out) {
        CsvWriter w = CsvIo.writer(out);
        w.writeHeaders(COLUMNS);
        String[] c = new String[COLUMNS.size()];
        StringBuilder gaps = new StringBuilder();
        for (RequestRecord r : records) {
            int i = 0;
            PromptInfo p = r.prompt();
            c[i++] = r.endpoint();
            c[i++] = Long.toString(r.sequence());
            c[i++] = p.id();
            c[i++] = p.category();
            c[i++] = p.length();
            c[i++] = p.complexity();
            c[i++] = Long.toString(r.startEpochMillis());
            c[i++] = Num.millisOfNanos(r.scheduledNanos());
            c[i++] = Num.millisOfNanos(r.sentNanos());
            c[i++] = Num.millisOfNanos(Math.max(0, r.sentNanos() - r.scheduledNanos()));
            c[i++] = Num.millisOfNanos(r.firstChunkNanos());
            c[i++] = Num.millisOfNanos(r.ttftNanos());
            c[i++] = Num.millisOfNanos(r.e2eNanos());
            c[i++] = Num.millisOfNanos(r.endNanos());
            c[i++] = optional(r.tpotMillis());
            c[i++] = optional(r.meanItlMillis());
            c[i++] = optional(r.userTps());
            c[i++] = Integer.toString(r.contentChunks());
            c[i++] = r.inputTokens() < 0 ? "" : Integer.toString(r.inputTokens());
            c[i++] = r.inputSource().name();
            c[i++] = r.outputTokens() < 0 ? "" : Integer.toString(r.outputTokens());
            c[i++] = r.outputSource().name();
            c[i++] = r.tokenizerOutputTokens() < 0 ? "" : Integer.toString(r.tokenizerOutputTokens());
            c[i++] = Boolean.toString(r.streamed());
            c[i++] = r.ok() ? "ok" : "failed";
            c[i++] = r.failure() == null ? "" : r.failure().name();
            c[i++] = Integer.toString(r.httpStatus());
            c[i++] = r.error();
            gaps.setLength(0);
            for (int g : r.itlMicros()) {
                if (gaps.length() > 0) {
                    gaps.append(' ');
                }
                gaps.append(g);
            }
            c[i++] = gaps.toString();
            c[i++] = r.responseSample();
            c[i] = Num.millisOfNanos(r.writtenNanos());
            CsvIo.writeRow(w, c);
        }
        w.flush();
    }

    /** Writes to a file (UTF-8), replacing it. */
    public static void write(Iterable<RequestRecord> records, Path file) {
        CsvIo.toFile(file, out -> write(records, out));
    }

    /**
     * Reads a file (UTF-8).
     *
     * @throws CsvFormatException naming the file, as {@link #read(Reader, ImportOptions)} does
     */
    public static ImportResult<RequestRecord> read(Path file, ImportOptions options) {
        return CsvIo.readFile(file, in -> read(in, options));
    }

    /**
     * Reads rows into records. The derived columns and {@code written_ms} may be missing; every
     * other column must be in the header.
     *
     * @throws CsvFormatException in {@link ImportMode#ALL_OR_NOTHING} mode when any row is bad
     */
    public static ImportResult<RequestRecord> read(Reader in, ImportOptions options) {
        Map<String, Map<Long, Long>> seen = new HashMap<>();
        return CsvIo.read(in, options, SCHEMA, row -> {
            RequestRecord r = fromRow(row);
            Long earlier = seen.computeIfAbsent(r.endpoint(), k -> new HashMap<>()).putIfAbsent(r.sequence(), row.line());
            if (earlier != null) {
                throw row.fail("sequence", "must be unique per endpoint, but line " + earlier + " has the same endpoint '"
                        + r.endpoint() + "' and sequence (a duplicate request row)");
            }
            return r;
        });
    }

    private static RequestRecord fromRow(Row row) {
        PromptInfo prompt = new PromptInfo(row.text("prompt_id"), row.optText("prompt_category"),
                row.optText("prompt_length"), row.optText("prompt_complexity"));
        FailureKind failure = null;
        String kind = row.raw("failure_kind");
        if (kind != null) {
            failure = enumValue(FailureKind.class, "failure_kind", kind);
        }
        return new RequestRecord(row.text("endpoint"), row.whole("sequence", 0), prompt,
                row.whole("start_epoch_ms", 0),
                requiredNanos(row, "scheduled_ms"), requiredNanos(row, "sent_ms"),
                nanos(row, "first_chunk_ms"), nanos(row, "ttft_ms"), nanos(row, "e2e_ms"), nanos(row, "end_ms"),
                intOf(row, "content_chunks", 0), gaps(row),
                intOrMinusOne(row, "input_tokens"), enumValue(TokenSource.class, "input_token_source", row.text("input_token_source")),
                intOrMinusOne(row, "output_tokens"), enumValue(TokenSource.class, "output_token_source", row.text("output_token_source")),
                intOrMinusOne(row, "tokenizer_output_tokens"), row.bool("streamed"),
                failure, row.optText("error"), intOf(row, "http_status", 0), row.optText("response_sample"),
                nanos(row, "written_ms"));
    }

    private static long nanos(Row row, String column) {
        long n = Num.nanosOfMillis(column, row.raw(column));
        if (row.raw(column) != null && n < 0) {
            throw row.fail(column, "must be >= 0 or empty");
        }
        return n;
    }

    private static long requiredNanos(Row row, String column) {
        if (row.raw(column) == null) {
            throw row.fail(column, "must not be empty");
        }
        return nanos(row, column);
    }

    private static int intOf(Row row, String column, int min) {
        long v = row.whole(column, min);
        if (v > Integer.MAX_VALUE) {
            throw row.fail(column, "must be <= " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    private static int intOrMinusOne(Row row, String column) {
        return row.raw(column) == null ? -1 : intOf(row, column, 0);
    }

    private static int[] gaps(Row row) {
        String text = row.raw("itl_us");
        if (text == null || text.isBlank()) {
            return new int[0];
        }
        String[] parts = text.trim().split("\\s+");
        int[] gaps = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                gaps[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                gaps[i] = -1;
            }
            if (gaps[i] < 0) {
                throw new CellException("itl_us", "must be whole microseconds >= 0 separated by spaces (item " + (i + 1) + " is not)", text);
            }
        }
        return gaps;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String column, String text) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CellException(column, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()), text);
        }
    }

    private static String optional(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : Num.python(v);
    }
}
