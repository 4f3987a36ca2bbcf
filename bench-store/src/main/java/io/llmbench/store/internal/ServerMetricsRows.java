package io.llmbench.store.internal;

import static io.llmbench.store.internal.Columns.MAX_LONG_NAME;
import static io.llmbench.store.internal.Columns.MAX_NAME;
import static io.llmbench.store.internal.Columns.MAX_TEXT;
import static io.llmbench.store.internal.Columns.checkLength;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.llmbench.core.server.FamilyType;
import io.llmbench.core.server.ScrapeSource;
import io.llmbench.core.server.ServerMetrics;
import io.llmbench.core.server.ServerSeries;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes and reads a run's server metrics ({@code llmbench_server_source},
 * {@code llmbench_server_series}, migration V3) inside the caller's transaction. Stateless apart
 * from its SQL.
 */
final class ServerMetricsRows {
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    /** Bytes of one value column at most, under H2's 1,000,000-byte {@code VARBINARY} limit. */
    static final int MAX_BYTES = 999_000;

    private final String insertSource;
    private final String insertSeries;
    private final String selectSources;
    private final String selectSeries;

    ServerMetricsRows(Tables t) {
        insertSource = t.sql("INSERT INTO {server_source} (run_pk, ordinal, url, interval_ms, scrapes, failures, errors,"
                + " other_series, offsets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertSeries = t.sql("INSERT INTO {server_series} (run_pk, source_ordinal, ordinal, name, family_type, labels, samples)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
        selectSources = t.sql("SELECT ordinal, url, interval_ms, scrapes, failures, errors, other_series, offsets"
                + " FROM {server_source} WHERE run_pk = :pk ORDER BY ordinal");
        selectSeries = t.sql("SELECT source_ordinal, name, family_type, labels, samples FROM {server_series}"
                + " WHERE run_pk = :pk ORDER BY source_ordinal, ordinal");
    }

    /**
     * Checks that the server metrics fit their columns, before anything is written.
     *
     * @throws IllegalArgumentException naming the first field that does not fit
     */
    static void validate(ServerMetrics m) {
        for (int i = 0; i < m.sources().size(); i++) {
            ScrapeSource s = m.sources().get(i);
            String at = "serverMetrics.sources[" + i + "].";
            checkLength(at + "url", s.url(), MAX_LONG_NAME);
            checkLength(at + "errors (as JSON)", json(s.errors()), MAX_TEXT);
            checkBytes(at + "offsetsMillis", s.points());
        }
        for (int i = 0; i < m.series().size(); i++) {
            ServerSeries s = m.series().get(i);
            String at = "serverMetrics.series[" + i + "].";
            checkLength(at + "name", s.name(), MAX_NAME);
            checkLength(at + "labels (as JSON)", json(s.labels()), MAX_TEXT);
            checkBytes(at + "values", s.values().length);
            if (m.source(s.source()).isEmpty()) {
                throw new IllegalArgumentException(at + "source must be the url of one of the sources, but was '" + s.source() + "'");
            }
        }
    }

    private static void checkBytes(String field, int values) {
        if ((long) values * Long.BYTES > MAX_BYTES) {
            throw new IllegalArgumentException(field + " must have at most " + MAX_BYTES / Long.BYTES + " values, but had " + values);
        }
    }

    void insert(Handle h, long pk, ServerMetrics m) {
        if (m.isEmpty()) {
            return;
        }
        Map<String, Integer> ordinals = new HashMap<>();
        PreparedBatch sources = h.prepareBatch(insertSource);
        for (int i = 0; i < m.sources().size(); i++) {
            ScrapeSource s = m.sources().get(i);
            ordinals.put(s.url(), i);
            ByteBuffer offsets = ByteBuffer.allocate(s.points() * Long.BYTES);
            for (long o : s.offsetsMillis()) {
                offsets.putLong(o);
            }
            sources.bind(0, pk).bind(1, i).bind(2, s.url()).bind(3, m.interval().toMillis()).bind(4, s.scrapes())
                    .bind(5, s.failures()).bind(6, json(s.errors())).bind(7, s.otherSeries()).bind(8, offsets.array()).add();
        }
        sources.execute();
        if (m.series().isEmpty()) {
            return;
        }
        PreparedBatch series = h.prepareBatch(insertSeries);
        int n = 0;
        for (ServerSeries s : m.series()) {
            ByteBuffer values = ByteBuffer.allocate(s.values().length * Double.BYTES);
            for (double v : s.values()) {
                values.putDouble(v);
            }
            series.bind(0, pk).bind(1, ordinals.get(s.source())).bind(2, n++).bind(3, s.name()).bind(4, s.type().text())
                    .bind(5, json(s.labels())).bind(6, values.array()).add();
            if (n % RunWriter.BATCH_SIZE == 0) {
                series.execute();
                series = h.prepareBatch(insertSeries);
            }
        }
        if (n % RunWriter.BATCH_SIZE != 0) {
            series.execute();
        }
    }

    /** The run's server metrics; {@link ServerMetrics#none()} when it has none. */
    ServerMetrics read(Handle h, long pk) {
        long[] interval = {0};
        List<ScrapeSource> sources = new ArrayList<>();
        h.createQuery(selectSources).bind("pk", pk).map((rs, ctx) -> {
            interval[0] = rs.getLong("interval_ms");
            ByteBuffer b = ByteBuffer.wrap(rs.getBytes("offsets"));
            long[] offsets = new long[b.remaining() / Long.BYTES];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = b.getLong();
            }
            return new ScrapeSource(rs.getString("url"), offsets, rs.getLong("scrapes"), rs.getLong("failures"),
                    read(rs.getString("errors"), STRINGS), rs.getInt("other_series"));
        }).forEach(sources::add);
        if (sources.isEmpty()) {
            return ServerMetrics.none();
        }
        List<ServerSeries> series = new ArrayList<>();
        h.createQuery(selectSeries).bind("pk", pk).map((rs, ctx) -> {
            ByteBuffer b = ByteBuffer.wrap(rs.getBytes("samples"));
            double[] values = new double[b.remaining() / Double.BYTES];
            for (int i = 0; i < values.length; i++) {
                values[i] = b.getDouble();
            }
            FamilyType type = FamilyType.of(rs.getString("family_type"));
            return new ServerSeries(sources.get(rs.getInt("source_ordinal")).url(), rs.getString("name"),
                    type == null ? FamilyType.UNTYPED : type, read(rs.getString("labels"), LABELS), values);
        }).forEach(series::add);
        return new ServerMetrics(Duration.ofMillis(interval[0]), sources, series);
    }

    private static String json(Object value) {
        try {
            return Columns.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Columns.JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored server metrics column must be JSON, but was '" + json + "'", e);
        }
    }
}
