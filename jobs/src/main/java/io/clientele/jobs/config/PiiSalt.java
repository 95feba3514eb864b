package io.clientele.jobs.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The salt of the email and phone hashes. A secret, so it comes from the environment
 * ({@code CLIENTELE_PII_SALT}); without it, a random salt is made once per warehouse and
 * kept beside the run history ({@code meta/pii-salt}, owner-only), so hashes stay stable
 * from night to night.
 */
public final class PiiSalt {

    public static final String ENVIRONMENT_VARIABLE = "CLIENTELE_PII_SALT";

    private PiiSalt() {}

    public static String forWarehouse(Path metaDirectory) {
        String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        Path file = metaDirectory.resolve("pii-salt");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(metaDirectory);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String salt = HexFormat.of().formatHex(bytes);
            // Written aside, then linked into place, which fails when the file exists (a rename would replace
            // it): when parallel extract processes of a first night race here, one salt wins and all read it.
            Path fresh = Files.createTempFile(metaDirectory, "pii-salt", ".new");
            try {
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's own permissions protect it.
            }
            Files.writeString(fresh, salt);
            try {
                Files.createLink(file, fresh);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another process was first: its salt stands
            } finally {
                Files.deleteIfExists(fresh);
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the PII salt " + file, e);
        }
    }
}
