package io.llmbench.examples.cli;

import io.llmbench.core.workload.LengthDistribution;
import io.llmbench.core.workload.PromptFiles;
import io.llmbench.core.workload.PromptSet;
import io.llmbench.core.workload.PromptSuite;
import io.llmbench.core.workload.SyntheticWorkload;
import io.llmbench.core.workload.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** What to send: synthetic prompts (default), the built-in prompt suite, or prompts from a file. */
final class WorkloadOptions {
    @Option(names = "--input-tokens", paramLabel = "MEAN[,STDEV[,MIN,MAX]]", defaultValue = "512",
            description = "Synthetic prompt length in tokens (default ${DEFAULT-VALUE}).")
    String inputTokens = "512";

    @Option(names = "--output-tokens", paramLabel = "MEAN[,STDEV[,MIN,MAX]]", defaultValue = "128",
            description = "Synthetic output length in tokens, forced with max_tokens, ignore_eos and min_tokens (default ${DEFAULT-VALUE}).")
    String outputTokens = "128";

    @Option(names = "--prompt-seed", paramLabel = "N", description = "Seed of the synthetic texts and lengths.")
    Long promptSeed;

    @Option(names = "--shared-prefix", paramLabel = "TOKENS", description = "Tokens every synthetic prompt starts with (prefix caching).")
    int sharedPrefix;

    @Option(names = "--suite", description = "Send the built-in prompt suite instead of synthetic prompts.")
    boolean suite;

    @Option(names = "--category", split = ",", paramLabel = "NAME", description = "Only suite prompts of these categories.")
    List<String> categories = new ArrayList<>();

    @Option(names = "--length", split = ",", paramLabel = "short|medium|long", description = "Only suite prompts of these length classes.")
    List<String> lengths = new ArrayList<>();

    @Option(names = "--complexity", split = ",", paramLabel = "simple|moderate|complex",
            description = "Only suite prompts of these complexity classes.")
    List<String> complexities = new ArrayList<>();

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "1", description = "Passes over the suite or prompt file (default ${DEFAULT-VALUE}).")
    int iterations = 1;

    @Option(names = "--prompts", paramLabel = "FILE", description = "Send prompts from a JSONL or ShareGPT file.")
    Path prompts;

    @Option(names = "--prompt-format", paramLabel = "jsonl|sharegpt",
            description = "Format of --prompts (default: sharegpt for .json files, jsonl otherwise).")
    PromptFiles.Format promptFormat;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Output limit for suite and file prompts.")
    Integer maxTokens;

    /** The workload the flags describe. */
    Workload build() {
        if (suite && prompts != null) {
            throw CliException.usage("--suite and --prompts cannot be used together: choose one workload");
        }
        if (iterations < 1) {
            throw CliException.badFlag("--iterations", "must be >= 1, but was " + iterations);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw CliException.badFlag("--max-tokens", "must be >= 1, but was " + maxTokens);
        }
        if (suite) {
            PromptSuite s = PromptSuite.builtin();
            s = filter(s, "--category", categories, s.categories());
            s = filter(s, "--length", lengths, s.lengths());
            s = filter(s, "--complexity", complexities, s.complexities());
            if (maxTokens != null) {
                s = s.withMaxTokens(maxTokens);
            }
            return s.workload(iterations);
        }
        if (prompts != null) {
            PromptFiles.Format f = promptFormat != null ? promptFormat
                    : prompts.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                    ? PromptFiles.Format.SHAREGPT : PromptFiles.Format.JSONL;
            PromptFiles.Loader loader = f == PromptFiles.Format.SHAREGPT ? PromptFiles.shareGpt() : PromptFiles.jsonl();
            if (maxTokens != null) {
                loader = loader.defaultMaxTokens(maxTokens);
            }
            PromptSet set = loader.read(prompts);
            PromptSuite s = set.suite();
            return s.workload(iterations);
        }
        SyntheticWorkload.Builder b = Workload.synthetic()
                .inputTokens(lengths("--input-tokens", inputTokens))
                .outputTokens(lengths("--output-tokens", outputTokens));
        if (promptSeed != null) {
            b.seed(promptSeed);
        }
        if (sharedPrefix < 0) {
            throw CliException.badFlag("--shared-prefix", "must be >= 0, but was " + sharedPrefix);
        }
        if (sharedPrefix > 0) {
            b.sharedPrefixTokens(sharedPrefix);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliException.usage("invalid synthetic workload: " + e.getMessage());
        }
    }

    private static PromptSuite filter(PromptSuite s, String flag, List<String> wanted, java.util.SortedSet<String> present) {
        if (wanted.isEmpty()) {
            return s;
        }
        for (String w : wanted) {
            if (!present.contains(w)) {
                throw CliException.badFlag(flag, "must be one of " + String.join(", ", present) + ", but was '" + w + "'");
            }
        }
        String[] values = wanted.toArray(new String[0]);
        return switch (flag) {
            case "--category" -> s.categories(values);
            case "--length" -> s.lengths(values);
            default -> s.complexities(values);
        };
    }

    /** Parses {@code MEAN[,STDEV[,MIN,MAX]]}. */
    static LengthDistribution lengths(String flag, String text) {
        String[] parts = text.split(",");
        if (parts.length != 1 && parts.length != 2 && parts.length != 4) {
            throw CliException.badFlag(flag, "must be MEAN, MEAN,STDEV or MEAN,STDEV,MIN,MAX tokens, but was '" + text + "'");
        }
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw CliException.badFlag(flag, "must be whole numbers of tokens, but was '" + text + "'");
            }
        }
        try {
            return switch (parts.length) {
                case 1 -> LengthDistribution.fixed(v[0]);
                case 2 -> LengthDistribution.normal(v[0], v[1]);
                default -> LengthDistribution.normal(v[0], v[1], v[2], v[3]);
            };
        } catch (IllegalArgumentException e) {
            throw CliException.badFlag(flag, e.getMessage() + " (was '" + text + "')");
        }
    }
}
