package io.clientele.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/** Reads the source contracts from {@code schemas/sources/} (on the classpath), in load order. */
public final class SourceContracts {

    private static final String ROOT = "clientele/schemas/sources/";
    // Strict: a misspelled or repeated key would otherwise drop a rule without a word.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static volatile List<SourceContract> all;

    private SourceContracts() {}

    /** The list of sources, {@code index.json}. */
    @JsonIgnoreProperties({"$comment"})
    record Index(List<String> sources) {}

    public static List<SourceContract> all() {
        if (all == null) {
            synchronized (SourceContracts.class) {
                if (all == null) {
                    List<SourceContract> loaded = new ArrayList<>();
                    for (String name : read("index.json", Index.class).sources()) {
                        loaded.add(read(name + ".json", SourceContract.class));
                    }
                    all = List.copyOf(loaded);
                }
            }
        }
        return all;
    }

    public static SourceContract get(String source) {
        return all().stream()
                .filter(s -> s.source().equals(source))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no source contract named " + source));
    }

    private static <T> T read(String file, Class<T> type) {
        try (InputStream in = SourceContracts.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("missing schemas/sources/" + file + " on the classpath");
            }
            return parse(file, in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schemas/sources/" + file, e);
        }
    }

    /** Parses one contract file; any key the contract does not know fails with a one-line message. */
    static <T> T parse(String file, InputStream in, Class<T> type) throws IOException {
        try {
            return JSON.readValue(in, type);
        } catch (UnrecognizedPropertyException e) {
            String where = where(e.getPath().subList(0, e.getPath().size() - 1));
            throw new IllegalStateException(
                    "schemas/sources/" + file + ": unknown key \"" + e.getPropertyName() + "\""
                            + (where.isEmpty() ? "" : " in " + where)
                            + " (known keys: "
                            + String.join(
                                    ", ",
                                    new TreeSet<>(e.getKnownPropertyIds().stream()
                                            .map(String::valueOf)
                                            .toList()))
                            + ")",
                    e);
        } catch (JsonMappingException e) {
            throw new IllegalStateException(
                    "schemas/sources/" + file + ": " + e.getOriginalMessage()
                            + (e.getPath().isEmpty() ? "" : " at " + where(e.getPath())),
                    e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "schemas/sources/" + file + ": " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ")"),
                    e);
        }
    }

    /** A JSON path such as {@code columns[3].range_by}. */
    private static String where(List<JsonMappingException.Reference> path) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
