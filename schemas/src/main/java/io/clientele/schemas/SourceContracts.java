package io.clientele.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** Reads the source contracts from {@code schemas/sources/} (on the classpath), in load order. */
public final class SourceContracts {

    private static final String ROOT = "clientele/schemas/sources/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile List<SourceContract> all;

    private SourceContracts() {
    }

    public static List<SourceContract> all() {
        if (all == null) {
            synchronized (SourceContracts.class) {
                if (all == null) {
                    List<SourceContract> loaded = new ArrayList<>();
                    for (JsonNode name : read("index.json").get("sources")) {
                        loaded.add(JSON.convertValue(read(name.asText() + ".json"), SourceContract.class));
                    }
                    all = List.copyOf(loaded);
                }
            }
        }
        return all;
    }

    public static SourceContract get(String source) {
        return all().stream().filter(s -> s.source().equals(source)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no source contract named " + source));
    }

    private static JsonNode read(String file) {
        try (InputStream in = SourceContracts.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("missing schemas/sources/" + file + " on the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schemas/sources/" + file, e);
        }
    }
}
