package io.llmbench.examples.cli;

import io.llmbench.store.ResultStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench demo}: everything end to end on simulated endpoints, in about a minute. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start three simulated endpoints (a fast small model, a big slow one, one that saturates early), "
                + "benchmark them over several input/output sizes and concurrency levels, store every run in an "
                + "embedded H2 file, fit predictors, write the HTML report and print a summary. About a minute; "
                + "needs no GPU and no network."})
final class DemoCommand extends Cmd {
    /** The demo's default directory: its store is {@link StoreOptions#DEMO_STORE}. */
    static final String DEMO_DIR = "llmbench-out/demo";

    @Option(names = "--quick", description = "A smaller grid (a few seconds), e.g. for tests.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = DEMO_DIR,
            description = "Directory of the report and, unless --store is given, the store (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the simulated endpoints (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    StoreOptions storeOptions;

    @Override
    int execute() throws IOException {
        Files.createDirectories(dir);
        boolean ownStore = !spec.commandLine().getParseResult().hasMatchedOption("--store");
        if (ownStore) {
            // A fresh demo store each time, so the report shows this demo's runs only.
            storeOptions.store = dir.resolve("llmbench").toString();
            Files.deleteIfExists(storeOptions.h2File());
            Files.deleteIfExists(dir.resolve("llmbench.trace.db"));
        }
        try (ResultStore store = storeOptions.open(ctx())) {
            new Demo(quick ? Demo.QUICK : Demo.FULL, out(), err(), ctx().tableWidth()).run(store, storeOptions.describe(), dir, seed);
        }
        return Llmbench.OK;
    }
}
