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

    private volatile String interruptLine = "interrupted";
    private volatile boolean interrupted;

    /**
     * Sets the one line a Ctrl-C prints from now on, saying what it stops (the tool's shutdown
     * hook prints it); returns the line it replaces, to set back when the phase is over.
     */
    String onInterrupt(String line) {
        String previous = interruptLine;
        interruptLine = Objects.requireNonNull(line, "line");
        return previous;
    }

    /** Called once by the shutdown hook of an interrupted tool: the line to print. */
    String interrupt() {
        interrupted = true;
        return interruptLine;
    }

    /** Whether the tool was interrupted (its line is printed; errors that follow from it are not). */
    boolean interrupted() {
        return interrupted;
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
