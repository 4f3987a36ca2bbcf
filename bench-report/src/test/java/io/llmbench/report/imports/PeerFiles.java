package io.llmbench.report.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.llmbench.core.EndpointResult;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the test files are: the real result files of other tools in {@code shared/datasets/peer-results}
 * (found by walking up from the module directory, so {@code ../../shared} from a checkout beside
 * {@code shared/} works, as does a worktree nested one level deeper), and the fixtures in this
 * package's test resources.
 */
final class PeerFiles {
    private PeerFiles() {
    }

    /** The folder of real files; the calling test is skipped, with a message saying why, when it is absent. */
    static Path real() {
        Path d = Path.of("").toAbsolutePath();
        for (; d != null; d = d.getParent()) {
            Path p = d.resolve("shared/datasets/peer-results");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        assumeTrue(false, "shared/datasets/peer-results is not in any parent of " + Path.of("").toAbsolutePath()
                + ": the real GenAI-Perf and LLMPerf files are absent, so this test is skipped (CI has them)");
        throw new AssertionError("unreachable");
    }

    static Path real(String relative) {
        return real().resolve(relative);
    }

    /** The one run a file holds. */
    static EndpointResult only(Path file) {
        PeerImport i = PeerResults.read(file, PeerOptions.ofDefaults());
        assertThat(i.runs()).hasSize(1);
        return i.runs().get(0);
    }

    /** A fixture from this package's test resources. */
    static Path fixture(String name) {
        try {
            return Path.of(PeerFiles.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " is missing", e);
        }
    }
}
