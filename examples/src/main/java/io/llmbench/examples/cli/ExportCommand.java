package io.llmbench.examples.cli;

import io.llmbench.store.ResultStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench export}: stored runs as JSON lines, to import into another store. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write stored runs with their request records as JSON lines, which 'llmbench import' reads "
                + "into another store (runs keep their ids; importing twice is harmless).", "",
                "Example: llmbench export --model sim-8b --out runs.jsonl"})
final class ExportCommand extends Cmd {
    @Option(names = "--out", paramLabel = "FILE", required = true, description = "File to write (.jsonl).")
    Path file;

    @Mixin
    RunFilter filter;

    @Mixin
    StoreOptions storeOptions;

    @Override
    int execute() throws IOException {
        try (ResultStore store = storeOptions.open(ctx(), false)) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            long n;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                n = store.exportRuns(filter.query(), out);
            }
            out().println("exported " + n + " run" + (n == 1 ? "" : "s") + " to " + file);
        }
        return Llmbench.OK;
    }
}
