package io.llmbench.report;

import java.nio.file.Path;

/** Writes the sample report to a path: {@code mvn -pl bench-report exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.llmbench.report.RenderSample -Dexec.args=out.html}. */
public final class RenderSample {
    private RenderSample() {
    }

    public static void main(String[] args) {
        Samples.fullReport(args.length > 1 ? Integer.parseInt(args[1]) : 400).build().write(Path.of(args[0]));
    }
}
