package io.clientele.jobs.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the dashboard as one self-contained HTML page: the template
 * {@code clientele/dashboard/dashboard.html} with Apache ECharts, the page's script and the
 * data (JSON) inlined, so it opens from disk with no server and no network.
 */
public final class DashboardPage {

    private static final String TEMPLATE = "clientele/dashboard/dashboard.html";
    private static final String SCRIPT = "clientele/dashboard/dashboard.js";
    private static final String ECHARTS_POM = "META-INF/maven/org.mvnpm/echarts/pom.properties";
    private static final Pattern SLOT = Pattern.compile("/\\*clientele:([a-z-]+)\\*/");
    private static final Pattern SCRIPT_END = Pattern.compile("(?i)</(script)");

    /** The HTML page of the data. */
    public String render(DashboardData data) {
        String echartsVersion = echartsVersion();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("echartsVersion", echartsVersion);
        document.put("queries", data.results());
        Map<String, String> slots = Map.of(
                "echarts",
                        inlineScript(resource(
                                "META-INF/resources/_static/echarts/" + echartsVersion + "/dist/echarts.min.js")),
                "dashboard-js", inlineScript(resource(SCRIPT)),
                "data", json(document));
        // One pass over the template only: what a slot brings in is never scanned for slots.
        Matcher m = SLOT.matcher(resource(TEMPLATE));
        StringBuilder page = new StringBuilder(2_000_000);
        while (m.find()) {
            String value = slots.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(TEMPLATE + ": unknown slot " + m.group());
            }
            m.appendReplacement(page, Matcher.quoteReplacement(value));
        }
        m.appendTail(page);
        return page.toString();
    }

    /**
     * JSON safe inside a script element: {@code <}, {@code >} and {@code &} (which JSON has
     * only inside strings) as unicode escapes, so no value can close the element or open a
     * comment; U+2028/U+2029 too, for older script parsers.
     */
    static String json(Object value) {
        try {
            String text = new ObjectMapper().writeValueAsString(value);
            return text.replace("<", "\\u003c")
                    .replace(">", "\\u003e")
                    .replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028")
                    .replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard data as JSON: " + e.getMessage(), e);
        }
    }

    /** Script text inlined into a script element: a {@code </script} in it (in a string) must not end the element. */
    static String inlineScript(String source) {
        return SCRIPT_END.matcher(source).replaceAll("<\\\\/$1");
    }

    static String echartsVersion() {
        Properties pom = new Properties();
        try (InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream(ECHARTS_POM)) {
            if (in == null) {
                throw new IllegalStateException("Apache ECharts is not on the classpath (" + ECHARTS_POM + ")");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static String resource(String name) {
        try (InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
