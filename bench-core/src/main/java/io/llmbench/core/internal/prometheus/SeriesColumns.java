package io.llmbench.core.internal.prometheus;

import io.llmbench.core.server.FamilyType;
import io.llmbench.core.server.ServerMetrics;
import io.llmbench.core.server.ServerSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scraped series of one source as growing columns, one value per successful scrape: what a
 * scrape costs besides its HTTP exchange (parse, keep the {@linkplain ServerMetrics#kept known}
 * names, one map look-up and one store per sample). Not thread-safe.
 */
public final class SeriesColumns {
    private final TextFormatParser parser = new TextFormatParser();
    private final Map<String, Column> columns = new LinkedHashMap<>();

    /**
     * Parses one scrape's text and stores its kept samples at {@code index} (the number of
     * successful scrapes before it). On a format error nothing of this scrape is kept.
     *
     * @return how many samples were not kept (no known name)
     * @throws ExpositionFormatException when the text breaks the format
     */
    public int ingest(CharSequence text, int index) {
        int[] others = new int[1];
        try {
            parser.read(text, (family, type, name, labels, value, timestamp, series) -> {
                if (!ServerMetrics.kept(name)) {
                    others[0]++;
                    return;
                }
                Column c = columns.get(series);
                if (c == null) {
                    c = new Column(name, type, labels);
                    columns.put(series, c);
                }
                c.set(index, value);
            });
        } catch (ExpositionFormatException e) {
            for (Column c : columns.values()) {
                c.truncate(index);
            }
            throw e;
        }
        return others[0];
    }

    /** The series, each padded with NaN to {@code points} values; series seen only in failed scrapes are left out. */
    public List<ServerSeries> series(String source, int points) {
        List<ServerSeries> out = new ArrayList<>();
        for (Column c : columns.values()) {
            if (c.size > 0) {
                out.add(new ServerSeries(source, c.name, c.type, c.labels(), c.values(points)));
            }
        }
        return out;
    }

    /** One series' values, NaN where a scrape did not have it. */
    private static final class Column {
        final String name;
        final FamilyType type;
        final String[] labelPairs;
        double[] values = new double[16];
        int size;

        Column(String name, FamilyType type, String[] labelPairs) {
            this.name = name;
            this.type = type;
            this.labelPairs = labelPairs;
        }

        void set(int index, double value) {
            if (index >= values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, index + 1));
            }
            while (size < index) {
                values[size++] = Double.NaN;
            }
            values[index] = value;
            size = index + 1;
        }

        void truncate(int length) {
            size = Math.min(size, length);
        }

        Map<String, String> labels() {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                m.put(labelPairs[i], labelPairs[i + 1]);
            }
            return m;
        }

        double[] values(int length) {
            double[] out = Arrays.copyOf(values, length);
            for (int i = Math.min(size, length); i < length; i++) {
                out[i] = Double.NaN;
            }
            return out;
        }
    }
}
