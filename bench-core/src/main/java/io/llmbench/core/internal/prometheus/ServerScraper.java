package io.llmbench.core.internal.prometheus;

import io.llmbench.core.Clock;
import io.llmbench.core.server.ScrapeSource;
import io.llmbench.core.server.ScrapeTarget;
import io.llmbench.core.server.ServerMetrics;
import io.llmbench.core.server.ServerSeries;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes servers' Prometheus metrics during a benchmark on its own daemon threads
 * ({@code llmbench-scrape-N}), never the benchmark's: once just before the run's time origin, then
 * every interval, and once more when the run has ended. Each distinct URL is fetched once per
 * interval with the JDK HTTP client, parsed with {@link TextFormatParser}, and its series with a
 * {@linkplain ServerMetrics#kept known name} kept. A scrape that fails (no answer within the
 * timeout, an HTTP error, a text that breaks the format) is counted with its message and never
 * stops the benchmark. Thread-safe.
 */
public final class ServerScraper {
    private static final Logger LOG = LoggerFactory.getLogger(ServerScraper.class);
    /** Successful scrapes kept per source at most (27 hours at 1 s); later scrapes are counted as failures. */
    public static final int MAX_POINTS = 100_000;
    /** Longest one scrape may take: the interval, but at least this. */
    static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    /** Longest one scrape may take at most. */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
    /** Longest opening a connection to a metrics URL may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final AtomicInteger SCRAPERS = new AtomicInteger();

    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final List<ScrapeTarget> targets;
    private final Map<URI, Source> sources = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final List<Future<?>> periodic = new ArrayList<>();

    private ServerScraper(List<ScrapeTarget> targets, Duration interval, Clock clock) {
        this.targets = List.copyOf(targets);
        this.interval = interval;
        this.clock = clock;
        Duration t = interval.compareTo(MIN_TIMEOUT) < 0 ? MIN_TIMEOUT : interval;
        this.timeout = t.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : t;
        for (ScrapeTarget target : targets) {
            sources.computeIfAbsent(target.url(), Source::new);
        }
        int id = SCRAPERS.incrementAndGet();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(Math.min(4, sources.size()), daemon("llmbench-scrape-" + id));
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = s;
    }

    /**
     * Takes the first scrape of every target (waiting for it, at most the timeout) and starts
     * scraping every {@code interval}.
     */
    public static ServerScraper start(List<ScrapeTarget> targets, Duration interval, Clock clock) {
        ServerScraper s = new ServerScraper(targets, interval, clock);
        s.scrapeAllNow();
        long period = interval.toNanos();
        for (Source src : s.sources.values()) {
            s.periodic.add(s.scheduler.scheduleAtFixedRate(() -> s.scrape(src), period, period, TimeUnit.NANOSECONDS));
        }
        return s;
    }

    /** Stops the periodic scrapes, takes the last scrape of every target and releases the threads. */
    public void finish() {
        periodic.forEach(f -> f.cancel(false));
        try {
            scrapeAllNow();
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Stops without a last scrape (the benchmark failed). */
    public void stop() {
        periodic.forEach(f -> f.cancel(false));
        scheduler.shutdownNow();
    }

    /** What the targets of one endpoint served, with times relative to {@code originNanos} (monotonic). */
    public ServerMetrics metricsFor(String endpointName, long originNanos) {
        List<ScrapeSource> out = new ArrayList<>();
        List<ServerSeries> series = new ArrayList<>();
        List<URI> seen = new ArrayList<>();
        for (ScrapeTarget t : targets) {
            if (t.appliesTo(endpointName) && !seen.contains(t.url())) {
                seen.add(t.url());
                sources.get(t.url()).collect(originNanos, out, series);
            }
        }
        return out.isEmpty() ? ServerMetrics.none() : new ServerMetrics(interval, out, series);
    }

    private void scrapeAllNow() {
        List<Future<?>> now = new ArrayList<>();
        for (Source src : sources.values()) {
            try {
                now.add(scheduler.submit(() -> scrape(src)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos() + 1_000_000_000L;
        for (Future<?> f : now) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.debug("a scrape did not finish in time", e);
            }
        }
    }

    private void scrape(Source src) {
        try {
            src.scrapeOnce();
        } catch (RuntimeException | Error e) {
            LOG.warn("scraping {} failed unexpectedly", src.url, e);
        }
    }

    /** One URL: its successful scrape times and one growing column per series. Guarded by itself. */
    private final class Source {
        final URI uri;
        final String url;
        final HttpRequest request;
        long[] times = new long[64];
        int points;
        long scrapes;
        long failures;
        final List<String> errors = new ArrayList<>();
        int otherSeries;
        final SeriesColumns columns = new SeriesColumns();

        Source(URI uri) {
            this.uri = uri;
            this.url = ScrapeSource.redact(uri);
            this.request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1").GET().build();
        }

        synchronized void scrapeOnce() {
            scrapes++;
            if (points >= MAX_POINTS) {
                fail("stopped keeping scrapes after " + MAX_POINTS);
                return;
            }
            long sent = clock.monotonicNanos();
            String body;
            try {
                HttpResponse<String> response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    fail("HTTP " + response.statusCode() + " from " + url);
                    return;
                }
                body = response.body();
            } catch (HttpTimeoutException e) {
                fail("no answer from " + url + " within " + timeout.toMillis() + " ms");
                return;
            } catch (ConnectException e) {
                fail("could not connect to " + url + ": " + (e.getMessage() == null ? "connection refused" : e.getMessage()));
                return;
            } catch (IOException e) {
                fail("could not read " + url + ": " + e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while scraping " + url);
                return;
            }
            long received = clock.monotonicNanos();
            try {
                otherSeries = columns.ingest(body, points);
            } catch (ExpositionFormatException e) {
                fail(url + " " + e.getMessage());
                return;
            }
            if (points == times.length) {
                times = Arrays.copyOf(times, times.length * 2);
            }
            times[points++] = sent + (received - sent) / 2;
        }

        private void fail(String message) {
            failures++;
            if (errors.size() < ScrapeSource.MAX_ERRORS && !errors.contains(message)) {
                errors.add(message);
            }
            LOG.debug("scrape failed: {}", message);
        }

        synchronized void collect(long originNanos, List<ScrapeSource> out, List<ServerSeries> series) {
            long[] offsets = new long[points];
            for (int i = 0; i < points; i++) {
                offsets[i] = Math.floorDiv(times[i] - originNanos, 1_000_000L);
            }
            out.add(new ScrapeSource(url, offsets, scrapes, failures, errors, otherSeries));
            series.addAll(columns.series(url, points));
        }
    }

    /** One JDK HTTP client for every scraper, on daemon threads. */
    private static final class Http {
        static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(daemon("llmbench-scrape-http"));
        static final HttpClient CLIENT = HttpClient.newBuilder().executor(EXECUTOR).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
