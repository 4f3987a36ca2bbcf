package io.llmbench.examples.cli;

import io.llmbench.core.Endpoint;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import java.util.Locale;

/**
 * Simulated endpoints with recognisable characters, for the demo and {@code --sim}: a fast small
 * model, a big slow one, and one whose low cap on running requests makes it saturate early.
 */
enum SimPreset {
    /** The simulator's defaults. */
    DEFAULT("sim", SimulatedEndpoint.DEFAULT_MODEL, "sim-gpu", 1, "8B", TimingModel.ofDefaults()),
    /** A small model on a fast GPU: short prefill, quick decode steps. */
    FAST("fast-small", "sim-8b", "sim-L40S", 1, "8B",
            TimingModel.builder().prefill(4, 0.012).decode(5, 0.04).maxRunning(64).jitter(0.05).build()),
    /** A big model: slow prefill and slow decode steps, but a large batch. */
    BIG("big-slow", "sim-70b", "sim-H100x4", 4, "70B",
            TimingModel.builder().prefill(14, 0.05).decode(11, 0.12).maxRunning(64).jitter(0.05).build()),
    /** A small model behind a low cap on running requests: queues build up beyond 4 in flight. */
    SATURATING("saturating", "sim-8b-capped", "sim-T4", 1, "8B",
            TimingModel.builder().prefill(5, 0.02).decode(6, 0.06).maxRunning(4).jitter(0.05).build());

    private final String endpointName;
    private final String model;
    private final String hardware;
    private final int gpus;
    private final String modelSize;
    private final TimingModel timing;

    SimPreset(String endpointName, String model, String hardware, int gpus, String modelSize, TimingModel timing) {
        this.endpointName = endpointName;
        this.model = model;
        this.hardware = hardware;
        this.gpus = gpus;
        this.modelSize = modelSize;
        this.timing = timing;
    }

    String endpointName() {
        return endpointName;
    }

    String model() {
        return model;
    }

    TimingModel timing() {
        return timing;
    }

    /** The preset for a name: default, fast, big or saturating. */
    static SimPreset of(String name) {
        for (SimPreset p : values()) {
            if (p.name().equalsIgnoreCase(name) || p.endpointName.equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw CliException.badFlag("--sim", "must be one of default, fast, big, saturating, but was '" + name + "'");
    }

    /** Starts the simulated endpoint on an ephemeral loopback port. */
    SimulatedEndpoint start(long seed) {
        return SimulatedEndpoint.builder().model(model).timing(timing).seed(seed).start();
    }

    /** An endpoint that talks to a started simulation of this preset. */
    Endpoint endpoint(SimulatedEndpoint sim, String name) {
        return Endpoint.openAi(sim.baseUrl()).model(model).name(name).provider("simulated").hardware(hardware)
                .gpuCount(gpus).engine("llmbench-sim").modelSize(modelSize).build();
    }

    /** One line about the preset's timing. */
    String describe() {
        return String.format(Locale.ROOT, "prefill %s ms + %s ms/token, decode step %s ms + %s ms/request, up to %d running",
                Fmt.num(timing.prefillBaseMillis()), Fmt.num(timing.prefillPerTokenMillis()),
                Fmt.num(timing.stepBaseMillis()), Fmt.num(timing.stepPerRequestMillis()), timing.maxRunning());
    }
}
