package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/bin/llmbench, run by sh as a user would: it finds the jar beside it (also through a
 * symbolic link), says how to build it when it is missing, and the tool it starts suggests its
 * next commands in the launcher's name. Then the read commands, started in the directory where
 * the demo ran, find the demo's store without --store.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    /** The launcher copied into a tree like examples/, with a jar whose manifest points at the test class path. */
    private Path install() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("examples/bin"));
        Path launcher = bin.resolve("llmbench");
        Files.copy(Path.of("bin/llmbench"), launcher);
        Path jar = Files.createDirectories(tmp.resolve("examples/target")).resolve("llmbench.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Llmbench.class.getName());
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(Path.of(e).toUri().toString());
            }
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", cp));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return launcher;
    }

    private static String sh(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return "exit " + p.exitValue() + "\n" + out;
    }

    @Test
    void findsTheJarBesideItThroughASymbolicLinkAndSaysHowToBuildAMissingOne() throws Exception {
        Path launcher = install();
        String direct = sh(tmp, Map.of(), launcher.toString(), "--version");
        assertThat(direct).startsWith("exit 0\n").contains("llmbench 0.1.0");

        Path link = Files.createDirectories(tmp.resolve("home/bin")).resolve("llmbench");
        Files.createSymbolicLink(link, launcher);
        assertThat(sh(tmp, Map.of(), link.toString(), "--version")).startsWith("exit 0\n").contains("llmbench 0.1.0");

        String missing = sh(tmp, Map.of("LLMBENCH_JAR", tmp.resolve("nope.jar").toString()), launcher.toString(), "--version");
        assertThat(missing).startsWith("exit 1\n").contains("nope.jar not found; build it first").contains("mvn -B -q package -DskipTests");
    }

    @Test
    void afterTheDemoTheReadCommandsFindItsStoreAndTheDemoNamesTheNextCommands() throws Exception {
        Path launcher = install();
        Path work = Files.createDirectories(tmp.resolve("work"));
        String demo = sh(work, Map.of(), launcher.toString(), "demo", "--quick");
        assertThat(demo).startsWith("exit 0\n").contains("next:   " + launcher + " models\n");

        String models = sh(work, Map.of(), launcher.toString(), "models");
        assertThat(models).startsWith("exit 0\n")
                .contains("no store at llmbench-out/llmbench.mv.db; reading the demo's store llmbench-out/demo/llmbench.mv.db")
                .contains("sim-8b", "sim-70b");
        // a store the user names is never swapped for the demo's
        String named = sh(work, Map.of(), launcher.toString(), "models", "--store", "elsewhere");
        assertThat(named).startsWith("exit 1\n").contains("store elsewhere.mv.db does not exist");
    }
}
