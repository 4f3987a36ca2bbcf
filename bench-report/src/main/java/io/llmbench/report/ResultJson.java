package io.llmbench.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.internal.RunDocs.EndpointDoc;
import io.llmbench.core.internal.RunDocs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole {@link BenchmarkResult} as JSON, for machines: written with Jackson, streaming the
 * request records, and read back into equal values.
 *
 * <pre>{@code
 * ResultJson.write(result, Path.of("result.json"));
 * BenchmarkResult back = ResultJson.read(Path.of("result.json"));
 * }</pre>
 *
 * <h2>Document (field names are stable; new fields may be added)</h2>
 * <pre>
 * { "format": "llmbench-result", "version": 1, "warnings": [..],
 *   "endpoints": [ {
 *     "deployment": { "name", "provider", "model", "base_url", "hardware", "gpu_count", "engine",
 *                     "quantization", "context_window", "model_size", "labels": {..} },
 *     "run": { "traffic_mode" (qps|concurrency|sequential), "traffic_level", "workload", "labels": {..},
 *              "notes", "cell_key", "started_at", "finished_at" (ISO-8601) },
 *     "job": { "duration_s", "requests", "succeeded", "failed", "failures": {"HTTP_429": 3, ..},
 *              "input_tokens", "output_tokens", "request_throughput" (req/s), "output_token_throughput",
 *              "total_token_throughput", "peak_output_tokens_per_s" (tokens/s), "good_requests",
 *              "goodput" (req/s), "late_sends", "output_token_sources": {"USAGE": 10, ..} },
 *     "metrics": { "ttft": { "unit": "ms", "count", "mean", "stdev", "min", "max", "p05", "p50", "p80",
 *                            "p95", "p99", "p999", "histogram" (Base64 HdrHistogram) }, .. },
 *     "warnings": [..],
 *     "health": { "verdict" (OK|SUSPECT|OVERLOADED), "reasons": [..], "probed_loops", "loop_lag_samples",
 *                 "loop_lag_p50_ms", "loop_lag_p99_ms", "loop_lag_max_ms", "cpu_share", "cores",
 *                 "machine_cpu_share", "gc_pauses", "gc_pause_ms", "gc_pause_max_ms",
 *                 "schedule_lag_p99_ms", "sampled_s" } (absent when the run has no harness health),
 *     "records": [ { "endpoint", "sequence", "prompt_id", "prompt_category", "prompt_length",
 *                    "prompt_complexity", "start_epoch_ms", "scheduled_ns", "sent_ns", "first_chunk_ns",
 *                    "ttft_ns", "e2e_ns", "end_ns" (-1 = did not happen), "content_chunks", "itl_us": [..],
 *                    "input_tokens", "input_token_source", "output_tokens", "output_token_source",
 *                    "tokenizer_output_tokens", "streamed", "failure_kind", "error", "http_status",
 *                    "response_sample" }, .. ] } ] }
 * </pre>
 * Metric keys are {@link io.llmbench.core.Metric#key()}; failure kinds and token sources are the
 * enum names. Absent values and NaN numbers are left out (read back as null / NaN). Credentials
 * never appear: {@link io.llmbench.core.Deployment} has none. Stateless and thread-safe.
 */
public final class ResultJson {
    /** The value of the {@code format} field. */
    static final String FORMAT = "llmbench-result";
    /** The current format version. */
    static final int VERSION = 1;
    private static final ObjectMapper MAPPER = RunDocs.mapper();

    /** The document: each endpoint in the run encoding the store's export uses too. */
    private record ResultDoc(String format, Integer version, List<String> warnings, List<EndpointDoc> endpoints) {
    }

    private ResultJson() {
    }

    /** Writes the whole result, records included, as UTF-8 JSON. Does not close the stream. */
    public static void write(BenchmarkResult result, OutputStream out) {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(result, g, true);
        } catch (IOException e) {
            throw new ReportException("could not write JSON: " + e.getMessage(), e);
        }
    }

    /** Writes the whole result, records included. Does not close the writer. */
    public static void write(BenchmarkResult result, Writer out) {
        write(result, out, true);
    }

    /** Writes the result without request records (summaries, histograms and warnings only). */
    public static void writeWithoutRecords(BenchmarkResult result, Writer out) {
        write(result, out, false);
    }

    /** Writes to a file, replacing it. */
    public static void write(BenchmarkResult result, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(result, new java.io.BufferedOutputStream(out, 1 << 16));
        } catch (IOException e) {
            throw new ReportException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(BenchmarkResult result, Writer out, boolean records) {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(result, g, records);
        } catch (IOException e) {
            throw new ReportException("could not write JSON: " + e.getMessage(), e);
        }
    }

    private static void write(BenchmarkResult result, JsonGenerator g, boolean records) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("version", VERSION);
        g.writeFieldName("warnings");
        MAPPER.writeValue(g, result.warnings());
        g.writeArrayFieldStart("endpoints");
        for (EndpointResult e : result.endpoints()) {
            g.writeStartObject();
            RunDocs.writeFields(g, e, records ? e.records().iterator() : null);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    /** Reads a file written by {@link #write}. */
    public static BenchmarkResult read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        } catch (IOException e) {
            throw new ReportException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a document written by {@link #write}.
     *
     * @throws ReportException when the text is not such a document (the message names the field)
     */
    public static BenchmarkResult read(Reader in) {
        ResultDoc doc;
        try {
            doc = MAPPER.readValue(in, ResultDoc.class);
        } catch (IOException e) {
            throw new ReportException("result JSON must be a document written by ResultJson, but could not be parsed: "
                    + e.getMessage(), e);
        }
        if (doc == null || !FORMAT.equals(doc.format())) {
            throw new ReportException("result JSON field format must be '" + FORMAT + "', but was "
                    + (doc == null ? "an empty document" : "'" + doc.format() + "'"));
        }
        if (doc.version() == null || doc.version() > VERSION) {
            throw new ReportException("result JSON field version must be <= " + VERSION + ", but was " + doc.version());
        }
        List<EndpointResult> endpoints = new ArrayList<>();
        List<EndpointDoc> docs = doc.endpoints() == null ? List.of() : doc.endpoints();
        for (int i = 0; i < docs.size(); i++) {
            try {
                endpoints.add(RunDocs.endpoint(docs.get(i), "endpoints[" + i + "]"));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ReportException("result JSON endpoints[" + i + "] is invalid: " + e.getMessage(), e);
            }
        }
        return new BenchmarkResult(endpoints, doc.warnings());
    }
}
