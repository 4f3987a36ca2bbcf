package io.llmbench.examples.cli;

import io.llmbench.examples.service.BenchService;
import io.llmbench.store.ResultStore;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench serve}: the web application and REST API over a store, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the web application (upload, models, runs, compare, modeling, estimate, rank, recommend) and the "
                + "REST API over the store until Ctrl-C. The first line printed is its base URL; /openapi.json describes the API "
                + "and /explorer lets you try it. API calls need the key from --key-env in the X-API-Key header.", "",
                "Example: LLMBENCH_SERVICE_KEY=$(openssl rand -hex 16) llmbench serve --store llmbench-out/demo/llmbench"})
final class ServeCommand extends Cmd {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--key-env", paramLabel = "VAR", defaultValue = BenchService.KEY_ENV,
            description = "Environment variable holding the API key (at least 16 characters). Default: ${DEFAULT-VALUE}.")
    String keyEnv;

    @Override
    int execute() throws Exception {
        String key = ctx().env().apply(keyEnv);
        if (key == null || key.isEmpty()) {
            throw CliException.badFlag("--key-env", "environment variable " + keyEnv + " must hold the API key, but is not set");
        }
        ctx().secret(key);
        if (port < 0 || port > 65535) {
            throw CliException.badFlag("--port", "must be between 0 and 65535, but was " + port);
        }
        BenchService.Builder b = BenchService.builder().host(host).port(port).apiKey(key);
        CountDownLatch stop = new CountDownLatch(1);
        boolean interrupted = false;
        try (ResultStore store = storeOptions.open(ctx());
             BenchService service = start(b.store(store))) {
            out().println(service.baseUrl() + "/");
            out().println("serving " + storeOptions.describe() + " until Ctrl-C; API key from $" + keyEnv
                    + "; API document " + service.baseUrl() + "/openapi.json");
            out().flush();
            Thread hook = new Thread(stop::countDown, "llmbench-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down already
                }
            }
        }
        out().println("stopped");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return Llmbench.OK;
    }

    private static BenchService start(BenchService.Builder b) {
        try {
            return b.start();
        } catch (IllegalArgumentException e) {
            throw CliException.badFlag("--key-env", e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new CliException(e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
        }
    }
}
