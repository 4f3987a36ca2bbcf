package io.llmbench.examples.cli;

import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which stored runs a command works on: filters that must all hold. */
final class RunFilter {
    @Option(names = "--model", paramLabel = "MODEL", description = "Only runs of this model id.")
    String model;

    @Option(names = "--endpoint", paramLabel = "NAME", description = "Only runs of this endpoint (deployment) name.")
    String endpoint;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only runs of this provider.")
    String provider;

    @Option(names = "--hardware", paramLabel = "LABEL", description = "Only runs on this hardware.")
    String hardware;

    @Option(names = "--engine", paramLabel = "NAME", description = "Only runs of this engine.")
    String engine;

    @Option(names = "--quantization", paramLabel = "NAME", description = "Only runs with this quantization.")
    String quantization;

    @Option(names = "--cell", paramLabel = "KEY", description = "Only runs of this test-matrix cell.")
    String cell;

    @Option(names = "--label", paramLabel = "NAME=VALUE", description = "Only runs with this label (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    RunQuery query() {
        RunQuery.Builder b = RunQuery.builder().model(model).endpoint(endpoint).provider(provider).hardware(hardware)
                .engine(engine).quantization(quantization).cellKey(cell);
        labels.forEach(b::label);
        return b.build();
    }

    /** The matching runs, newest first; an error naming the filters when there are none. */
    List<StoredRun> runs(ResultStore store) {
        List<StoredRun> runs = store.runs(query());
        if (runs.isEmpty()) {
            throw new CliException("no stored run matches " + describe());
        }
        return runs;
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        add(sb, "--model", model);
        add(sb, "--endpoint", endpoint);
        add(sb, "--provider", provider);
        add(sb, "--hardware", hardware);
        add(sb, "--engine", engine);
        add(sb, "--quantization", quantization);
        add(sb, "--cell", cell);
        labels.forEach((k, v) -> add(sb, "--label", k + "=" + v));
        return sb.length() == 0 ? "(the store is empty)" : sb.toString().trim();
    }

    private static void add(StringBuilder sb, String flag, String v) {
        if (v != null) {
            sb.append(flag).append(' ').append(v).append(' ');
        }
    }
}
