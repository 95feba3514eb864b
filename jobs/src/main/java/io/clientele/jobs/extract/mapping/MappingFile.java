package io.clientele.jobs.extract.mapping;

import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a mapping file and checks everything that can be checked without the data: every key
 * known, every source and contract column named exists, every {@code from} names an input, the
 * required columns of each source mapped, the formats valid. A problem is one
 * {@link MappingException} naming the file and the key. (Whether the raw columns exist is checked
 * against the inputs themselves: {@link MappingCheck}.)
 */
public final class MappingFile {

    private static final Set<String> TOP = Set.of("inputs", "sources");
    private static final Set<String> INPUT_KEYS = Set.of(
            "file",
            "format",
            "delimiter",
            "quote",
            "header",
            "columns",
            "skip",
            "encoding",
            "decimal",
            "date_format",
            "timestamp_format",
            "time_zone",
            "table",
            "query");
    private static final Set<String> SOURCE_KEYS = Set.of("from", "sql", "where", "columns", "values");
    private static final List<String> ENCODINGS = List.of("utf-8", "latin-1");

    private final String file;

    private MappingFile(String file) {
        this.file = file;
    }

    /** @throws MappingException naming the file and the key of the first problem */
    public static SourceMapping read(Path path) {
        MappingFile reader = new MappingFile(path.getFileName().toString());
        Object document;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            document = new Yaml(new SafeConstructor(options)).load(in);
        } catch (MarkedYAMLException e) {
            throw new MappingException(
                    reader.file,
                    "line "
                            + (e.getProblemMark() == null
                                    ? "?"
                                    : e.getProblemMark().getLine() + 1),
                    "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new MappingException(reader.file, "(file)", "not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new MappingException(reader.file, "(file)", "cannot be read: " + e.getMessage());
        }
        return reader.mapping(path, document);
    }

    private SourceMapping mapping(Path path, Object document) {
        Map<String, Object> top = map(document, "(top level)");
        known(top, TOP, "");
        Map<String, MappingInput> inputs = new LinkedHashMap<>();
        if (top.get("inputs") != null) {
            map(top.get("inputs"), "inputs").forEach((name, value) -> inputs.put(name, input(name, value)));
        }
        if (top.get("sources") == null) {
            throw new MappingException(file, "sources", "the mapping names no source");
        }
        Map<String, MappedSource> sources = new LinkedHashMap<>();
        map(top.get("sources"), "sources").forEach((name, value) -> sources.put(name, source(name, value, inputs)));
        if (sources.isEmpty()) {
            throw new MappingException(file, "sources", "the mapping names no source");
        }
        return new SourceMapping(path, inputs, sources);
    }

    private MappingInput input(String name, Object value) {
        String at = "inputs." + name;
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new MappingException(file, at, "an input's name is a SQL name: letters, digits and _");
        }
        Map<String, Object> input = map(value, at);
        known(input, INPUT_KEYS, at + ".");
        String fileName = text(input, "file", at);
        String table = text(input, "table", at);
        String query = text(input, "query", at);
        int given = (fileName == null ? 0 : 1) + (table == null ? 0 : 1) + (query == null ? 0 : 1);
        if (given != 1) {
            throw new MappingException(file, at, "give exactly one of file, table or query");
        }
        String format = fileName == null ? MappingInput.JDBC : orDefault(text(input, "format", at), MappingInput.CSV);
        if (fileName == null && input.containsKey("format")) {
            throw new MappingException(file, at + ".format", "a table or query has no format");
        }
        if (!List.of(MappingInput.CSV, MappingInput.FIXED_WIDTH, MappingInput.JDBC)
                        .contains(format)
                || MappingInput.JDBC.equals(format) && fileName != null) {
            throw new MappingException(file, at + ".format", "'" + format + "' is not csv or fixed-width");
        }
        boolean csv = MappingInput.CSV.equals(format);
        boolean fixed = MappingInput.FIXED_WIDTH.equals(format);
        onlyFor(input, at, csv, "csv", "delimiter", "quote", "header");
        onlyFor(input, at, fileName != null, "a file", "skip", "encoding");
        String delimiter = orDefault(text(input, "delimiter", at), ",");
        if (delimiter.isEmpty() || delimiter.length() > 4) {
            throw new MappingException(file, at + ".delimiter", "one to four characters");
        }
        String quote = orDefault(text(input, "quote", at), "\"");
        if (quote.length() > 1) {
            throw new MappingException(file, at + ".quote", "one character, or empty for none");
        }
        boolean header = bool(input, "header", at, true);
        List<String> names = List.of();
        Map<String, int[]> widths = Map.of();
        if (input.get("columns") != null) {
            if (csv) {
                if (header) {
                    throw new MappingException(
                            file, at + ".columns", "names the columns of a file without a header (header: false)");
                }
                names = names(input.get("columns"), at + ".columns");
            } else if (fixed) {
                widths = widths(input.get("columns"), at + ".columns");
            } else {
                throw new MappingException(file, at + ".columns", "a table or query has its own columns");
            }
        } else if (fixed) {
            throw new MappingException(
                    file, at + ".columns", "a fixed-width file needs its columns: {name: [from, to]}");
        }
        int skip = (int) number(input, "skip", at, 0);
        String encoding = orDefault(text(input, "encoding", at), "utf-8").toLowerCase(Locale.ROOT);
        encoding = switch (encoding) {
            case "utf8" -> "utf-8";
            case "latin1", "iso-8859-1" -> "latin-1";
            default -> encoding;
        };
        if (!ENCODINGS.contains(encoding)) {
            throw new MappingException(file, at + ".encoding", "'" + encoding + "' is not one of " + ENCODINGS);
        }
        String decimal = orDefault(text(input, "decimal", at), ".");
        if (!decimal.equals(".") && !decimal.equals(",")) {
            throw new MappingException(file, at + ".decimal", "'.' or ','");
        }
        String timeZone = text(input, "time_zone", at);
        if (timeZone != null) {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                throw new MappingException(file, at + ".time_zone", "'" + timeZone + "' is not a time zone");
            }
        }
        return new MappingInput(
                name,
                fileName,
                format,
                delimiter,
                quote,
                header,
                names,
                widths,
                skip,
                encoding,
                decimal,
                text(input, "date_format", at),
                text(input, "timestamp_format", at),
                timeZone,
                table,
                query);
    }

    private MappedSource source(String name, Object value, Map<String, MappingInput> inputs) {
        String at = "sources." + name;
        SourceContract contract = SourceContracts.all().stream()
                .filter(s -> s.source().equals(name))
                .findFirst()
                .orElseThrow(() -> new MappingException(
                        file,
                        at,
                        "no source " + name + "; the contract's sources are "
                                + SourceContracts.all().stream()
                                        .map(SourceContract::source)
                                        .toList()));
        Map<String, Object> source = map(value, at);
        known(source, SOURCE_KEYS, at + ".");
        String from = text(source, "from", at);
        String sql = text(source, "sql", at);
        if ((from == null) == (sql == null)) {
            throw new MappingException(file, at, "give one of from (an input) or sql (a query over the inputs)");
        }
        if (from != null && !inputs.containsKey(from)) {
            throw new MappingException(file, at + ".from", "no input " + from + "; the inputs are " + inputs.keySet());
        }
        if (source.get("columns") == null) {
            throw new MappingException(file, at + ".columns", "the source's columns are not mapped");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        map(source.get("columns"), at + ".columns").forEach((column, expression) -> {
            String key = at + ".columns." + column;
            if (contract.column(column).isEmpty()) {
                throw new MappingException(file, key, name + " has no column " + column);
            }
            if (expression == null || expression instanceof Map || expression instanceof List) {
                throw new MappingException(file, key, "an expression: a raw column's name or SQL");
            }
            columns.put(column, String.valueOf(expression));
        });
        List<String> missing = contract.requiredColumnNames().stream()
                .filter(c -> !columns.containsKey(c))
                .toList();
        if (!missing.isEmpty()) {
            throw new MappingException(file, at + ".columns", name + " needs its required column(s) " + missing);
        }
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        if (source.get("values") != null) {
            map(source.get("values"), at + ".values").forEach((column, map) -> {
                String key = at + ".values." + column;
                if (!columns.containsKey(column)) {
                    throw new MappingException(file, key, column + " is not among the mapped columns of " + name);
                }
                Map<String, String> pairs = new LinkedHashMap<>();
                map(map, key).forEach((raw, mapped) -> pairs.put(raw, mapped == null ? null : String.valueOf(mapped)));
                values.put(column, pairs);
            });
        }
        // the mapped columns in contract order: the order the rows' fields are in
        Map<String, String> ordered = new LinkedHashMap<>();
        for (ColumnContract column : contract.columns()) {
            if (columns.containsKey(column.name())) {
                ordered.put(column.name(), columns.get(column.name()));
            }
        }
        return new MappedSource(name, from, sql, text(source, "where", at), ordered, values);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object value, String at) {
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw new MappingException(file, at + "." + key, "a key is a name");
                }
            }
            return (Map<String, Object>) map;
        }
        throw new MappingException(file, at, "expected a map of keys, found " + describe(value));
    }

    private List<String> names(Object value, String at) {
        if (!(value instanceof List<?> list)) {
            throw new MappingException(file, at, "expected a list of column names, found " + describe(value));
        }
        List<String> names = new ArrayList<>();
        for (Object name : list) {
            names.add(String.valueOf(name));
        }
        return names;
    }

    private Map<String, int[]> widths(Object value, String at) {
        Map<String, int[]> widths = new LinkedHashMap<>();
        map(value, at).forEach((name, range) -> {
            String key = at + "." + name;
            if (!(range instanceof List<?> list)
                    || list.size() != 2
                    || !(list.get(0) instanceof Integer from)
                    || !(list.get(1) instanceof Integer to)
                    || from < 1
                    || to < from) {
                throw new MappingException(
                        file, key, "expected [first, last]: the column's first and last character, from 1");
            }
            widths.put(name, new int[] {from, to});
        });
        return widths;
    }

    private void known(Map<String, Object> map, Set<String> keys, String prefix) {
        for (String key : map.keySet()) {
            if (!keys.contains(key)) {
                throw new MappingException(
                        file,
                        prefix + key,
                        "unknown key; the keys here are "
                                + keys.stream().sorted().toList());
            }
        }
    }

    private void onlyFor(Map<String, Object> map, String at, boolean allowed, String what, String... keys) {
        for (String key : keys) {
            if (!allowed && map.containsKey(key)) {
                throw new MappingException(file, at + "." + key, "only for " + what);
            }
        }
    }

    private String text(Map<String, Object> map, String key, String at) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new MappingException(file, at + "." + key, "expected a value, found " + describe(value));
        }
        return String.valueOf(value);
    }

    private boolean bool(Map<String, Object> map, String key, String at, boolean fallback) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new MappingException(file, at + "." + key, "true or false, found " + describe(value));
    }

    private long number(Map<String, Object> map, String key, String at, long fallback) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer i && i >= 0) {
            return i;
        }
        throw new MappingException(file, at + "." + key, "a whole number ≥ 0, found " + describe(value));
    }

    private static String describe(Object value) {
        return value instanceof Map ? "a map" : value instanceof List ? "a list" : "'" + value + "'";
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
