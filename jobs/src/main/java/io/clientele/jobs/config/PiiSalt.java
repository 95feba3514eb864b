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

    private PiiSalt() {
    }

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
            Files.writeString(file, salt);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's own permissions protect it.
            }
            return salt;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the PII salt " + file, e);
        }
    }
}
