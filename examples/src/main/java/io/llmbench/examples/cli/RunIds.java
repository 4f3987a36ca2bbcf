package io.llmbench.examples.cli;

import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.util.List;
import java.util.Optional;

/**
 * Finds runs by id, by an unambiguous id prefix (at least {@value #MIN_PREFIX} characters), or as
 * {@code label:NAME=VALUE} / {@code label:NAME}: the latest run carrying that label.
 */
final class RunIds {
    static final int MIN_PREFIX = 4;

    private RunIds() {
    }

    /** The prefix of a run reference naming a label instead of an id. */
    static final String LABEL_REF = "label:";

    /** An id, a prefix or {@code label:NAME[=VALUE]} (the latest run with that label, by start time). */
    static String resolveRef(ResultStore store, String ref) {
        if (!ref.startsWith(LABEL_REF)) {
            return resolve(store, ref);
        }
        String label = ref.substring(LABEL_REF.length()).trim();
        int eq = label.indexOf('=');
        String name = eq < 0 ? label : label.substring(0, eq);
        if (name.isBlank()) {
            throw CliException.usage("run reference " + ref + " must name a label: label:NAME=VALUE or label:NAME");
        }
        if (eq >= 0) {
            List<StoredRun> latest = store.runs(RunQuery.builder().label(name, label.substring(eq + 1)).page(0, 1).build());
            if (latest.isEmpty()) {
                throw new CliException("no stored run has label " + label);
            }
            return latest.get(0).id();
        }
        for (int page = 0; ; page += 500) {
            List<StoredRun> runs = store.runs(RunQuery.all().page(page, 500));
            for (StoredRun r : runs) {
                if (r.result().run().labels().containsKey(name) || r.result().deployment().labels().containsKey(name)) {
                    return r.id();
                }
            }
            if (runs.size() < 500) {
                throw new CliException("no stored run has a label named " + name);
            }
        }
    }

    static String resolve(ResultStore store, String idOrPrefix) {
        Optional<StoredRun> exact = store.find(idOrPrefix);
        if (exact.isPresent()) {
            return idOrPrefix;
        }
        if (idOrPrefix.length() >= MIN_PREFIX) {
            List<String> matches = store.runs(RunQuery.all()).stream().map(StoredRun::id)
                    .filter(id -> id.startsWith(idOrPrefix)).toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw new CliException("run id prefix '" + idOrPrefix + "' is ambiguous: it matches " + matches.size()
                        + " runs; give more characters");
            }
        }
        throw new CliException("no stored run has id '" + idOrPrefix + "'");
    }
}
