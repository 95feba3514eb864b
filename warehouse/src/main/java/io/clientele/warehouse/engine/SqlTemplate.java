package io.clientele.warehouse.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a SQL file for one engine: {@code ${name}} is replaced by a run parameter
 * (a SQL literal such as {@code DATE '2026-11-22'}), then {@code {{ macro(args) }}} by the
 * dialect's spelling (macros may nest). The SQL files live under {@code warehouse/sql/}
 * and are read from the classpath at {@code clientele/sql/}.
 */
public final class SqlTemplate {

    private static final Pattern PARAMETER = Pattern.compile("\\$\\{\\s*([a-z_][a-z0-9_]*)\\s*}");
    private static final Pattern CALL = Pattern.compile("(?s)\\s*([a-z_][a-z0-9_]*)\\s*\\((.*)\\)\\s*");

    private final String name;
    private final String text;

    private SqlTemplate(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** Loads {@code warehouse/sql/<path>} (e.g. {@code marts/mart_cohort_retention.sql}). */
    public static SqlTemplate load(String path) {
        String resource = "clientele/sql/" + path;
        try (InputStream in = SqlTemplate.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL file warehouse/sql/" + path);
            }
            return new SqlTemplate(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read warehouse/sql/" + path, e);
        }
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public String render(SqlDialect dialect, Map<String, String> parameters) {
        Matcher m = PARAMETER.matcher(text);
        StringBuilder withParameters = new StringBuilder();
        while (m.find()) {
            String value = parameters.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(name + ": no value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(withParameters, Matcher.quoteReplacement(value));
        }
        m.appendTail(withParameters);
        String sql = expandMacros(withParameters.toString(), dialect).strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        return sql;
    }

    private String expandMacros(String sql, SqlDialect dialect) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (true) {
            int open = sql.indexOf("{{", i);
            if (open < 0) {
                out.append(sql, i, sql.length());
                return out.toString();
            }
            int close = matchingClose(sql, open);
            out.append(sql, i, open);
            out.append(expandCall(sql.substring(open + 2, close), dialect));
            i = close + 2;
        }
    }

    private int matchingClose(String sql, int open) {
        int depth = 0;
        for (int i = open; i < sql.length() - 1; i++) {
            if (sql.startsWith("{{", i)) {
                depth++;
                i++;
            } else if (sql.startsWith("}}", i)) {
                depth--;
                if (depth == 0) {
                    return i;
                }
                i++;
            }
        }
        throw new IllegalArgumentException(name + ": unclosed {{ at offset " + open);
    }

    private String expandCall(String inner, SqlDialect dialect) {
        Matcher call = CALL.matcher(inner);
        if (!call.matches()) {
            throw new IllegalArgumentException(name + ": not a macro call: {{" + inner + "}}");
        }
        List<String> args = new ArrayList<>();
        for (String arg : splitArguments(call.group(2))) {
            args.add(expandMacros(arg, dialect).strip());
        }
        String expanded = dialect.expand(call.group(1), args);
        if (expanded == null) {
            throw new IllegalArgumentException(name + ": unknown macro " + call.group(1));
        }
        return expanded;
    }

    /** Splits on commas outside parentheses, quotes and nested macros. */
    private static List<String> splitArguments(String args) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ')' || c == '}')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(args.substring(start, i));
                start = i + 1;
            }
        }
        if (!args.isBlank()) {
            out.add(args.substring(start));
        }
        return out;
    }
}
