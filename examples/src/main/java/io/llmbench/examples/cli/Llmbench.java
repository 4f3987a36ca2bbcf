package io.llmbench.examples.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code llmbench} command-line tool: benchmark OpenAI-compatible endpoints, keep the results in
 * a store, predict, estimate, rank, recommend and report. Run {@code java -jar llmbench.jar --help}.
 *
 * <p>Exit codes: {@value #OK} success, {@value #FAILED} the command failed (one line on standard
 * error says why), {@value #USAGE} a flag or argument is wrong, {@value #SLO_MISSED} a run missed
 * its SLOs and {@code --check-slos} was given, {@value #REGRESSION} {@code diff} found a regression.
 */
@Command(name = "llmbench", mixinStandardHelpOptions = true, versionProvider = Llmbench.Version.class,
        description = {"Benchmark OpenAI-compatible LLM endpoints, keep the results, predict, rank and report.", "",
                "Start with: llmbench demo"},
        subcommands = {
                RunCommand.class, SweepCommand.class, MatrixCommand.class, ImportCommand.class, ExportCommand.class,
                ModelsCommand.class, RunsCommand.class, ShowCommand.class, DeleteCommand.class,
                DiffCommand.class, PredictCommand.class, EstimateCommand.class, CompareCommand.class, RankCommand.class,
                RecommendCommand.class, ReportCommand.class, SimulateCommand.class, DemoCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failed, 2 bad usage, 3 SLOs missed (with --check-slos), 4 regression (diff)."})
public final class Llmbench implements Runnable {
    /** Exit code of a command that did what it was asked. */
    public static final int OK = 0;
    /** Exit code of a command that failed; standard error says why in one line. */
    public static final int FAILED = 1;
    /** Exit code of a wrong flag, value or argument. */
    public static final int USAGE = 2;
    /** Exit code of a run that missed an SLO when {@code --check-slos} was given. */
    public static final int SLO_MISSED = 3;
    /** Exit code of {@code diff} when a statistic of the candidate regressed against the baseline. */
    public static final int REGRESSION = 4;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces on errors and library log messages.")
    boolean verbose;

    @Option(names = "--wide", scope = ScopeType.INHERIT,
            description = "Print every table column at full length (tables are fitted to " + TextTable.DEFAULT_WIDTH + " columns otherwise).")
    boolean wide;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    Llmbench(CliContext context) {
        this.context = context;
    }

    /** What commands write to and read from. */
    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        spec.commandLine().usage(context.out());
    }

    /** Set by {@code examples/bin/llmbench} to the name it was started by. */
    static final String LAUNCHER_PROPERTY = "llmbench.launcher";

    /**
     * How the user started the tool, for the commands it suggests: the launcher's name
     * ({@code llmbench}) or {@code java -jar PATH}.
     */
    static String invocation() {
        String launcher = System.getProperty(LAUNCHER_PROPERTY);
        if (launcher != null && !launcher.isBlank()) {
            return launcher;
        }
        try {
            java.nio.file.Path jar = java.nio.file.Path.of(Llmbench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.toString().endsWith(".jar")) {
                java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
                java.nio.file.Path shown = jar.startsWith(cwd) ? cwd.relativize(jar) : jar;
                return "java -jar " + shown;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through: not run from a jar
        }
        return "java -jar examples/target/llmbench.jar";
    }

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        CliContext context = new CliContext(out, err, System::getenv, System.console() != null);
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        // Ctrl-C (SIGINT/SIGTERM): one line saying what was stopped, whatever the command was doing
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get()) {
                err.println(context.interrupt());
                err.flush();
            }
        }, "llmbench-interrupted"));
        int code = execute(context, args);
        out.flush();
        err.flush();
        finished.set(true);
        System.exit(code);
    }

    /**
     * Runs the tool in this process without exiting: what {@link #main} does, with the streams and
     * the environment given (tests pass their own).
     *
     * @return the exit code
     */
    public static int execute(CliContext context, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        configureLogging(verbose);
        if (Arrays.asList(args).contains("--wide")) {
            context.tableWidth(Integer.MAX_VALUE);
        }
        String[] expanded;
        try {
            expanded = ConfigFile.expand(args);
        } catch (CliException e) {
            context.err().println("error: " + Errors.oneLine(e, context));
            context.err().flush();
            return USAGE;
        }
        rememberSecrets(context, expanded);
        CommandLine cl = commandLine(context);
        int code = cl.execute(expanded);
        context.out().flush();
        context.err().flush();
        return code;
    }

    /** Flags whose values are secrets; for the map flags, the part after the first {@code =}. */
    private static final java.util.List<String> SECRET_FLAGS = java.util.List.of("--api-key", "--header", "--secret-body");

    /** API keys, header values and secret body fields given as flags are masked in every message, parse errors included. */
    private static void rememberSecrets(CliContext context, String[] args) {
        for (int i = 0; i < args.length; i++) {
            for (String flag : SECRET_FLAGS) {
                String value = null;
                if (args[i].equals(flag) && i + 1 < args.length) {
                    value = args[i + 1];
                } else if (args[i].startsWith(flag + "=")) {
                    value = args[i].substring(flag.length() + 1);
                }
                if (value != null) {
                    context.secret(flag.equals("--api-key") ? value : value.substring(value.indexOf('=') + 1));
                }
            }
        }
    }

    /** The configured picocli command line (help, converters, error handlers). */
    static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new Llmbench(context), new Factory(context));
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOverwrittenOptionsAllowed(true);
        cl.setUsageHelpAutoWidth(false);
        Converters.register(cl);
        cl.setParameterExceptionHandler(Errors::handleParameter);
        cl.setExecutionExceptionHandler(Errors::handleExecution);
        return cl;
    }

    private static void configureLogging(boolean verbose) {
        // simplelogger.properties in the jar keeps library log lines (Flyway, JDBI) at warn; --verbose shows them.
        if (verbose) {
            System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        // Flyway warns that it has not been tested with this H2 version (the store's tests cover
        // it), and logs the stack traces of a migration it cannot finish (a Ctrl-C during the first
        // setup of a store); without --verbose it says nothing: the store's exception says what
        // failed, in one line.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.flywaydb", verbose ? "info" : "off");
        // H2's automatic mixed mode serves other processes over TCP: keep that on the loopback interface.
        System.getProperties().putIfAbsent("h2.bindAddress", "127.0.0.1");
    }

    /** Creates commands, handing the context to those that take it. */
    static final class Factory implements CommandLine.IFactory {
        private final CliContext context;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == Llmbench.class) {
                return cls.cast(new Llmbench(context));
            }
            return fallback.create(cls);
        }
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Llmbench.class.getPackage().getImplementationVersion();
            return new String[] {"llmbench " + (v == null ? "0.1.0-SNAPSHOT" : v),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
