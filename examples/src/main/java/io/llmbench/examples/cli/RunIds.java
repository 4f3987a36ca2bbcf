package io.llmbench.examples.cli;

import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.util.List;
import java.util.Optional;

/** Finds runs by id or by an unambiguous id prefix (at least {@value #MIN_PREFIX} characters). */
final class RunIds {
    static final int MIN_PREFIX = 4;

    private RunIds() {
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
