package io.llmbench.examples.cli;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where a command writes and what it may read: standard output for results, standard error for
 * progress and errors, and the environment (API keys come from it). Tests give their own.
 * Thread-safe.
 */
public final class CliContext {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Function<String, String> env;
    private final boolean interactive;
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private volatile int tableWidth = TextTable.DEFAULT_WIDTH;

    /**
     * @param out         results
     * @param err         progress and errors
     * @param env         environment variable lookup; returns null for an unset variable
     * @param interactive whether standard error is a terminal (progress then redraws one line)
     */
    public CliContext(PrintWriter out, PrintWriter err, Function<String, String> env, boolean interactive) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.env = Objects.requireNonNull(env, "env");
        this.interactive = interactive;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public Function<String, String> env() {
        return env;
    }

    public boolean interactive() {
        return interactive;
    }

    /** The width tables are fitted to: {@value TextTable#DEFAULT_WIDTH}, or unlimited with {@code --wide}. */
    int tableWidth() {
        return tableWidth;
    }

    void tableWidth(int width) {
        this.tableWidth = width;
    }

    /** Remembers a secret so that no error message can show it. */
    void secret(String value) {
        if (value != null && value.length() >= 4) {
            secrets.add(value);
        }
    }

    /** The text with every remembered secret replaced by {@code ****}. */
    String redact(String text) {
        String t = text;
        for (String s : secrets) {
            t = t.replace(s, "****");
        }
        return t;
    }
}
