package io.clientele.jobs.cli;

import io.clientele.jobs.extract.mapping.MappingCheck;
import io.clientele.jobs.extract.mapping.MappingFile;
import io.clientele.jobs.extract.mapping.RawDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import picocli.CommandLine.Option;

/** {@code --mapping FILE}: the night's sources read from raw inputs through a source mapping (docs/mappings.md). */
public final class MappingOption {

    @Option(
            names = "--mapping",
            paramLabel = "FILE",
            description = "A source mapping (YAML): how raw files or tables in any layout become the "
                    + "contract's sources; a source it does not name is read as usual. See docs/mappings.md.")
    Path file;

    /**
     * Checks the mapping against the inputs before anything runs, and gives its path (null without
     * --mapping).
     *
     * @throws io.clientele.jobs.extract.mapping.MappingException one line naming the file and the key
     */
    Path checked(Path inbox, String jdbcUrl, String jdbcUser) {
        return checked(inbox, jdbcUrl, jdbcUser, true);
    }

    /** @param withInputs whether to check the sources against their inputs too, or the file alone */
    Path checked(Path inbox, String jdbcUrl, String jdbcUser, boolean withInputs) {
        if (file == null) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("mapping " + file + " is not a file");
        }
        if (withInputs) {
            MappingCheck.check(file, inbox, database(jdbcUrl, jdbcUser));
        } else {
            MappingFile.read(file);
        }
        return file.toAbsolutePath().normalize();
    }

    /** The operational database as the run names it (password from CLIENTELE_SOURCE_PASSWORD), or null. */
    static RawDatabase database(String jdbcUrl, String jdbcUser) {
        if (jdbcUrl == null) {
            return null;
        }
        return () -> {
            String password = System.getenv("CLIENTELE_SOURCE_PASSWORD");
            return DriverManager.getConnection(jdbcUrl, jdbcUser, password == null ? "" : password);
        };
    }
}
