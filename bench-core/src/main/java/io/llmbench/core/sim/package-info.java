/**
 * A simulated OpenAI-compatible inference endpoint that runs in-process, for demos, tests and load
 * benchmarks with no GPU and no network.
 *
 * <p>Usage first:
 * <pre>{@code
 * try (SimulatedEndpoint sim = SimulatedEndpoint.builder()
 *         .model("sim-8b")
 *         .timing(TimingModel.builder().prefill(10, 0.02).decode(8, 0.08).maxRunning(64).build())
 *         .seed(42)
 *         .start()) {
 *     Endpoint endpoint = Endpoint.openAi(sim.baseUrl()).model("sim-8b").build();
 *     // benchmark it; compare with sim.timing().atConcurrency(16, 512, 128)
 * }
 * }</pre>
 * From the command line: {@code llmbench simulate --port 8000} (the examples module's command-line tool; {@code --help} lists the options).
 *
 * <p><b>Nulls:</b> no method in this package accepts or returns {@code null}; optional values are
 * {@link java.util.Optional}.
 *
 * <p><b>Units:</b> token counts are tokens; durations are milliseconds ({@code double}) unless a
 * name ends in {@code Nanos}; rates are per second.
 *
 * <p><b>Threads:</b> {@link io.llmbench.core.sim.SimulatedEndpoint}, {@link io.llmbench.core.sim.TimingModel}
 * and the records are thread-safe; builders are not. A running endpoint owns two daemon threads
 * named {@code llmbench-sim-io-N} and {@code llmbench-sim-engine-N}.
 */
package io.llmbench.core.sim;
