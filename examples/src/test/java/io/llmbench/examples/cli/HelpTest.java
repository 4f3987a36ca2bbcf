package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTest {
    static final List<String> COMMANDS = List.of("run", "sweep", "matrix", "import", "export", "models", "runs", "show",
            "delete", "predict", "estimate", "compare", "rank", "recommend", "report", "simulate", "demo", "serve");

    @Test
    void everyCommandHasHelp() {
        for (String c : COMMANDS) {
            Cli.Result r = Cli.run(c, "--help");
            assertThat(r.code()).as(c).isZero();
            assertThat(r.out()).as(c).startsWith("Usage: llmbench " + c).contains("--help");
            assertThat(r.err()).as(c).isEmpty();
        }
    }

    @Test
    void theRootHelpListsEveryCommandAndTheExitCodes() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.code()).isZero();
        for (String c : COMMANDS) {
            assertThat(r.out()).contains("  " + c + " ");
        }
        assertThat(r.out()).contains("Exit codes: 0 ok, 1 failed, 2 bad usage, 3 SLOs missed");
        assertThat(Cli.run().out()).startsWith("Usage: llmbench");
    }

    @Test
    void printsTheVersion() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("llmbench ").contains("Java ");
    }
}
