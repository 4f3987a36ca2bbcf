package io.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.report.internal.Assets;
import io.llmbench.report.internal.Html;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlEscapingTest {
    @Test
    void escapesMarkupCharactersInText() {
        assertThat(Html.escape("<script>alert(1)</script>")).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(Html.escape("a & b \"c\" 'd'")).isEqualTo("a &amp; b &quot;c&quot; &#39;d&#39;");
        assertThat(Html.escape("plain ünïcode")).isEqualTo("plain ünïcode");
        assertThat(Html.escape("nul\u0000bell\u0007")).isEqualTo("nul\uFFFDbell\uFFFD");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void scriptJsonCannotCloseTheScriptElement() throws Exception {
        String hostile = "</script><script>alert(1)</script><!-- ]]> & 'x' \u2028\u2029";
        String json = Html.scriptJson(Map.of("name", hostile));
        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("'")
                .doesNotContain("\u2028").doesNotContain("\u2029")
                .contains("\\u003C/script\\u003E", "\\u2028");
        assertThat(new ObjectMapper().readTree(json).path("name").asText()).isEqualTo(hostile);
    }

    @Test
    void reportRendersEveryCallerStringAsText() throws Exception {
        String page = Samples.fullReport(200).build().render();
        assertThat(page).doesNotContain(Samples.XSS).doesNotContain("<img").doesNotContain("onerror=\"");
        assertThat(page).contains("<h1>Nightly &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;quotes&#39; &quot;double&quot;</h1>");
        assertThat(page).contains("<td class=\"name\" title=\"&lt;script&gt;alert(1)&lt;/script&gt;\">&lt;script&gt;alert(1)&lt;/script&gt;</td>");
        // exactly the four script elements the page itself brings
        Matcher m = Pattern.compile("<script", Pattern.CASE_INSENSITIVE).matcher(page);
        int count = 0;
        while (m.find()) {
            count++;
        }
        assertThat(count).isEqualTo(4);
        assertThat(Pattern.compile("</script", Pattern.CASE_INSENSITIVE).matcher(page).results().count()).isEqualTo(4);
        // the data block still carries the original strings
        JsonNode data = new ObjectMapper().readTree(dataBlock(page));
        List<String> texts = new java.util.ArrayList<>();
        collectText(data, texts);
        assertThat(texts).contains(Samples.XSS, Samples.XSS_IMG);
    }

    @Test
    void contentSecurityPolicyAllowsExactlyThePagesOwnScripts() {
        String page = Samples.fullReport(50).build().render();
        Assets a = Assets.get();
        String csp = page.substring(page.indexOf("Content-Security-Policy\" content=\"") + 34);
        csp = csp.substring(0, csp.indexOf('"'));
        assertThat(csp).startsWith("default-src &#39;none&#39;; script-src ")
                .contains(Html.escape(Assets.cspHash(a.chartJs)), Html.escape(Assets.cspHash(a.reportJs)), Html.escape(Assets.cspHash(a.captureJs)))
                .doesNotContain("unsafe-eval").doesNotContain("http");
        for (String js : List.of(a.chartJs, a.reportJs, a.captureJs)) {
            assertThat(page).contains("<script>" + js + "</script>");
        }
        assertThat(a.chartJs).doesNotContain("sourceMappingURL");
        assertThat(page).doesNotContain("src=\"http").doesNotContain("href=\"http");
    }

    @Test
    void assetCheckRejectsScriptsThatWouldEndTheElement() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checked("var a = '</SCRIPT>';"))
                .isInstanceOf(ReportException.class).hasMessageContaining("must not contain '</script'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> checked("x <!-- y"))
                .isInstanceOf(ReportException.class).hasMessageContaining("'<!--'");
    }

    private static void checked(String js) {
        Assets.checkedScript("test.js", js);
    }

    private static void collectText(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(child -> collectText(child, out));
    }

    static String dataBlock(String page) {
        String start = "<script type=\"application/json\" id=\"llmbench-data\">";
        int i = page.indexOf(start) + start.length();
        return page.substring(i, page.indexOf("</script>", i));
    }
}
