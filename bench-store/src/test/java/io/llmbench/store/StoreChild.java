package io.llmbench.store;

import io.llmbench.core.EndpointResult;
import java.nio.file.Path;

/**
 * The program child JVMs run in the multi-process tests. Usage:
 * <pre>
 *   big  STORE RECORDS        save a small run, print "SAVED id", then save one run of RECORDS records,
 *                             printing "BEGIN" before and "DONE id" after
 *   many STORE RUNS RECORDS TAG   save RUNS runs of model "writer-TAG", printing "SAVED id" after each
 *   one  STORE                save a small run, print "SAVED id", then wait (with the store open) to be killed
 * </pre>
 * STORE is {@code h2:PATH} or {@code pg:SCHEMA}.
 */
public final class StoreChild {
    private StoreChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (ResultStore store = open(args[1])) {
            switch (args[0]) {
                case "big" -> {
                    String small = store.save(TestRuns.builder().model("small").records(100).build());
                    say("SAVED " + small);
                    EndpointResult big = TestRuns.builder().model("big").records(Integer.parseInt(args[2]))
                            .maxOutputTokens(64).seed(7).build();
                    say("BEGIN");
                    say("DONE " + store.save(big));
                }
                case "many" -> {
                    int runs = Integer.parseInt(args[2]);
                    int records = Integer.parseInt(args[3]);
                    String tag = args[4];
                    for (int i = 0; i < runs; i++) {
                        say("SAVED " + store.save(TestRuns.builder().model("writer-" + tag).seed(i).records(records).build()));
                    }
                    say("FINISHED");
                }
                case "one" -> {
                    say("SAVED " + store.save(TestRuns.builder().model("reported").records(10).build()));
                    Thread.sleep(Long.MAX_VALUE);
                }
                default -> throw new IllegalArgumentException("mode must be big, many or one, but was " + args[0]);
            }
        }
    }

    static ResultStore open(String spec) {
        if (spec.startsWith("h2:")) {
            return ResultStore.h2File(Path.of(spec.substring(3)));
        }
        if (spec.startsWith("pg:")) {
            return ResultStore.builder().dataSource(PostgresSupport.dataSource(null)).schema(spec.substring(3)).open();
        }
        throw new IllegalArgumentException("store must be h2:PATH or pg:SCHEMA, but was " + spec);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
