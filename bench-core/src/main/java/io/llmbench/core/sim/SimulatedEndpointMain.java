package io.llmbench.core.sim;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link SimulatedEndpoint} until the process is stopped, printing its base URL on the
 * first line of standard output. Run with {@code --help} for the options.
 */
public final class SimulatedEndpointMain {
    private SimulatedEndpointMain() {
    }

    static final String USAGE = String.join("\n",
            "usage: SimulatedEndpointMain [options]",
            "  --host ADDR              address to bind (default 127.0.0.1)",
            "  --port N                 port, 0 for any (default 8000)",
            "  --model NAME             model name served (default " + SimulatedEndpoint.DEFAULT_MODEL + ")",
            "  --prefill BASE,PER_TOKEN[,PER_TOKEN2]   prefill ms = BASE + PER_TOKEN*n + PER_TOKEN2*n^2",
            "  --decode BASE,PER_REQUEST[,PER_CONTEXT_TOKEN]  step ms = BASE + PER_REQUEST*B + PER_CONTEXT_TOKEN*C",
            "  --max-running N          cap on running requests (default " + TimingModel.DEFAULT_MAX_RUNNING + ")",
            "  --max-waiting N          answer 429 when N requests already wait (default: unbounded)",
            "  --prefill-lanes N        prefills at once (default: unlimited)",
            "  --tokens-per-step N      tokens per decode step and chunk (default 1)",
            "  --jitter F               jitter amplitude in [0,1) (default " + TimingModel.DEFAULT_JITTER + ")",
            "  --instant                no modelled time at all",
            "  --seed N                 seed (default " + SimulatedEndpoint.DEFAULT_SEED + ")",
            "  --output-tokens MEAN,STDEV  length without max_tokens",
            "  --stop-at-eos            requests may stop before max_tokens unless ignore_eos",
            "  --max-model-len N        context window",
            "  --fault KIND=P           inject a fault with probability P; KIND is 429, 500, disconnect,",
            "                           malformed, error or stall; repeatable",
            "  --fault-after N          tokens before a mid-stream fault",
            "  --stall-ms N             stall length (default forever)",
            "  --fixed N[,TOKENS]       fixed-response mode: N chunks of TOKENS tokens each",
            "  --api-key-env VAR        require the API key held in environment variable VAR",
            "  --help                   this text");

    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
        SimulatedEndpoint sim;
        try {
            sim = parse(args).start();
        } catch (HelpRequested e) {
            System.out.println(USAGE);
            return;
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        out.println(sim.baseUrl());
        out.println("model " + sim.model() + ", " + sim.timing());
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "llmbench-sim-shutdown"));
        stop.await();
    }

    static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Parses the options into a builder. */
    static SimulatedEndpoint.Builder parse(String[] args) {
        SimulatedEndpoint.Builder b = SimulatedEndpoint.builder().port(8000);
        TimingModel.Builder t = TimingModel.builder();
        boolean instant = false;
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (opt.equals("--help") || opt.equals("-h")) {
                throw new HelpRequested();
            }
            if (opt.equals("--instant")) {
                instant = true;
                continue;
            }
            if (opt.equals("--stop-at-eos")) {
                b.stopAtEos(true);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(opt + " must be followed by a value, but was the last argument");
            }
            String v = args[++i];
            switch (opt) {
                case "--host": b.host(v); break;
                case "--port": b.port(integer(opt, v)); break;
                case "--model": b.model(v); break;
                case "--prefill": {
                    double[] d = numbers(opt, v, 2, 3);
                    t.prefill(d[0], d[1]);
                    if (d.length == 3) {
                        t.prefillQuadratic(d[2]);
                    }
                    break;
                }
                case "--decode": {
                    double[] d = numbers(opt, v, 2, 3);
                    t.decode(d[0], d[1]);
                    if (d.length == 3) {
                        t.decodePerContextToken(d[2]);
                    }
                    break;
                }
                case "--max-running": t.maxRunning(integer(opt, v)); break;
                case "--max-waiting": b.maxWaiting(integer(opt, v)); break;
                case "--prefill-lanes": t.prefillConcurrency(integer(opt, v)); break;
                case "--tokens-per-step": t.tokensPerStep(integer(opt, v)); break;
                case "--jitter": t.jitter(numbers(opt, v, 1, 1)[0]); break;
                case "--seed": b.seed(longValue(opt, v)); break;
                case "--output-tokens": {
                    double[] d = numbers(opt, v, 2, 2);
                    b.outputTokens((int) d[0], (int) d[1]);
                    break;
                }
                case "--max-model-len": b.maxModelLen(integer(opt, v)); break;
                case "--fault": {
                    int eq = v.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException("--fault must be KIND=PROBABILITY, but was '" + v + "'");
                    }
                    String kind = v.substring(0, eq);
                    SimFault f = SimFault.fromToken(kind).orElseThrow(() -> new IllegalArgumentException(
                            "--fault kind must be one of 429, 500, disconnect, malformed, error, stall, but was '" + kind + "'"));
                    b.fault(f, numbers(opt, v.substring(eq + 1), 1, 1)[0]);
                    break;
                }
                case "--fault-after": b.faultAfterTokens(integer(opt, v)); break;
                case "--stall-ms": b.stallFor(Duration.ofMillis(longValue(opt, v))); break;
                case "--fixed": {
                    double[] d = numbers(opt, v, 1, 2);
                    b.fixedResponse((int) d[0], d.length > 1 ? (int) d[1] : 1);
                    break;
                }
                case "--api-key-env": {
                    String key = System.getenv(v);
                    if (key == null || key.isEmpty()) {
                        throw new IllegalArgumentException("--api-key-env must name a set environment variable, but " + v + " is not set");
                    }
                    b.apiKey(key);
                    break;
                }
                default:
                    throw new IllegalArgumentException("option must be one of those listed, but was '" + opt + "'");
            }
        }
        return b.timing(instant ? TimingModel.instant() : t.build());
    }

    private static int integer(String opt, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " must be an integer, but was '" + v + "'");
        }
    }

    private static long longValue(String opt, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " must be an integer, but was '" + v + "'");
        }
    }

    private static double[] numbers(String opt, String v, int min, int max) {
        String[] parts = v.split(",");
        if (parts.length < min || parts.length > max) {
            throw new IllegalArgumentException(opt + " must have " + (min == max ? min : min + " to " + max)
                    + " comma-separated numbers, but was '" + v + "'");
        }
        double[] d = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                d[i] = Double.parseDouble(parts[i].trim().toLowerCase(Locale.ROOT));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(opt + " must have numbers, but was '" + v + "'");
            }
        }
        return d;
    }
}
