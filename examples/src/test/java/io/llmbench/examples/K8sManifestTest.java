package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.matrix.TestMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The manifests in examples/k8s stay in step with the worker's options. */
class K8sManifestTest {
    static final Path K8S = Path.of("k8s");
    static final Pattern ARG = Pattern.compile("^\\s*- (--[a-z-]+)=(.*)$", Pattern.MULTILINE);

    private static List<String> args(String yaml) {
        List<String> args = new ArrayList<>();
        Matcher m = ARG.matcher(yaml);
        while (m.find()) {
            args.add(m.group(1));
            args.add(m.group(2).trim());
        }
        return args;
    }

    @Test
    void indexedJobPassesOnlyKnownOptionsAndAsManyShardsAsCompletions() throws Exception {
        String yaml = Files.readString(K8S.resolve("matrix-job.yaml"));
        List<String> args = args(yaml);

        assertThat(yaml).contains("completionMode: Indexed").contains("io.llmbench.examples.MatrixShardWorker");
        Set<String> known = Set.of(MatrixShardWorker.OPTIONS);
        for (int i = 0; i < args.size(); i += 2) {
            assertThat(known).as("option %s in matrix-job.yaml", args.get(i)).contains(args.get(i).substring(2));
        }
        Matcher completions = Pattern.compile("completions: (\\d+)").matcher(yaml);
        assertThat(completions.find()).isTrue();
        assertThat(args).containsSubsequence("--shards", completions.group(1));

        // the manifest's matrix options build a matrix, and each of its shards is non-empty
        List<String> matrixArgs = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (Set.of("--matrix", "--models", "--concurrencies", "--inputs", "--outputs").contains(args.get(i))) {
                matrixArgs.add(args.get(i));
                matrixArgs.add(args.get(i + 1));
            }
        }
        TestMatrix matrix = MatrixShardWorker.matrix(matrixArgs.toArray(String[]::new));
        int shards = Integer.parseInt(completions.group(1));
        assertThat(matrix.size()).isEqualTo(2 * 4 * 3 * 2);
        for (int i = 0; i < shards; i++) {
            assertThat(matrix.shard(i, shards)).isNotEmpty();
        }
    }

    @Test
    void argoWorkflowPassesOnlyKnownOptions() throws Exception {
        List<String> args = args(Files.readString(K8S.resolve("argo-workflow.yaml")));
        assertThat(args).contains("--shard");
        Set<String> known = Set.of(MatrixShardWorker.OPTIONS);
        for (int i = 0; i < args.size(); i += 2) {
            assertThat(known).as("option %s in argo-workflow.yaml", args.get(i)).contains(args.get(i).substring(2));
        }
    }
}
