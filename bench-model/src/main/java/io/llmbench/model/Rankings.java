package io.llmbench.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rankings per measure, best first: ascending for lower-is-better measures (latencies, cost),
 * descending for the rest (user TPS, throughputs). Thread-safe (stateless).
 */
public final class Rankings {
    private Rankings() {
    }

    /** Ranks the alternatives that have a value for the measure; the others are left out. */
    public static List<Ranked> rank(Collection<Alternative> alternatives, Measure measure) {
        Objects.requireNonNull(alternatives, "alternatives");
        Objects.requireNonNull(measure, "measure");
        List<Ranked> rows = new ArrayList<>();
        for (Alternative a : alternatives) {
            a.value(measure).ifPresent(v -> rows.add(new Ranked(0, a.name(), v)));
        }
        Comparator<Ranked> byValue = Comparator.comparingDouble(Ranked::value);
        rows.sort((measure.lowerIsBetter() ? byValue : byValue.reversed()).thenComparing(Ranked::name));
        return withRanks(rows);
    }

    /** One ranking per measure that any alternative has. */
    public static Map<Measure, List<Ranked>> rankAll(Collection<Alternative> alternatives) {
        Map<Measure, List<Ranked>> all = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            List<Ranked> r = rank(alternatives, m);
            if (!r.isEmpty()) {
                all.put(m, r);
            }
        }
        return all;
    }

    /** Assigns competition ranks (1, 2, 2, 4) to rows sorted best first. */
    static List<Ranked> withRanks(List<Ranked> sorted) {
        List<Ranked> out = new ArrayList<>(sorted.size());
        int rank = 0;
        double previous = Double.NaN;
        for (int i = 0; i < sorted.size(); i++) {
            Ranked r = sorted.get(i);
            if (i == 0 || Double.compare(r.value(), previous) != 0) {
                rank = i + 1;
            }
            previous = r.value();
            out.add(new Ranked(rank, r.name(), r.value()));
        }
        return List.copyOf(out);
    }
}
