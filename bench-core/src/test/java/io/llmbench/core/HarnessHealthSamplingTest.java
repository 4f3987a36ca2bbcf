package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.HarnessHealth.Verdict;
import io.llmbench.core.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Harness health sampled in real runs. Robust on a shared 2-core machine: the starved runs are
 * starved far beyond the thresholds (more load elsewhere only starves them more), and the light
 * run's figures that do not depend on other processes are checked against their thresholds.
 */
class HarnessHealthSamplingTest {
    private static Endpoint endpoint(String name, ScriptedClient client) {
        return Endpoint.openAi("http://127.0.0.1:9/v1").model("m").name(name).client((e, o) -> client).build();
    }

    private static EndpointResult run(ScriptedClient client, int concurrency, int requests) {
        try {
            return Benchmark.builder().endpoints(endpoint("scripted", client)).workload(Workload.ofTexts("hi"))
                    .load(Load.concurrency(concurrency)).requests(requests).run().endpoint("scripted");
        } finally {
            client.close();
        }
    }

    @Test
    void everyMeasuredRunCarriesItsHealth() {
        EndpointResult r = run(new ScriptedClient(2, 2, 4), 2, 20);
        HarnessHealth h = r.health().orElseThrow();
        assertThat(h.probedLoops()).isZero();
        assertThat(h.loopLagSamples()).isPositive();
        assertThat(h.loopLagP50Millis()).isLessThanOrEqualTo(h.loopLagP99Millis());
        assertThat(h.loopLagP99Millis()).isLessThanOrEqualTo(h.loopLagMaxMillis());
        assertThat(h.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(h.sampledSeconds()).isPositive();
        assertThat(h.scheduleLagP99Millis()).isNaN();
        assertThat(h.gcPauseMaxMillis()).isLessThanOrEqualTo(Math.max(h.gcPauseMillis(), h.gcPauseMaxMillis()));
    }

    @Test
    void aClientWhoseEventLoopIsBusyMostOfTheTimeIsNotOk() {
        // one stream, a chunk every 5 ms, each costing 4 ms of the loop: probes wait up to 4 ms
        EndpointResult r = run(ScriptedClient.onLoop(5, 5, 10, 4_000), 1, 30);
        HarnessHealth h = r.health().orElseThrow();
        assertThat(h.probedLoops()).isEqualTo(1);
        assertThat(h.loopLagP99Millis()).isGreaterThan(HarnessHealth.LOOP_LAG_P99_SUSPECT_MILLIS * 2);
        assertThat(h.verdict()).as(h.describe()).isNotEqualTo(Verdict.OK);
        assertThat(h.reasons()).anySatisfy(s -> assertThat(s).contains("client event-loop lag (1 loop)"));
    }

    @Test
    void busyThreadsOnEveryCoreTurnTheVerdictSuspectWhileALightRunStaysWithinItsCpuThreshold() throws Exception {
        HarnessHealth light = run(new ScriptedClient(5, 5, 5), 2, 120).health().orElseThrow();

        int spinners = 2 * Runtime.getRuntime().availableProcessors();
        AtomicBoolean spin = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < spinners; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (spin.get()) {
                    x += System.nanoTime() & 1;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "spinner-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        HarnessHealth starved;
        try {
            Thread.sleep(200);
            starved = run(new ScriptedClient(5, 5, 5), 2, 120).health().orElseThrow();
        } finally {
            spin.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }

        // starved: either the spinners got the cores (CPU share near 1) or other processes took them
        // and the probe waited its turn (lag); in both cases the run is judged not OK
        assertThat(starved.verdict()).as(starved.describe()).isNotEqualTo(Verdict.OK);
        assertThat(starved.cpuShare() > HarnessHealth.CPU_SHARE_SUSPECT
                || starved.loopLagP99Millis() > HarnessHealth.LOOP_LAG_P99_SUSPECT_MILLIS).as(starved.describe()).isTrue();
        // light: its own CPU use is far below the threshold whatever else runs on the machine
        assertThat(light.cpuShare()).as(light.describe()).isLessThan(HarnessHealth.CPU_SHARE_SUSPECT);
        assertThat(light.reasons()).as(light.describe()).noneSatisfy(s -> assertThat(s).startsWith("process CPU"));
        // and on a machine that was not busy with other work, it is OK outright
        if (light.machineCpuShare() < 0.5) {
            assertThat(light.verdict()).as(light.describe()).isEqualTo(Verdict.OK);
        }
    }
}
