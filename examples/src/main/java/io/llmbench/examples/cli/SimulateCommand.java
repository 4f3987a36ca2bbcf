package io.llmbench.examples.cli;

import io.llmbench.core.sim.SimFault;
import io.llmbench.core.sim.SimStats;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmbench simulate}: an OpenAI-compatible simulated inference server, until stopped. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start a simulated OpenAI-compatible inference server (continuous batching, queueing, jitter, "
                + "injectable faults) and serve until stopped with Ctrl-C. The first line printed is its base URL.", "",
                "Example: llmbench simulate --port 8000 --preset big --fault 429=0.02"})
final class SimulateCommand extends Cmd {
    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8000", description = "Port, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--preset", paramLabel = "default|fast|big|saturating", defaultValue = "default",
            description = "Timing and model name to start from (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--model", paramLabel = "NAME", description = "Model name served (default: the preset's).")
    String model;

    @Option(names = "--prefill", split = ",", paramLabel = "MS", description = "Prefill ms = BASE + PER_TOKEN*n [+ PER_TOKEN2*n^2]: BASE,PER_TOKEN[,PER_TOKEN2].")
    List<Double> prefill = new ArrayList<>();

    @Option(names = "--decode", split = ",", paramLabel = "MS", description = "Decode step ms = BASE + PER_REQUEST*batch [+ PER_CONTEXT_TOKEN*context]: BASE,PER_REQUEST[,PER_CONTEXT_TOKEN].")
    List<Double> decode = new ArrayList<>();

    @Option(names = "--max-running", paramLabel = "N", description = "Cap on running requests; the rest queue.")
    Integer maxRunning;

    @Option(names = "--max-waiting", paramLabel = "N", description = "Answer HTTP 429 when N requests already wait.")
    Integer maxWaiting;

    @Option(names = "--tokens-per-step", paramLabel = "N", description = "Tokens per decode step and chunk (speculative decoding).")
    Integer tokensPerStep;

    @Option(names = "--jitter", paramLabel = "F", description = "Jitter amplitude in [0, 1).")
    Double jitter;

    @Option(names = "--prefill-lanes", paramLabel = "N", description = "Prefills at once (default: unlimited).")
    Integer prefillLanes;

    @Option(names = "--instant", description = "No modelled time at all (every token at once); overrides the timing options.")
    boolean instant;

    @Option(names = "--output-tokens", split = ",", paramLabel = "N", description = "Output length without max_tokens: MEAN,STDEV.")
    List<Integer> outputTokens = new ArrayList<>();

    @Option(names = "--stop-at-eos", description = "Requests may stop before max_tokens unless they set ignore_eos.")
    boolean stopAtEos;

    @Option(names = "--max-model-len", paramLabel = "N", description = "Context window in tokens.")
    Integer maxModelLen;

    @Option(names = "--fault-after", paramLabel = "N", description = "Tokens sent before a mid-stream fault.")
    Integer faultAfter;

    @Option(names = "--stall-ms", paramLabel = "MS", description = "Length of a stall fault (default: forever).")
    Long stallMillis;

    @Option(names = "--fixed", split = ",", paramLabel = "N",
            description = "Fixed-response mode: every request gets the same pre-encoded answer of CHUNKS[,TOKENS_PER_CHUNK] at once "
                    + "(for measuring a client's capacity).")
    List<Integer> fixed = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + SimulatedEndpoint.DEFAULT_SEED, description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--fault", paramLabel = "KIND=P",
            description = "Inject a fault with probability P (repeatable); KIND is 429, 500, disconnect, malformed, error or stall.")
    Map<String, Double> faults = new LinkedHashMap<>();

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "Require the API key held in this environment variable.")
    String apiKeyEnv;

    @Option(names = "--for", paramLabel = "DURATION", description = "Stop after this long (default: until Ctrl-C).")
    Duration runFor;

    @Override
    int execute() {
        SimPreset p = SimPreset.of(preset);
        TimingModel.Builder t = TimingModel.from(p.timing());
        SimulatedEndpoint.Builder b = SimulatedEndpoint.builder().host(host).seed(seed).model(model != null ? model : p.model());
        try {
            b.port(port);
            if (!prefill.isEmpty()) {
                need("--prefill", prefill, 2, 3);
                t.prefill(prefill.get(0), prefill.get(1));
                if (prefill.size() == 3) {
                    t.prefillQuadratic(prefill.get(2));
                }
            }
            if (!decode.isEmpty()) {
                need("--decode", decode, 2, 3);
                t.decode(decode.get(0), decode.get(1));
                if (decode.size() == 3) {
                    t.decodePerContextToken(decode.get(2));
                }
            }
            if (maxRunning != null) {
                t.maxRunning(maxRunning);
            }
            if (tokensPerStep != null) {
                t.tokensPerStep(tokensPerStep);
            }
            if (jitter != null) {
                t.jitter(jitter);
            }
            if (maxWaiting != null) {
                b.maxWaiting(maxWaiting);
            }
            if (prefillLanes != null) {
                t.prefillConcurrency(prefillLanes);
            }
            if (!outputTokens.isEmpty()) {
                needCount("--output-tokens", outputTokens.size(), 2, 2);
                b.outputTokens(outputTokens.get(0), outputTokens.get(1));
            }
            b.stopAtEos(stopAtEos);
            if (maxModelLen != null) {
                b.maxModelLen(maxModelLen);
            }
            if (faultAfter != null) {
                b.faultAfterTokens(faultAfter);
            }
            if (stallMillis != null) {
                b.stallFor(Duration.ofMillis(stallMillis));
            }
            if (!fixed.isEmpty()) {
                needCount("--fixed", fixed.size(), 1, 2);
                b.fixedResponse(fixed.get(0), fixed.size() > 1 ? fixed.get(1) : 1);
            }
            for (Map.Entry<String, Double> f : faults.entrySet()) {
                SimFault kind = SimFault.fromToken(f.getKey()).orElseThrow(() -> CliException.badFlag("--fault",
                        "kind must be one of 429, 500, disconnect, malformed, error, stall, but was '" + f.getKey() + "'"));
                b.fault(kind, f.getValue());
            }
            b.timing(instant ? TimingModel.instant() : t.build());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliException.usage("invalid simulation: " + e.getMessage());
        }
        if (apiKeyEnv != null) {
            String key = ctx().env().apply(apiKeyEnv);
            if (key == null || key.isEmpty()) {
                throw CliException.badFlag("--api-key-env", "environment variable " + apiKeyEnv + " is not set");
            }
            ctx().secret(key);
            b.apiKey(key);
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (SimulatedEndpoint sim = start(b)) {
            out().println(sim.baseUrl());
            out().println("model " + sim.model() + ": " + sim.timing());
            out().println(runFor == null ? "serving until Ctrl-C" : "serving for " + Fmt.duration(runFor));
            out().flush();
            Thread hook = new Thread(stop::countDown, "llmbench-simulate-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            boolean interrupted = false;
            try {
                if (runFor == null) {
                    stop.await();
                } else {
                    stop.await(runFor.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down already
                }
            }
            SimStats s = sim.stats();
            out().println("served " + s.completed() + " requests (" + s.received() + " received, " + s.faulted() + " faulted, "
                    + s.rejected() + " rejected)");
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return Llmbench.OK;
    }

    private static SimulatedEndpoint start(SimulatedEndpoint.Builder b) {
        try {
            return b.start();
        } catch (java.io.UncheckedIOException e) {
            throw new CliException("cannot listen: " + Errors.message(e));
        } catch (IllegalStateException e) {
            throw CliException.usage("invalid simulation: " + e.getMessage());
        }
    }

    private static void need(String flag, List<Double> v, int min, int max) {
        needCount(flag, v.size(), min, max);
    }

    private static void needCount(String flag, int count, int min, int max) {
        if (count < min || count > max) {
            String range = min == max ? String.valueOf(min) : min + " to " + max;
            throw CliException.badFlag(flag, "must have " + range + " comma-separated numbers, but had " + count);
        }
    }
}
