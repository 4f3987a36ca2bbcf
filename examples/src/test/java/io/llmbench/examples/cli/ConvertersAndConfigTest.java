package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.Traffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

class ConvertersAndConfigTest {
    @TempDir
    Path tmp;

    @Test
    void parsesDurationsWithUnitsAndIso() {
        assertThat(Converters.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Converters.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Converters.duration("2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(Converters.duration("PT2M")).isEqualTo(Duration.ofMinutes(2));
        for (String bad : List.of("5", "5x", "s", "1h 30m", "-1s", "0s", "")) {
            assertThatThrownBy(() -> Converters.duration(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void parsesSlosAtTheDefaultOrAGivenPercentile() {
        assertThat(Converters.slo("ttft=500")).isEqualTo(Slo.of(Metric.TTFT, 500));
        assertThat(Converters.slo("tpot:p99=50")).isEqualTo(Slo.at(Metric.TPOT, 99, 50));
        assertThat(Converters.slo("user_tps:p90 = 20.5")).isEqualTo(Slo.at(Metric.USER_TPS, 90, 20.5));
        assertThatThrownBy(() -> Converters.slo("ttft=fast")).hasMessageContaining("threshold must be a number, but was 'fast'");
        assertThatThrownBy(() -> Converters.slo("ttft:p0=5")).hasMessageContaining("percentile");
    }

    @Test
    void parsesTraffic() {
        assertThat(Converters.traffic("concurrency:8")).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 8));
        assertThat(Converters.traffic("rate:0.5")).isEqualTo(new Traffic(Traffic.Mode.RATE, 0.5));
        assertThat(Converters.traffic("sequential")).isEqualTo(new Traffic(Traffic.Mode.SEQUENTIAL, 1));
        assertThatThrownBy(() -> Converters.traffic("rate:-1")).hasMessageContaining("'rate:-1'");
    }

    @Test
    void expandsAConfigFileRightAfterTheCommand() throws IOException {
        Path f = tmp.resolve("c.json");
        Files.writeString(f, """
                { "endpoints": [ { "model": "a", "url": "http://h/v1", "no-stream": true, "body": { "temperature": 0 } },
                                 { "url": "http://g/v1", "model": "b", "no-stream": false } ],
                  "concurrency": 4, "slo": ["ttft=1", "tpot=2"], "--warmup": 3, "quiet": true, "notes": null }
                """);
        String[] args = ConfigFile.expand(new String[] {"--verbose", "run", "--requests", "5", "--config", f.toString(), "--concurrency", "8"});
        assertThat(args).containsExactly("--verbose", "run",
                "--url", "http://h/v1", "--model", "a", "--no-stream", "--body", "temperature=0",
                "--url", "http://g/v1", "--model", "b",
                "--concurrency", "4", "--slo", "ttft=1", "--slo", "tpot=2", "--warmup", "3", "--quiet",
                "--requests", "5", "--concurrency", "8");
        assertThat(ConfigFile.expand(new String[] {"run", "--config=" + f, "--quiet"})).startsWith("run", "--url").endsWith("--quiet", "--quiet");
        String[] none = {"run", "--requests", "5"};
        assertThat(ConfigFile.expand(none)).isSameAs(none);
    }
}
