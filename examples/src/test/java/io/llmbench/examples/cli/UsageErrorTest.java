package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A wrong flag value gets one line naming the flag and the value, exit code 2, and no stack trace. */
class UsageErrorTest {
    @TempDir
    static Path tmp;

    static Stream<Arguments> badFlags() {
        String[] ep = {"--url", "http://127.0.0.1:9/v1", "--model", "m", "--no-store", "--no-report"};
        return Stream.of(
                Arguments.of(Cli.args("run", ep, "--concurrency", "0"), "--concurrency", "0"),
                Arguments.of(Cli.args("run", ep, "--concurrency", "abc"), "--concurrency", "abc"),
                Arguments.of(Cli.args("run", ep, "--rate", "-2"), "--rate", "-2"),
                Arguments.of(Cli.args("run", ep, "--duration", "5x"), "--duration", "5x"),
                Arguments.of(Cli.args("run", ep, "--timeout", "0s"), "--timeout", "0s"),
                Arguments.of(Cli.args("run", ep, "--slo", "ttft"), "--slo", "ttft"),
                Arguments.of(Cli.args("run", ep, "--slo", "latency=5"), "--slo", "latency"),
                Arguments.of(Cli.args("run", ep, "--slo", "ttft:p120=5"), "--slo", "120"),
                Arguments.of(Cli.args("run", ep, "--input-tokens", "10,2,3"), "--input-tokens", "10,2,3"),
                Arguments.of(Cli.args("run", ep, "--output-tokens", "0"), "--output-tokens", "0"),
                Arguments.of(Cli.args("run", ep, "--requests", "0"), "--requests", "0"),
                Arguments.of(Cli.args("run", ep, "--warmup", "-1"), "--warmup", "-1"),
                Arguments.of(Cli.args("run", ep, "--arrival", "bursty", "--rate", "1"), "--arrival", "bursty"),
                Arguments.of(Cli.args("run", ep, "--api", "grpc"), "--api", "grpc"),
                Arguments.of(Cli.args("run", ep, "--suite", "--category", "poetry"), "--category", "poetry"),
                Arguments.of(Cli.args("run", "--url", "localhost:8000", "--model", "m", "--no-store"), "--url", "localhost:8000"),
                Arguments.of(Cli.args("run", "--sim", "huge", "--no-store"), "--sim", "huge"),
                Arguments.of(Cli.args("sweep", ep, "--concurrencies", "1,x"), "--concurrencies", "x"),
                Arguments.of(Cli.args("sweep", ep, "--search-rate", "5", "--slo", "ttft=1"), "--search-rate", "5"),
                Arguments.of(Cli.args("matrix", ep, "--shard", "3/2", "--store", tmp.resolve("m").toString()), "--shard", "3/2"),
                Arguments.of(Cli.args("matrix", ep, "--shard", "first", "--store", tmp.resolve("m").toString()), "--shard", "first"),
                Arguments.of(Cli.args("predict", "--input-tokens", "0", "--output-tokens", "5"), "--input-tokens", "0"),
                Arguments.of(Cli.args("predict", "--input-tokens", "100", "--output-tokens", "5", "--predictor", "magic"), "--predictor", "magic"),
                Arguments.of(Cli.args("rank", "--measure", "speed"), "--measure", "speed"),
                Arguments.of(Cli.args("estimate", "--requests", "-5", "--input-tokens", "1", "--output-tokens", "1"), "--requests", "-5"),
                Arguments.of(Cli.args("runs", "--limit", "0"), "--limit", "0"),
                Arguments.of(Cli.args("import", "x.csv", "--format", "xml"), "--format", "xml"),
                Arguments.of(Cli.args("simulate", "--port", "70000"), "port", "70000"),
                Arguments.of(Cli.args("simulate", "--fault", "boom=0.1"), "--fault", "boom"),
                Arguments.of(Cli.args("simulate", "--jitter", "2"), "jitter", "2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFlags")
    void namesTheFlagAndTheValueInOneLine(String[] args, String flag, String value) {
        Cli.Result r = Cli.run(args);

        assertThat(r.code()).as(r.toString()).isEqualTo(Llmbench.USAGE);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err()).startsWith("error: ").contains(flag).contains(value)
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void rejectsAnUnknownTokenizerAtStartListingTheValidOnes() {
        Cli.Result r = Cli.run("run", "--url", "http://127.0.0.1:9/v1", "--model", "m", "--tokenizer", "meta-llama/Llama-3.1-8B",
                "--requests", "2", "--no-store", "--no-report");

        assertThat(r.code()).as(r.toString()).isEqualTo(Llmbench.USAGE);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err()).startsWith("error: invalid value for --tokenizer: ").contains("'meta-llama/Llama-3.1-8B'")
                .contains("r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base").doesNotContain("\tat ");
    }

    @Test
    void rejectsAnUnknownCommandAndAnUnknownFlag() {
        Cli.Result cmd = Cli.run("benchmark");
        assertThat(cmd.code()).isEqualTo(Llmbench.USAGE);
        assertThat(cmd.errLines()).hasSize(1);
        assertThat(cmd.err()).contains("benchmark");

        Cli.Result flag = Cli.run("models", "--colour");
        assertThat(flag.code()).isEqualTo(Llmbench.USAGE);
        assertThat(flag.errLines()).hasSize(1);
        assertThat(flag.err()).contains("--colour").contains("llmbench models --help");
    }

    @Test
    void rejectsConflictingFlags() {
        Cli.Result r = Cli.run("run", "--url", "http://127.0.0.1:9/v1", "--model", "m", "--concurrency", "2", "--rate", "3", "--no-store");
        assertThat(r.code()).isEqualTo(Llmbench.USAGE);
        assertThat(r.err()).contains("--concurrency and --rate cannot be used together");
    }

    @Test
    void rejectsAMissingOrBrokenConfigFile() throws Exception {
        Cli.Result missing = Cli.run("run", "--config", tmp.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(Llmbench.USAGE);
        assertThat(missing.err()).contains("--config").contains("nope.json");

        Path broken = tmp.resolve("broken.json");
        java.nio.file.Files.writeString(broken, "{ \"concurrency\": 4,\n  \"requests\": }");
        Cli.Result bad = Cli.run("run", "--config", broken.toString());
        assertThat(bad.code()).isEqualTo(Llmbench.USAGE);
        assertThat(bad.errLines()).hasSize(1);
        assertThat(bad.err()).contains("broken.json is not valid JSON at line 2");

        Path array = tmp.resolve("array.json");
        java.nio.file.Files.writeString(array, "[1, 2]");
        assertThat(Cli.run("run", "--config", array.toString()).err()).contains("must hold a JSON object of flags, but held array");

        Path unknown = tmp.resolve("unknown.json");
        java.nio.file.Files.writeString(unknown, "{ \"concurency\": 4 }");
        Cli.Result typo = Cli.run("run", "--config", unknown.toString());
        assertThat(typo.code()).isEqualTo(Llmbench.USAGE);
        assertThat(typo.err()).contains("--concurency");
    }

    @Test
    void readCommandsDoNotCreateAMissingStore() {
        Path store = tmp.resolve("absent");
        Cli.Result r = Cli.run("models", "--store", store.toString());
        assertThat(r.code()).isEqualTo(Llmbench.FAILED);
        assertThat(r.err()).contains("absent.mv.db does not exist");
        assertThat(tmp.resolve("absent.mv.db")).doesNotExist();
    }
}
