package io.llmbench.core.internal.prometheus;

import io.llmbench.core.server.FamilyType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed text: its samples in order and what its HELP and TYPE lines said. Immutable.
 *
 * @param samples  every sample, in the order of the text
 * @param types    the type of each family that had a TYPE line
 * @param help     the help text of each family that had a HELP line
 */
public record Exposition(List<Sample> samples, Map<String, FamilyType> types, Map<String, String> help) {
    public Exposition {
        samples = List.copyOf(samples);
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        help = Collections.unmodifiableMap(new LinkedHashMap<>(help));
    }

    /**
     * One sample.
     *
     * @param family    its family's name
     * @param type      its family's type
     * @param name      its metric name as written
     * @param labels    its labels in the order written
     * @param value     its value
     * @param timestamp milliseconds since the epoch, or {@link Long#MIN_VALUE} when the text gave none
     */
    public record Sample(String family, FamilyType type, String name, Map<String, String> labels, double value, long timestamp) {
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        /** Whether the text gave a timestamp. */
        public boolean hasTimestamp() {
            return timestamp != Long.MIN_VALUE;
        }
    }

    /** The samples with this metric name. */
    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    static final class Builder {
        private final List<Sample> samples = new ArrayList<>();
        private final Map<String, FamilyType> types = new LinkedHashMap<>();
        private final Map<String, String> help = new LinkedHashMap<>();

        void add(String family, FamilyType type, String name, String[] labels, double value, long timestamp) {
            Map<String, String> l = new LinkedHashMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                l.put(labels[i], labels[i + 1]);
            }
            samples.add(new Sample(family, type, name, l, value, timestamp));
        }

        void families(Map<String, String[]> meta) {
            meta.forEach((name, m) -> {
                if (m[0] != null) {
                    types.put(name, FamilyType.of(m[0]));
                }
                if (m[1] != null) {
                    help.put(name, m[1]);
                }
            });
        }

        Exposition build() {
            return new Exposition(samples, types, help);
        }
    }
}
