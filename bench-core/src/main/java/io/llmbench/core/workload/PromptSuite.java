package io.llmbench.core.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A list of tagged prompts to benchmark with, such as the {@linkplain #builtin() built-in curated
 * suite}, filterable by category, length and complexity, and turned into a workload that sends
 * each prompt a number of times. Immutable and thread-safe.
 *
 * <pre>{@code
 * Workload w = PromptSuite.builtin()
 *         .categories("coding", "math")
 *         .complexities("complex")
 *         .workload(3);                   // every prompt 3 times, round-robin
 * Benchmark.builder().workload(w).requests((int) w.plannedRequests()) ...
 * }</pre>
 *
 * <p>Each request's {@link PromptInfo} keeps the prompt's id, category, length and complexity, so
 * results can be grouped by them.
 */
public final class PromptSuite {
    /** Length classes of the built-in suite, by prompt size in cl100k_base tokens (all messages): under 100, 100 to 349, 350 or more. */
    public static final List<String> LENGTHS = List.of("short", "medium", "long");

    /** Complexity classes of the built-in suite. */
    public static final List<String> COMPLEXITIES = List.of("simple", "moderate", "complex");

    /** The built-in suite's resource, a JSONL file in the {@link PromptFiles} format. */
    static final String BUILTIN_RESOURCE = "prompt-suite.jsonl";

    private static volatile PromptSuite builtin;

    private final String name;
    private final List<Prompt> prompts;

    private PromptSuite(String name, List<Prompt> prompts) {
        this.name = name;
        this.prompts = List.copyOf(prompts);
    }

    /**
     * The built-in curated suite: prompts written for llmbench across ten categories (factual Q&amp;A,
     * coding, analysis, creative writing, summarisation, reasoning, extraction, translation, math,
     * dialogue), each tagged with one of {@link #LENGTHS} and {@link #COMPLEXITIES}, covering every
     * length × complexity pair, with an output limit that fits the task.
     */
    public static PromptSuite builtin() {
        PromptSuite s = builtin;
        if (s == null) {
            synchronized (PromptSuite.class) {
                s = builtin;
                if (s == null) {
                    s = loadBuiltin();
                    builtin = s;
                }
            }
        }
        return s;
    }

    private static PromptSuite loadBuiltin() {
        try (InputStream in = PromptSuite.class.getResourceAsStream(BUILTIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in prompt suite resource " + BUILTIN_RESOURCE + " is missing from the jar");
            }
            PromptSet set = PromptFiles.jsonl().read(new InputStreamReader(in, StandardCharsets.UTF_8), BUILTIN_RESOURCE);
            return new PromptSuite("builtin", set.prompts());
        } catch (IOException e) {
            throw new UncheckedIOException("built-in prompt suite cannot be read: " + e, e);
        }
    }

    /**
     * A suite of the given prompts.
     *
     * @param name a short name used in {@link Workload#description()}
     */
    public static PromptSuite of(String name, List<Prompt> prompts) {
        Objects.requireNonNull(name, "name");
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("prompt suite " + name + " must have at least one prompt, but has none");
        }
        return new PromptSuite(name, prompts);
    }

    /** The suite's name, e.g. {@code builtin} or a file name, with any filters applied. */
    public String name() {
        return name;
    }

    /** The prompts in order. */
    public List<Prompt> prompts() {
        return prompts;
    }

    public int size() {
        return prompts.size();
    }

    /** The categories present, sorted. */
    public SortedSet<String> categories() {
        return tags(PromptInfo::category);
    }

    /** The length classes present, sorted. */
    public SortedSet<String> lengths() {
        return tags(PromptInfo::length);
    }

    /** The complexity classes present, sorted. */
    public SortedSet<String> complexities() {
        return tags(PromptInfo::complexity);
    }

    private SortedSet<String> tags(java.util.function.Function<PromptInfo, String> tag) {
        TreeSet<String> set = new TreeSet<>();
        for (Prompt p : prompts) {
            String t = tag.apply(p.info());
            if (t != null) {
                set.add(t);
            }
        }
        return java.util.Collections.unmodifiableSortedSet(set);
    }

    /** Only prompts in one of these categories. */
    public PromptSuite categories(String... categories) {
        return keepTag("category", PromptInfo::category, categories);
    }

    /** Only prompts of one of these length classes. */
    public PromptSuite lengths(String... lengths) {
        return keepTag("length", PromptInfo::length, lengths);
    }

    /** Only prompts of one of these complexity classes. */
    public PromptSuite complexities(String... complexities) {
        return keepTag("complexity", PromptInfo::complexity, complexities);
    }

    private PromptSuite keepTag(String field, java.util.function.Function<PromptInfo, String> tag, String... values) {
        Set<String> wanted = Set.of(values);
        return filter(field + "=" + String.join("|", values), info -> wanted.contains(tag.apply(info)));
    }

    /**
     * Only the prompts whose info matches.
     *
     * @throws IllegalArgumentException when no prompt matches
     */
    public PromptSuite filter(Predicate<PromptInfo> keep) {
        return filter("filtered", keep);
    }

    private PromptSuite filter(String what, Predicate<PromptInfo> keep) {
        List<Prompt> kept = new ArrayList<>();
        for (Prompt p : prompts) {
            if (keep.test(p.info())) {
                kept.add(p);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("prompt suite filter " + what + " must keep at least one of the "
                    + prompts.size() + " prompts of " + name + ", but kept none");
        }
        return new PromptSuite(name + "[" + what + "]", kept);
    }

    /** The same prompts with the output limit {@code max_tokens} set to {@code maxTokens} for every one. */
    public PromptSuite withMaxTokens(int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, but was " + maxTokens);
        }
        List<Prompt> copy = new ArrayList<>(prompts.size());
        for (Prompt p : prompts) {
            copy.add(p.withMaxTokens(maxTokens));
        }
        return new PromptSuite(name + "[max_tokens=" + maxTokens + "]", copy);
    }

    /**
     * A workload sending every prompt {@code iterations} times: round-robin through the suite, then
     * again, so repetitions of one prompt are spread over the run. Its
     * {@linkplain Workload#plannedRequests() planned requests} are {@code size() × iterations}; asked
     * for more, it keeps cycling.
     */
    public Workload workload(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, but was " + iterations);
        }
        List<Prompt> list = prompts;
        String description = "suite " + name + " " + list.size() + " prompts x" + iterations;
        return new Workload() {
            @Override
            public Prompt prompt(long index) {
                if (index < 0) {
                    throw new IllegalArgumentException("prompt index must be >= 0, but was " + index);
                }
                return list.get((int) (index % list.size()));
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public int distinctPrompts() {
                return list.size();
            }

            @Override
            public long plannedRequests() {
                return (long) list.size() * iterations;
            }
        };
    }

    @Override
    public String toString() {
        return "PromptSuite[" + name + ", " + prompts.size() + " prompts, categories=" + categories() + "]";
    }
}
