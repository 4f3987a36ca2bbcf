package io.llmbench.examples.service;

import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRouting;
import io.llmbench.report.HtmlReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The pages for people and everything they load, all from the class path (no CDN): the web
 * application ({@code index.html}, {@code app.js}, {@code app.css} beside this class), Chart.js
 * and the report's chart script from bench-report, and Swagger UI from its WebJar for the API
 * explorer. Every page is served under a Content-Security-Policy that allows scripts, styles and
 * connections to this origin only. Immutable and thread-safe.
 */
final class Pages {
    /** Every path served here, with what it is. */
    static final Map<String, String> PAGES = pages();

    /** The policy of every page: this origin only, no inline script, no framing, no forms posting elsewhere. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String SWAGGER_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final Map<String, byte[]> content = new LinkedHashMap<>();

    Pages() {
        content.put("/", resource("index.html"));
        content.put("/app.js", resource("app.js"));
        content.put("/app.css", resource("app.css"));
        content.put("/explorer", resource("explorer.html"));
        content.put("/explorer.js", resource("explorer.js"));
        content.put("/assets/chart.js", HtmlReport.chartLibraryScript().getBytes(StandardCharsets.UTF_8));
        content.put("/assets/report.js", HtmlReport.chartScript().getBytes(StandardCharsets.UTF_8));
        String swagger = "META-INF/resources/webjars/swagger-ui/" + swaggerVersion() + "/";
        content.put("/assets/swagger-ui.js", stripSourceMap(classPath(swagger + "swagger-ui-bundle.js")));
        content.put("/assets/swagger-ui.css", stripSourceMap(classPath(swagger + "swagger-ui.css")));
        if (!content.keySet().equals(PAGES.keySet())) {
            throw new IllegalStateException("pages served must be the pages listed, but were " + content.keySet());
        }
    }

    private static Map<String, String> pages() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("/", "The web application: upload, models, runs, compare, modeling, estimate, rank, recommend");
        m.put("/app.js", "The web application's script");
        m.put("/app.css", "The web application's styles");
        m.put("/explorer", "The API explorer (Swagger UI) over /openapi.json");
        m.put("/explorer.js", "The API explorer's start script");
        m.put("/assets/chart.js", "Chart.js, from its WebJar");
        m.put("/assets/report.js", "The HTML report's chart script");
        m.put("/assets/swagger-ui.js", "Swagger UI, from its WebJar");
        m.put("/assets/swagger-ui.css", "Swagger UI's styles");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The content type of a served path. */
    static String contentType(String path) {
        if (path.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (path.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return path.endsWith(".json") ? "application/json" : "text/html; charset=utf-8";
    }

    void register(JavalinDefaultRouting r) {
        content.forEach((path, bytes) -> r.addHttpHandler(HandlerType.GET, path, ctx -> {
            ctx.contentType(contentType(path));
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-cache");
            ctx.result(bytes);
        }));
    }

    private static byte[] resource(String name) {
        try (InputStream in = Pages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " must be on the class path beside Pages, but is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private static byte[] classPath(String path) {
        try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " must be on the class path (the org.webjars:swagger-ui jar), but is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Without the trailing source-map comment: the map is not served, so the browser would log a failed fetch. */
    private static byte[] stripSourceMap(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        int i = Math.max(s.lastIndexOf("//# sourceMappingURL="), s.lastIndexOf("/*# sourceMappingURL="));
        return (i < 0 ? s : s.substring(0, i)).getBytes(StandardCharsets.UTF_8);
    }

    private static String swaggerVersion() {
        try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(SWAGGER_POM)) {
            if (in == null) {
                throw new IllegalStateException(SWAGGER_POM + " must be on the class path (the org.webjars:swagger-ui jar), but is missing");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SWAGGER_POM, e);
        }
    }
}
