package io.llmbench.examples.cli;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code --prometheus-port}: the run's live client metrics (Micrometer's Prometheus registry)
 * served at {@code http://127.0.0.1:PORT/metrics} while the command runs, on one daemon thread.
 * Bound to the loopback address only.
 */
final class PrometheusExport implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;

    private PrometheusExport(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET")) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "llmbench-prometheus-export");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param port the port, 0 for any free one
     */
    static PrometheusExport start(int port) {
        if (port < 0 || port > 65535) {
            throw CliException.badFlag("--prometheus-port", "must be between 0 and 65535, but was " + port);
        }
        try {
            return new PrometheusExport(port);
        } catch (IOException e) {
            throw new CliException("could not serve --prometheus-port " + port + " on 127.0.0.1: " + e.getMessage(), Llmbench.FAILED,
                    new UncheckedIOException(e));
        }
    }

    MeterRegistry registry() {
        return registry;
    }

    /** Where the metrics are served. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        registry.close();
    }
}
