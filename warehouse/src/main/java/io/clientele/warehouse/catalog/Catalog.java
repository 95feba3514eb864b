package io.clientele.warehouse.catalog;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every table's manifest ({@link TableManifest}), read once from {@code warehouse/sql/<layer>/*.yml}.
 * What the Java code used to list by hand is asked of it: a layer's tables in build order,
 * the partitioned facts, the published tables.
 */
public final class Catalog {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.AUTO_DETECT_GETTERS)
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .build();

    private static volatile Catalog loaded;

    private final Map<String, TableManifest> tables;

    private Catalog(Collection<TableManifest> manifests) {
        Map<String, TableManifest> byName = new TreeMap<>();
        for (TableManifest m : manifests) {
            TableManifest other = byName.put(m.name(), m);
            if (other != null) {
                throw new IllegalArgumentException(
                        m.path() + ": table " + m.name() + " is declared in " + other.path() + " too");
            }
        }
        this.tables = byName;
        for (TableManifest m : manifests) {
            m.foreignKeys().forEach((column, fk) -> {
                TableManifest dimension = byName.get(fk.table());
                if (dimension == null || !dimension.columns().containsKey(fk.column())) {
                    throw new IllegalArgumentException(m.path() + ": foreign_keys." + column + " names "
                            + fk.reference() + ", which no manifest declares");
                }
            });
        }
    }

    /** The manifests of the warehouse's SQL (the classpath's {@code clientele/sql/}). */
    public static Catalog load() {
        Catalog catalog = loaded;
        if (catalog == null) {
            List<TableManifest> manifests = new ArrayList<>();
            for (String path : SqlFiles.list(".yml")) {
                manifests.add(parse(path, SqlFiles.read(path)));
            }
            catalog = new Catalog(manifests);
            loaded = catalog;
        }
        return catalog;
    }

    /** A catalog of the given manifests (path relative to warehouse/sql/ → YAML text), for tests. */
    public static Catalog of(Map<String, String> manifests) {
        List<TableManifest> parsed = new ArrayList<>();
        manifests.forEach((path, text) -> parsed.add(parse(path, text)));
        return new Catalog(parsed);
    }

    /**
     * Parses one manifest strictly.
     *
     * @param path relative to warehouse/sql/: {@code <layer>/<table>.yml}
     * @throws IllegalArgumentException one line naming the file and what is wrong (an unknown key, a missing one)
     */
    static TableManifest parse(String path, String text) {
        String file = "warehouse/sql/" + path;
        int slash = path.lastIndexOf('/');
        if (slash < 0 || !path.endsWith(".yml")) {
            throw new IllegalArgumentException(file + ": a manifest is warehouse/sql/<layer>/<table>.yml");
        }
        String directory = path.substring(0, slash);
        String table = path.substring(slash + 1, path.length() - ".yml".length());
        TableManifest manifest;
        try {
            manifest = YAML.readValue(text, TableManifest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(
                    file + ": unknown key '" + e.getPropertyName() + "'"
                            + lineOf(text, e.getPropertyName(), e) + " (known: "
                            + e.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .collect(Collectors.joining(", "))
                            + ")",
                    e);
        } catch (InvalidFormatException e) {
            throw new IllegalArgumentException(
                    file + ": invalid value '" + e.getValue() + "' for '"
                            + e.getPathReference().replaceAll(".*\\[\"", "").replaceAll("\"]$", "") + "'" + where(e),
                    e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    file + ": " + e.getOriginalMessage().lines().findFirst().orElse("") + where(e), e);
        }
        if (manifest == null) {
            throw new IllegalArgumentException(file + ": empty manifest");
        }
        return manifest.named(table, file, directory);
    }

    /** The line the key is on (the parser's own location is past it). */
    private static String lineOf(String text, String key, JsonProcessingException e) {
        Matcher m = Pattern.compile("(?m)(?:^|[{,])[ \\t]*" + Pattern.quote(key) + "[ \\t]*:")
                .matcher(text);
        return m.find()
                ? " at line "
                        + (text.substring(0, m.start())
                                        .chars()
                                        .filter(c -> c == '\n')
                                        .count()
                                + 1)
                : where(e);
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
    }

    public Collection<TableManifest> tables() {
        return tables.values();
    }

    public Optional<TableManifest> find(String table) {
        return Optional.ofNullable(tables.get(table));
    }

    public TableManifest table(String table) {
        TableManifest m = tables.get(table);
        if (m == null) {
            throw new IllegalArgumentException("no manifest declares the table " + table);
        }
        return m;
    }

    /**
     * A layer's tables in build order: each after the tables of the layer it depends on, and
     * otherwise by name.
     */
    public List<TableManifest> layer(String layer) {
        Map<String, TableManifest> members = new LinkedHashMap<>();
        tables.values().stream().filter(m -> m.layer().equals(layer)).forEach(m -> members.put(m.name(), m));
        List<TableManifest> order = new ArrayList<>();
        TreeSet<String> done = new TreeSet<>();
        while (order.size() < members.size()) {
            TableManifest next = members.values().stream()
                    .filter(m -> !done.contains(m.name()))
                    .filter(m ->
                            m.dependsOn().stream().filter(members::containsKey).allMatch(done::contains))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the depends_on of the " + layer + " tables "
                            + members.keySet().stream()
                                    .filter(t -> !done.contains(t))
                                    .toList() + " form a cycle"));
            order.add(next);
            done.add(next.name());
        }
        return order;
    }

    /** The names of {@link #layer}. */
    public List<String> names(String layer) {
        return layer(layer).stream().map(TableManifest::name).toList();
    }
}
