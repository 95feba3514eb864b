package io.clientele.warehouse.stage;

import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Replaces the personal data a contract marks for hashing (email, phone) by its salted
 * SHA-256, before anything is written under the warehouse directory: the hash of
 * {@code salt + lower(trim(value))}, as hex. Names and other attributes are kept.
 */
public final class PersonalDataHasher {

    // What an email or a phone number looks like inside a record that could not be parsed.
    private static final Pattern EMAIL = Pattern.compile("[^\\s,;\"'<>()]+@[^\\s,;\"'<>()]+");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().\\-/]{5,}\\d");

    private final String salt;

    public PersonalDataHasher(String salt) {
        this.salt = salt;
    }

    public String hash(String value) {
        if (value == null) {
            return null;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest =
                    sha.digest((salt + value.strip().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether the source has columns to hash at all. */
    public static boolean hasHashedColumns(SourceContract contract) {
        return contract.columns().stream().anyMatch(ColumnContract::hashed);
    }

    /** The values (in contract column order) with the hashed columns replaced, in place. */
    public String[] hashColumns(SourceContract contract, String[] values) {
        List<ColumnContract> columns = contract.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).hashed() && values[i] != null) {
                values[i] = hash(values[i]);
            }
        }
        return values;
    }

    /**
     * A refused record of a source with personal data, safe to keep: anything that looks like
     * an email or a phone number is replaced by its hash, since a record that could not be
     * parsed cannot say which field is which.
     */
    public String maskRecord(String record) {
        if (record == null) {
            return null;
        }
        String masked = EMAIL.matcher(record).replaceAll(m -> "sha256:" + hash(m.group()));
        return PHONE.matcher(masked).replaceAll(m -> "sha256:" + hash(m.group()));
    }
}
