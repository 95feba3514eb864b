package io.clientele.jobs.extract.mapping;

import java.nio.file.Path;

/**
 * Checks a mapping before a night starts, so that a wrong name fails at once and not in the middle
 * of the night: the file itself ({@link MappingFile}), then each source against its inputs' columns
 * ({@link MappedRows#check}), without reading their rows.
 */
public final class MappingCheck {

    private MappingCheck() {}

    /**
     * @param inbox    where the file inputs are, or null
     * @param database the operational database, or null: then the sources reading its tables are
     *                 checked when their step reads them
     * @throws MappingException one line naming the mapping file and the key
     */
    public static SourceMapping check(Path file, Path inbox, RawDatabase database) {
        SourceMapping mapping = MappingFile.read(file);
        for (MappedSource source : mapping.sources().values()) {
            boolean fromDatabase = mapping.inputsOf(source).stream().anyMatch(input -> !input.isFile());
            if (database != null || !fromDatabase) {
                MappedRows.check(mapping, source.source(), inbox, database);
            }
        }
        return mapping;
    }
}
