package io.llmbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tiny run of every reference scenario with both clients against the out-of-process C timing
 * server, checking the invariants the figures rest on (not their speed): every request completes
 * and is matched to the server's own trace, the parts of the added TTFT are causal and add up, the
 * server keeps its token grid, and every run carries its harness health.
 */
class ReferenceSuiteSmokeTest {
    @BeforeAll
    static void needsGcc() throws Exception {
        boolean gcc;
        try {
            gcc = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            gcc = false;
        }
        assumeThat(gcc).as("gcc builds the timing reference").isTrue();
    }

    @Test
    void everyScenarioRunsForBothClientsAndItsFiguresAreConsistent() {
        ReferenceSuite.Options o = ReferenceSuite.Options.quick();
        ReferenceSuite.Results r = ReferenceSuite.run(o, ReferenceSuite.SCENARIOS,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(r.streams()).extracting(ReferenceScenarios.Stream::client).containsExactly("netty", "jdk");
        for (ReferenceScenarios.Stream s : concat(r.streams(), r.wide())) {
            assertThat(s.failed()).as(s.client()).isZero();
            assertThat(s.matched()).as("every request matched to its server trace").isEqualTo(s.requests());
            assertThat(s.requestPath().min()).isGreaterThanOrEqualTo(0);
            assertThat(s.responsePath().min()).isGreaterThanOrEqualTo(0);
            // added = request path + response path, request by request, so the medians bracket it
            assertThat(s.addedTtft().max()).isLessThanOrEqualTo(s.requestPath().max() + s.responsePath().max() + 1e-6);
            assertThat(s.addedTtft().min()).isGreaterThanOrEqualTo(s.requestPath().min() + s.responsePath().min() - 1e-6);
            // the server keeps its grid: its own TPOT is the gap, whatever its lateness
            assertThat(s.serverTpotP50()).isCloseTo(s.gapMillis(), org.assertj.core.data.Offset.offset(s.gapMillis() * 0.05));
            assertThat(s.contentChunks()).isEqualTo(s.requests() * s.tokens());
            assertThat(s.health().verdict()).isIn("OK", "SUSPECT", "OVERLOADED");
        }
        for (ReferenceScenarios.Bulk b : r.bulk()) {
            assertThat(b.failed()).isZero();
            assertThat(b.contentChunks()).isEqualTo(b.requests() * b.chunksPerResponse());
        }
        for (ReferenceScenarios.OpenStreams s : r.open()) {
            assertThat(s.failed()).isZero();
            assertThat(s.requests()).isEqualTo(s.streams());
            assertThat(s.peakInFlight()).as("streams overlap").isGreaterThan(s.streams() / 2);
        }
        for (ReferenceScenarios.Poisson p : r.poisson()) {
            assertThat(p.failed()).isZero();
            assertThat(p.requests()).isPositive();
            assertThat(p.scheduleLagP50Millis()).isLessThanOrEqualTo(p.scheduleLagP99Millis());
        }
        assertThat(r.sampler()).hasSize(3).allSatisfy(c -> assertThat(c.sampledCpuMillisPerSecond()).isNotNaN());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ReferenceSuite.print(r, new PrintStream(table, true, StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("added TTFT p50", "bulk bodies", "open slow streams",
                "Poisson arrivals", "sampler cost");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
