package io.clientele.jobs.extract.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A checked mapping file: its inputs and the sources it makes. A source it does not name is read
 * as usual (its CSV file in the inbox, or its table).
 *
 * @param path    the mapping file
 * @param inputs  by name, in the file's order
 * @param sources by contract source, in the file's order
 */
public record SourceMapping(Path path, Map<String, MappingInput> inputs, Map<String, MappedSource> sources) {

    /** The file's name, as errors and rejects name it. */
    public String name() {
        return path.getFileName().toString();
    }

    public Optional<MappedSource> source(String source) {
        return Optional.ofNullable(sources.get(source));
    }

    public MappingInput input(String name) {
        return inputs.get(name);
    }

    /** The inputs a source reads: its from, or those a derived source's query names. */
    public List<MappingInput> inputsOf(MappedSource source) {
        if (!source.derived()) {
            return List.of(inputs.get(source.from()));
        }
        List<MappingInput> named = new ArrayList<>();
        for (MappingInput input : inputs.values()) {
            if (Pattern.compile("\\b" + Pattern.quote(input.name()) + "\\b", Pattern.CASE_INSENSITIVE)
                    .matcher(source.sql())
                    .find()) {
                named.add(input);
            }
        }
        return named;
    }
}
