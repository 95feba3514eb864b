package io.clientele.jobs.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Rows per table (or source) of a step, as kept in its execution context for {@code clientele status}. */
public final class StepCounts {

    public static final String CONTEXT_KEY = "clientele.rows";
    /** Per source, the rows of the stage step that lost their upsert to a later version. */
    public static final String SUPERSEDED_KEY = "clientele.superseded";

    private StepCounts() {}

    public static String format(Map<String, Long> rows) {
        return rows.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    public static Map<String, Long> parse(String text) {
        Map<String, Long> rows = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return rows;
        }
        for (String pair : text.split(", ")) {
            int eq = pair.lastIndexOf('=');
            rows.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
        }
        return rows;
    }
}
