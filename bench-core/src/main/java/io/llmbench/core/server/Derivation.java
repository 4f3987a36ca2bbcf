package io.llmbench.core.server;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives {@link ServerSummary} figures from scraped series: which names each server uses and how
 * each figure is computed. Stateless apart from one derivation's inputs.
 */
final class Derivation {
    static final String COMPARISON = "client-vs-server";
    static final String VLLM = "vllm";
    static final String SGLANG = "sglang";
    static final String TGI = "tgi";
    static final String DCGM = "dcgm";

    /** How series of one name combine across label sets (engines, GPUs) and sources. */
    private enum Combine { SUM, MEAN }

    private final ServerMetrics metrics;
    private final EndpointResult result;
    private final Map<String, ScrapeSource> sources = new LinkedHashMap<>();
    private final List<ServerFigure> figures = new ArrayList<>();
    private final List<ServerTimeline> timelines = new ArrayList<>();

    private Derivation(ServerMetrics metrics, EndpointResult result) {
        this.metrics = metrics;
        this.result = result;
        metrics.sources().forEach(s -> sources.put(s.url(), s));
    }

    static ServerSummary derive(ServerMetrics metrics, EndpointResult result) {
        if (metrics.isEmpty()) {
            return new ServerSummary(List.of(), List.of());
        }
        Derivation d = new Derivation(metrics, result);
        d.vllm();
        d.sglang();
        d.tgi();
        d.dcgm();
        d.comparison();
        return new ServerSummary(d.figures, d.timelines);
    }

    // ---- servers ----

    private void vllm() {
        if (!any("vllm:")) {
            return;
        }
        gauge(VLLM, "running", "running requests (batch size)", "requests", 1, Combine.SUM, "vllm:num_requests_running");
        gauge(VLLM, "waiting", "waiting requests", "requests", 1, Combine.SUM, "vllm:num_requests_waiting");
        gauge(VLLM, "kv_cache", "KV-cache usage", "%", 100, Combine.MEAN, "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc");
        counter(VLLM, "preemptions", "preemptions", "preemptions", 1, "vllm:num_preemptions_total", "vllm:num_preemptions");
        ratio(VLLM, "prefix_cache.hit_rate", "prefix-cache hit rate",
                names("vllm:prefix_cache_hits_total", "vllm:prefix_cache_hits", "vllm:gpu_prefix_cache_hits_total", "vllm:gpu_prefix_cache_hits"),
                names("vllm:prefix_cache_queries_total", "vllm:prefix_cache_queries", "vllm:gpu_prefix_cache_queries_total",
                        "vllm:gpu_prefix_cache_queries"));
        histogramMean(VLLM, "batch.tokens_per_step", "tokens per engine step", "tokens", 1, "vllm:iteration_tokens_total");
        latency(VLLM, "ttft", "TTFT", "vllm:time_to_first_token_seconds");
        latency(VLLM, "tpot", "TPOT", "vllm:request_time_per_output_token_seconds", "vllm:time_per_output_token_seconds");
        latency(VLLM, "itl", "ITL", "vllm:inter_token_latency_seconds");
        latency(VLLM, "e2e", "E2E latency", "vllm:e2e_request_latency_seconds");
        histogramMean(VLLM, "queue.mean", "time waiting in the queue, mean", "ms", 1000, "vllm:request_queue_time_seconds");
        counter(VLLM, "requests", "requests finished", "requests", 1, "vllm:request_success_total", "vllm:request_success");
        tokens(VLLM, names("vllm:prompt_tokens_total", "vllm:prompt_tokens"), names("vllm:generation_tokens_total", "vllm:generation_tokens"));
    }

    private void sglang() {
        if (!any("sglang:") && !any("sglang_")) {
            return;
        }
        gauge(SGLANG, "running", "running requests (batch size)", "requests", 1, Combine.SUM, "sglang:num_running_reqs");
        gauge(SGLANG, "waiting", "waiting requests", "requests", 1, Combine.SUM, "sglang:num_queue_reqs");
        gauge(SGLANG, "kv_cache", "KV-cache (token) usage", "%", 100, Combine.MEAN, "sglang:token_usage");
        gauge(SGLANG, "prefix_cache.hit_rate", "prefix-cache hit rate", "%", 100, Combine.MEAN, "sglang:cache_hit_rate");
        latency(SGLANG, "ttft", "TTFT", "sglang:time_to_first_token_seconds");
        latency(SGLANG, "tpot", "TPOT", "sglang:time_per_output_token_seconds");
        latency(SGLANG, "itl", "ITL", "sglang:inter_token_latency_seconds");
        latency(SGLANG, "e2e", "E2E latency", "sglang:e2e_request_latency_seconds");
        counter(SGLANG, "requests", "requests finished", "requests", 1, "sglang:num_requests_total");
        tokens(SGLANG, names("sglang:prompt_tokens_total"), names("sglang:generation_tokens_total"));
    }

    private void tgi() {
        if (!any("tgi_")) {
            return;
        }
        gauge(TGI, "running", "batch size", "requests", 1, Combine.SUM, "tgi_batch_current_size");
        gauge(TGI, "waiting", "queued requests", "requests", 1, Combine.SUM, "tgi_queue_size");
        latency(TGI, "tpot", "mean time per token", "tgi_request_mean_time_per_token_duration");
        latency(TGI, "e2e", "E2E latency", "tgi_request_duration");
        histogramMean(TGI, "queue.mean", "time waiting in the queue, mean", "ms", 1000, "tgi_request_queue_duration");
        counter(TGI, "requests", "requests finished", "requests", 1, "tgi_request_success", "tgi_request_success_total");
        histogramSum(TGI, "prompt_tokens", "prompt tokens", "tgi_request_input_length");
        histogramSum(TGI, "generation_tokens", "generated tokens", "tgi_request_generated_tokens");
    }

    private void dcgm() {
        if (!any("DCGM_FI_")) {
            return;
        }
        List<ServerSeries> util = named("DCGM_FI_DEV_GPU_UTIL");
        List<ServerSeries> power = named("DCGM_FI_DEV_POWER_USAGE");
        long gpus = (util.isEmpty() ? power : util).stream().map(s -> s.source() + s.labels()).distinct().count();
        if (gpus > 0) {
            add(DCGM, "gpus", "GPUs reporting", gpus, "GPUs");
        }
        gauge(DCGM, "gpu.util", "GPU utilisation (mean over GPUs)", "%", 1, Combine.MEAN, "DCGM_FI_DEV_GPU_UTIL");
        gauge(DCGM, "gpu.memory_used", "GPU memory used (all GPUs)", "MiB", 1, Combine.SUM, "DCGM_FI_DEV_FB_USED");
        gauge(DCGM, "gpu.power", "GPU power (all GPUs)", "W", 1, Combine.SUM, "DCGM_FI_DEV_POWER_USAGE");
        double joules = increase(named("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION")) / 1000.0;
        if (Double.isNaN(joules) && !power.isEmpty()) {
            joules = integral(power);
        }
        if (!Double.isNaN(joules)) {
            add(DCGM, "gpu.energy", "GPU energy over the run", joules, "J");
            double tokens = serverGenerationTokens();
            if (Double.isNaN(tokens) || tokens <= 0) {
                tokens = result.job().outputTokens();
            }
            add(DCGM, "gpu.energy_per_output_token", "GPU energy per output token", tokens > 0 ? joules / tokens : Double.NaN, "J/token");
        }
    }

    private void comparison() {
        ServerFigure ttftMean = first("ttft.mean");
        MetricStats client = result.metric(Metric.TTFT);
        if (ttftMean == null || client.count() == 0) {
            return;
        }
        add(COMPARISON, "ttft.client_minus_server.mean", "client TTFT minus server TTFT, mean (network and client queueing)",
                client.mean() - ttftMean.value(), "ms");
        ServerFigure p50 = first("ttft.p50");
        if (p50 != null) {
            add(COMPARISON, "ttft.client_minus_server.p50", "client TTFT p50 minus server TTFT p50", client.p50() - p50.value(), "ms");
        }
        ServerFigure count = first("ttft.count");
        if (count != null) {
            add(COMPARISON, "ttft.server_count_minus_client", "first tokens the server counted minus the client's requests with one",
                    count.value() - client.count(), "requests");
        }
    }

    // ---- figure kinds ----

    private void gauge(String server, String key, String label, String unit, double scale, Combine combine, String... names) {
        List<ServerSeries> found = named(names);
        if (found.isEmpty()) {
            return;
        }
        Map<String, List<ServerSeries>> bySource = bySource(found);
        double mean = 0;
        double max = combine == Combine.SUM ? 0 : Double.NEGATIVE_INFINITY;
        int n = 0;
        for (Map.Entry<String, List<ServerSeries>> e : bySource.entrySet()) {
            ScrapeSource src = sources.get(e.getKey());
            double[] v = perScrape(e.getValue(), combine, scale);
            double m = mean(v);
            double x = max(v);
            if (Double.isNaN(m)) {
                continue;
            }
            n++;
            mean += m;
            max = combine == Combine.SUM ? max + x : Math.max(max, x);
            timelines.add(new ServerTimeline(key, server, label + (bySource.size() > 1 ? " (" + host(e.getKey()) + ")" : ""), unit,
                    seconds(src), v));
        }
        if (n == 0) {
            return;
        }
        if (combine == Combine.MEAN) {
            mean /= n;
        }
        add(server, key + ".mean", label + ", mean", mean, unit);
        add(server, key + ".max", label + ", max", max, unit);
    }

    private void counter(String server, String key, String label, String unit, double scale, String... names) {
        List<ServerSeries> found = named(names);
        if (!found.isEmpty()) {
            add(server, key, label + " during the run", increase(found) * scale, unit);
        }
    }

    private void ratio(String server, String key, String label, String[] hits, String[] queries) {
        List<ServerSeries> h = named(hits);
        List<ServerSeries> q = named(queries);
        if (h.isEmpty() || q.isEmpty()) {
            return;
        }
        double queried = increase(q);
        add(server, key, label, queried > 0 ? 100 * increase(h) / queried : Double.NaN, "%");
    }

    private void tokens(String server, String[] prompt, String[] generation) {
        counter(server, "prompt_tokens", "prompt tokens", "tokens", 1, prompt);
        List<ServerSeries> gen = named(generation);
        if (gen.isEmpty()) {
            return;
        }
        double total = increase(gen);
        add(server, "generation_tokens", "generated tokens during the run", total, "tokens");
        double span = spanSeconds(gen);
        add(server, "generation_tokens_per_second", "generated tokens per second", span > 0 ? total / span : Double.NaN, "tokens/s");
        for (Map.Entry<String, List<ServerSeries>> e : bySource(gen).entrySet()) {
            ScrapeSource src = sources.get(e.getKey());
            double[] counts = perScrape(e.getValue(), Combine.SUM, 1);
            double[] t = seconds(src);
            double[] rate = new double[counts.length];
            rate[0] = Double.NaN;
            for (int i = 1; i < counts.length; i++) {
                double dt = t[i] - t[i - 1];
                double dv = counts[i] - counts[i - 1];
                rate[i] = dt > 0 && !Double.isNaN(dv) ? (dv < 0 ? counts[i] : dv) / dt : Double.NaN;
            }
            timelines.add(new ServerTimeline("generation_tokens_per_second", server, "generated tokens/s"
                    + (bySource(gen).size() > 1 ? " (" + host(e.getKey()) + ")" : ""), "tokens/s", t, rate));
        }
    }

    /** count, mean, p50, p90, p99 in milliseconds of a histogram in seconds. */
    private void latency(String server, String key, String label, String... names) {
        Histo h = histogram(names);
        if (h == null || h.count <= 0) {
            return;
        }
        add(server, key + ".count", label + " observations", h.count, "requests");
        add(server, key + ".mean", label + ", mean", h.sum / h.count * 1000, "ms");
        add(server, key + ".p50", label + ", p50", h.quantile(0.50) * 1000, "ms");
        add(server, key + ".p90", label + ", p90", h.quantile(0.90) * 1000, "ms");
        add(server, key + ".p99", label + ", p99", h.quantile(0.99) * 1000, "ms");
    }

    private void histogramMean(String server, String key, String label, String unit, double scale, String... names) {
        Histo h = histogram(names);
        if (h != null && h.count > 0) {
            add(server, key, label, h.sum / h.count * scale, unit);
        }
    }

    private void histogramSum(String server, String key, String label, String name) {
        List<ServerSeries> sums = named(name + "_sum");
        if (!sums.isEmpty()) {
            add(server, key, label + " during the run", increase(sums), "tokens");
        }
    }

    // ---- series arithmetic ----

    /** Increments over the run of the given cumulative histogram. */
    private static final class Histo {
        final TreeMap<Double, Double> buckets = new TreeMap<>();
        double sum;
        double count;

        /** The q-quantile by linear interpolation within the bucket it falls in; the top finite bound for +Inf. */
        double quantile(double q) {
            double total = buckets.isEmpty() ? count : buckets.lastEntry().getValue();
            if (!(total > 0)) {
                return Double.NaN;
            }
            double rank = q * total;
            double lower = 0;
            double below = 0;
            for (Map.Entry<Double, Double> b : buckets.entrySet()) {
                double upper = b.getKey();
                double cum = b.getValue();
                if (cum >= rank) {
                    if (Double.isInfinite(upper)) {
                        return lower;
                    }
                    double inBucket = cum - below;
                    return inBucket <= 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
                }
                lower = upper;
                below = cum;
            }
            return lower;
        }
    }

    private Histo histogram(String... bases) {
        for (String base : bases) {
            List<ServerSeries> buckets = named(base + "_bucket");
            List<ServerSeries> counts = named(base + "_count");
            if (buckets.isEmpty() && counts.isEmpty()) {
                continue;
            }
            Histo h = new Histo();
            Map<Double, List<ServerSeries>> byLe = new TreeMap<>();
            for (ServerSeries s : buckets) {
                Double le = bound(s.label("le"));
                if (le != null) {
                    byLe.computeIfAbsent(le, k -> new ArrayList<>()).add(s);
                }
            }
            byLe.forEach((le, series) -> h.buckets.put(le, Math.max(0, increase(series))));
            // cumulative counts must not fall with the bound, whatever the scrapes' timing did
            double running = 0;
            for (Map.Entry<Double, Double> e : h.buckets.entrySet()) {
                running = Math.max(running, e.getValue());
                e.setValue(running);
            }
            h.sum = nanToZero(increase(named(base + "_sum")));
            h.count = counts.isEmpty() ? running : nanToZero(increase(counts));
            return h;
        }
        return null;
    }

    private static Double bound(String le) {
        if (le == null) {
            return null;
        }
        if (le.equals("+Inf") || le.equals("Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(le);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The summed increase of cumulative series over the run; NaN when none has two values. */
    static double increase(List<ServerSeries> series) {
        double total = 0;
        boolean any = false;
        for (ServerSeries s : series) {
            double inc = increase(s.values());
            if (!Double.isNaN(inc)) {
                total += inc;
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }

    /** What a counter counted between its first and last value; a drop is a reset, after which it counts from zero. */
    static double increase(double[] v) {
        double total = 0;
        double previous = Double.NaN;
        int seen = 0;
        for (double x : v) {
            if (Double.isNaN(x)) {
                continue;
            }
            if (!Double.isNaN(previous)) {
                total += x >= previous ? x - previous : x;
            }
            previous = x;
            seen++;
        }
        return seen >= 2 ? total : Double.NaN;
    }

    /** Per scrape: the sum or mean over the label sets of one source, times {@code scale}; NaN where none had a value. */
    private double[] perScrape(List<ServerSeries> sameSource, Combine combine, double scale) {
        int n = sameSource.get(0).values().length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int count = 0;
            for (ServerSeries s : sameSource) {
                if (i < s.values().length && !Double.isNaN(s.values()[i])) {
                    sum += s.values()[i];
                    count++;
                }
            }
            out[i] = count == 0 ? Double.NaN : (combine == Combine.SUM ? sum : sum / count) * scale;
        }
        return out;
    }

    /** Energy in joules from power in watts: the trapezoid integral per series, summed. */
    private double integral(List<ServerSeries> power) {
        double total = 0;
        for (ServerSeries s : power) {
            double[] t = seconds(sources.get(s.source()));
            double[] v = s.values();
            for (int i = 1; i < v.length && i < t.length; i++) {
                if (!Double.isNaN(v[i]) && !Double.isNaN(v[i - 1])) {
                    total += (v[i] + v[i - 1]) / 2 * (t[i] - t[i - 1]);
                }
            }
        }
        return total;
    }

    private double serverGenerationTokens() {
        for (String server : new String[] {VLLM, SGLANG, TGI}) {
            for (ServerFigure f : figures) {
                if (f.server().equals(server) && f.key().equals("generation_tokens")) {
                    return f.value();
                }
            }
        }
        return Double.NaN;
    }

    private double spanSeconds(List<ServerSeries> series) {
        double span = 0;
        for (String url : bySource(series).keySet()) {
            double[] t = seconds(sources.get(url));
            if (t.length >= 2) {
                span = Math.max(span, t[t.length - 1] - t[0]);
            }
        }
        return span;
    }

    private static double[] seconds(ScrapeSource src) {
        double[] t = new double[src.offsetsMillis().length];
        for (int i = 0; i < t.length; i++) {
            t[i] = src.offsetsMillis()[i] / 1000.0;
        }
        return t;
    }

    private static double mean(double[] v) {
        double sum = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double max(double[] v) {
        double m = Double.NaN;
        for (double x : v) {
            if (!Double.isNaN(x) && (Double.isNaN(m) || x > m)) {
                m = x;
            }
        }
        return m;
    }

    private static double nanToZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    // ---- look-ups ----

    private static String[] names(String... names) {
        return names;
    }

    private boolean any(String prefix) {
        for (ServerSeries s : metrics.series()) {
            if (s.name().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The series of the first name that has any; SGLang's names match in either spelling ({@code sglang:} or {@code sglang_}). */
    private List<ServerSeries> named(String... names) {
        for (String name : names) {
            List<ServerSeries> out = new ArrayList<>();
            String alt = name.startsWith("sglang:") ? "sglang_" + name.substring("sglang:".length()) : null;
            for (ServerSeries s : metrics.series()) {
                if (s.name().equals(name) || s.name().equals(alt)) {
                    out.add(s);
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        return List.of();
    }

    private Map<String, List<ServerSeries>> bySource(List<ServerSeries> series) {
        Map<String, List<ServerSeries>> out = new LinkedHashMap<>();
        for (ServerSeries s : series) {
            if (sources.containsKey(s.source())) {
                out.computeIfAbsent(s.source(), k -> new ArrayList<>()).add(s);
            }
        }
        return out;
    }

    private ServerFigure first(String key) {
        for (ServerFigure f : figures) {
            if (f.key().equals(key) && !Double.isNaN(f.value())) {
                return f;
            }
        }
        return null;
    }

    private void add(String server, String key, String label, double value, String unit) {
        figures.add(new ServerFigure(key, server, label, value, unit));
    }

    private static String host(String url) {
        try {
            URI u = URI.create(url);
            return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
