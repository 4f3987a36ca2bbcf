package io.llmbench.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the context and a return code. */
abstract class Cmd implements Callable<Integer> {
    @ParentCommand
    Llmbench root;

    @Spec
    CommandSpec spec;

    CliContext ctx() {
        return root.context();
    }

    PrintWriter out() {
        return root.context().out();
    }

    PrintWriter err() {
        return root.context().err();
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** Does the command's work; returns the exit code. */
    abstract int execute() throws Exception;
}
