package io.llmbench.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.internal.RunDocs;
import io.llmbench.store.ImportException;
import io.llmbench.store.StoredRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON-lines export format: one object per run, {@code "format": "llmbench-run"},
 * {@code "version": 2}, {@code "id"}, {@code "saved_at"}, and the run in the one JSON encoding
 * of a run that the report's {@code result.json} uses too ({@link RunDocs}: deployment, run, job,
 * metrics with encoded histograms, warnings, the harness health when the run has one, records). Records are written one at a time, so a
 * run's JSON is never held as a whole. Version 1 files (camelCase, earlier versions) are still
 * read, by {@link RunJsonV1}.
 */
final class RunJson {
    static final String FORMAT = "llmbench-run";
    static final int VERSION = 2;

    private RunJson() {
    }

    /** A generator writing UTF-8 JSON to {@code out} without closing it. */
    static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = Columns.JSON.getFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null);
        return g;
    }

    /**
     * The content key of a result: a name-based UUID of its export JSON without id, save time,
     * start and finish times (see {@link io.llmbench.store.ResultStore#importResults}).
     */
    static String contentKey(EndpointResult r) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        RunInfo i = r.run();
        EndpointResult timeless = new EndpointResult(r.deployment(), new RunInfo(i.traffic(), i.workload(), i.labels(),
                i.notes(), i.cellKey(), Instant.EPOCH, Instant.EPOCH), r.job(), r.metrics(), List.of(), r.warnings());
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            JsonGenerator g = generator(out);
            write(g, new StoredRun("", Instant.EPOCH, r.records().size(), timeless), r.records().iterator());
            g.flush();
        } catch (IOException e) {
            throw new IllegalStateException("hashing into memory cannot fail", e);
        }
        return UUID.nameUUIDFromBytes(sha.digest()).toString();
    }

    /** Writes one run as one line (a JSON object followed by a newline). */
    static void write(JsonGenerator g, StoredRun stored, Iterator<RequestRecord> records) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("version", VERSION);
        g.writeStringField("id", stored.id());
        g.writeStringField("saved_at", stored.savedAt().toString());
        RunDocs.writeFields(g, stored.result(), records);
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** A run read from an export. */
    record ImportedRun(long line, String id, Instant savedAt, EndpointResult result) {
    }

    /** Reads runs one at a time from JSON lines. Not thread-safe; closes its parser, not the stream. */
    static final class Reader implements AutoCloseable {
        private final JsonParser parser;

        Reader(InputStream in) {
            try {
                JsonFactory f = Columns.JSON.getFactory();
                parser = f.createParser(in);
                parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            } catch (IOException e) {
                throw new ImportException(1, "could not read the input", e);
            }
        }

        /** The next run, or null at the end of the input. */
        ImportedRun next() {
            long line = 1;
            try {
                JsonToken token = parser.nextToken();
                line = parser.currentTokenLocation().getLineNr();
                if (token == null) {
                    return null;
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new ImportException(line, "each line must be a JSON object, but found " + token, null);
                }
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                List<JsonNode> records = new ArrayList<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (name.equals("records")) {
                        if (value != JsonToken.START_ARRAY) {
                            throw new ImportException(line, "records must be an array, but was " + value, null);
                        }
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            records.add(Columns.JSON.readTree(parser));
                        }
                    } else {
                        fields.put(name, Columns.JSON.readTree(parser));
                    }
                }
                return run(line, fields, records);
            } catch (ImportException e) {
                throw e;
            } catch (JsonProcessingException e) {
                throw new ImportException(e.getLocation() == null ? line : e.getLocation().getLineNr(),
                        "malformed JSON: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new ImportException(line, "could not read the input", e);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ImportException(line, e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException ignored) {
                // nothing was written; the input stream belongs to the caller
            }
        }
    }

    private static ImportedRun run(long line, Map<String, JsonNode> f, List<JsonNode> records) {
        JsonNode formatNode = f.get("format");
        String format = formatNode == null || !formatNode.isTextual() ? null : formatNode.asText();
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format must be '" + FORMAT + "', but was "
                    + (format == null ? "missing" : "'" + format + "'"));
        }
        JsonNode versionNode = f.get("version");
        int version = versionNode != null && versionNode.canConvertToInt() ? versionNode.intValue() : -1;
        List<RequestRecord> read = new ArrayList<>(records.size());
        if (version == 1) {
            for (int i = 0; i < records.size(); i++) {
                read.add(RunJsonV1.record(records.get(i), "records[" + i + "]"));
            }
            return RunJsonV1.run(line, f, read);
        }
        if (version != VERSION) {
            throw new IllegalArgumentException("version must be 1 or " + VERSION + ", but was " + versionNode);
        }
        for (int i = 0; i < records.size(); i++) {
            read.add(RunDocs.readRecord(records.get(i), "records[" + i + "]"));
        }
        JsonNode idNode = f.get("id");
        String id = id(idNode == null ? null : idNode.asText(null));
        JsonNode saved = f.get("saved_at");
        Instant savedAt;
        try {
            savedAt = Instant.parse(saved == null ? "" : saved.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("saved_at must be an ISO-8601 instant, but was " + saved, e);
        }
        return new ImportedRun(line, id, savedAt, RunDocs.fromFields(f, read, "line " + line));
    }

    /** Checks a run id read from an export. */
    static String id(String id) {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new IllegalArgumentException("id must be 1 to 64 characters, but was " + (id == null ? "missing" : "'" + id + "'"));
        }
        return id;
    }
}
