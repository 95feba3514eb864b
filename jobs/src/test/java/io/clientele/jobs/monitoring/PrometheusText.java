package io.clientele.jobs.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text exposition: series (name and labels as written) → value. */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+(\\S+)$");

    private PrometheusText() {}

    public static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    /** The value of {@code name} with exactly the one label {@code label="value"}, or null. */
    public static Double value(Map<String, Double> samples, String name, String label, String value) {
        return samples.get(name + "{" + label + "=\"" + value + "\"}");
    }
}
