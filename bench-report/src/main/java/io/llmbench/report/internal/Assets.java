package io.llmbench.report.internal;

import io.llmbench.report.ReportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Properties;

/**
 * The page's bundled scripts and styles, loaded once from the classpath: Chart.js from its WebJar,
 * and this module's {@code report.js}, {@code capture.js} and {@code report.css}. Thread-safe. Not API.
 */
public final class Assets {
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private static volatile Assets instance;

    public final String chartJs;
    public final String chartJsVersion;
    public final String reportJs;
    public final String captureJs;
    public final String css;

    private Assets() {
        chartJsVersion = chartJsVersion();
        chartJs = checkedScript("chart.js " + chartJsVersion,
                stripSourceMap(read("META-INF/resources/webjars/chart.js/" + chartJsVersion + "/dist/chart.umd.js")));
        reportJs = checkedScript("report.js", read("io/llmbench/report/internal/report.js"));
        captureJs = checkedScript("capture.js", read("io/llmbench/report/internal/capture.js"));
        css = read("io/llmbench/report/internal/report.css");
        if (css.toLowerCase(Locale.ROOT).contains("</style")) {
            throw new ReportException("report.css must not contain '</style', but does");
        }
    }

    /** The assets, loaded on first use. */
    public static Assets get() {
        Assets a = instance;
        if (a == null) {
            synchronized (Assets.class) {
                a = instance;
                if (a == null) {
                    a = new Assets();
                    instance = a;
                }
            }
        }
        return a;
    }

    /** The CSP source for an inline script: {@code 'sha256-...'}. */
    public static String cspHash(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 must be available", e);
        }
    }

    /** Fails when a script could end its {@code <script>} element early. */
    public static String checkedScript(String name, String js) {
        String lower = js.toLowerCase(Locale.ROOT);
        for (String bad : new String[] {"</script", "<!--"}) {
            if (lower.contains(bad)) {
                throw new ReportException(name + " must not contain '" + bad + "' to be inlined in a <script> element, but does");
            }
        }
        return js;
    }

    private static String stripSourceMap(String js) {
        int i = js.lastIndexOf("//# sourceMappingURL=");
        return i < 0 ? js : js.substring(0, i);
    }

    private static String chartJsVersion() {
        try (InputStream in = resource(WEBJAR_POM)) {
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            if (v == null || v.isBlank()) {
                throw new ReportException(WEBJAR_POM + " must name a version, but has none");
            }
            return v;
        } catch (IOException e) {
            throw new ReportException("could not read " + WEBJAR_POM + ": " + e.getMessage(), e);
        }
    }

    private static String read(String path) {
        try (InputStream in = resource(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportException("could not read " + path + ": " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = Assets.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new ReportException(path + " must be on the classpath (the org.webjars.npm:chart.js jar and bench-report's resources), but was not found");
        }
        return in;
    }
}
