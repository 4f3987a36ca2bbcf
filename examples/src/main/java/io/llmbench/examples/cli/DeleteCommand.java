package io.llmbench.examples.cli;

import io.llmbench.store.ResultStore;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code llmbench delete}: removes runs. */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Delete stored runs and their request records. Every id must exist, or nothing is deleted.")
final class DeleteCommand extends Cmd {
    @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run ids (or unambiguous prefixes of at least 4 characters).")
    List<String> ids = new ArrayList<>();

    @Mixin
    StoreOptions storeOptions;

    @Override
    int execute() {
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            List<String> resolved = new ArrayList<>();
            for (String id : ids) {
                resolved.add(RunIds.resolve(store, id));
            }
            for (String id : resolved) {
                if (store.delete(id)) {
                    out().println("deleted run " + id);
                }
            }
        }
        return Llmbench.OK;
    }
}
