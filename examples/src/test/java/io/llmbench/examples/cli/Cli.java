package io.llmbench.examples.cli;

import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs the tool in this process and captures what it prints. */
final class Cli {
    /** A fast simulated inference server: a few milliseconds per request. */
    static final TimingModel FAST = TimingModel.builder().prefill(1, 0.002).decode(1, 0.02).maxRunning(64).jitter(0.02).build();
    /** A slower one: several times the fast one's prefill and decode step. */
    static final TimingModel SLOW = TimingModel.builder().prefill(6, 0.01).decode(4, 0.1).maxRunning(64).jitter(0.02).build();

    /** What a command did. */
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }

        List<String> errLines() {
            return err.isBlank() ? List.of() : Arrays.asList(err.strip().split("\\R"));
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Llmbench.execute(new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), env::get, false), args);
        return new Result(code, out.toString(), err.toString());
    }

    static SimulatedEndpoint sim(String model, TimingModel timing) {
        return SimulatedEndpoint.builder().model(model).timing(timing).seed(7).start();
    }

    /** Waits up to 20 s for a command running in another thread to print a first line starting with the prefix; null if it did not. */
    static String awaitFirstLine(StringWriter out, String prefix) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            String first = out.toString().lines().findFirst().orElse("");
            if (first.startsWith(prefix)) {
                return first;
            }
            Thread.sleep(50);
        }
        return null;
    }

    /** Concatenates argument lists. */
    static String[] args(Object... parts) {
        return Arrays.stream(parts).flatMap(p -> p instanceof String[] a ? Arrays.stream(a) : java.util.stream.Stream.of(String.valueOf(p)))
                .toArray(String[]::new);
    }
}
