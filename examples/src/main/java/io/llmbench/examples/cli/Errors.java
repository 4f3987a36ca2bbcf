package io.llmbench.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on standard error and an exit code: never a stack trace unless
 * {@code --verbose} is given. Secrets the tool has seen and passwords in URLs are masked.
 */
final class Errors {
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");

    private Errors() {
    }

    /** Wrong flags or arguments: the problem, and where help is. */
    static int handleParameter(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        CliContext context = context(cl);
        PrintWriter err = cl.getErr();
        if (Arrays.asList(args).contains("--verbose")) {
            ex.printStackTrace(err);
        }
        String help = cl.getCommandSpec().qualifiedName() + " --help";
        err.println("error: " + context.redact(redactPasswords(sentence(flatten(ex.getMessage())))) + " (see '" + help + "')");
        err.flush();
        return Llmbench.USAGE;
    }

    /** A command threw: its message in one line. */
    static int handleExecution(Exception ex, CommandLine cl, ParseResult parseResult) {
        CliContext context = context(cl);
        PrintWriter err = cl.getErr();
        if (parseResult.originalArgs().contains("--verbose")) {
            err.println(context.redact(stackTrace(ex)));
        }
        if (ex instanceof ParameterException pe) {
            return handleParameter(pe, parseResult.originalArgs().toArray(new String[0]));
        }
        if (ex instanceof CliException c && c.followsInterrupt()) {
            err.flush();
            return c.exitCode();
        }
        err.println("error: " + oneLine(ex, context));
        err.flush();
        return ex instanceof CliException c ? c.exitCode() : Llmbench.FAILED;
    }

    /** The message of a failure as one line, secrets masked. */
    static String oneLine(Throwable ex, CliContext context) {
        return context.redact(redactPasswords(flatten(message(ex))));
    }

    static String message(Throwable ex) {
        Throwable e = ex;
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "file already exists: " + f.getFile();
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            Throwable cause = e.getCause();
            return cause != null && cause != e ? message(cause) : e.getClass().getSimpleName();
        }
        if (e instanceof IOException && !(e instanceof java.nio.file.FileSystemException)) {
            return e.getClass().getSimpleName() + ": " + m;
        }
        return m;
    }

    private static final Pattern MISSING = Pattern.compile(
            "(?i)^(?:error:\\s*)?missing required (?:argument|option|parameter)(?:\\(s\\)|s)?:\\s*(.*)$");

    /**
     * picocli's message as one sentence of ours: without its own "Error: " prefix, and a missing
     * flag said as {@code missing --model MODEL} rather than
     * {@code Missing required argument(s): --model=MODEL}.
     */
    static String sentence(String message) {
        String m = message.replaceFirst("(?i)^error:\\s*", "");
        java.util.regex.Matcher missing = MISSING.matcher(m);
        if (!missing.matches()) {
            return m;
        }
        List<String> items = new ArrayList<>();
        for (String part : missing.group(1).split(",\\s*")) {
            String p = part.trim().replaceAll("^'|'$", "").replaceFirst("=", " ");
            if (!p.isEmpty()) {
                items.add(p);
            }
        }
        if (items.size() <= 1) {
            return "missing " + String.join("", items);
        }
        return "missing " + String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    static String flatten(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
    }

    static String redactPasswords(String s) {
        return PASSWORD.matcher(s).replaceAll("$1****");
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter sw = new java.io.StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    private static CliContext context(CommandLine cl) {
        CommandLine c = cl;
        while (c.getParent() != null) {
            c = c.getParent();
        }
        return ((Llmbench) c.getCommand()).context();
    }
}
