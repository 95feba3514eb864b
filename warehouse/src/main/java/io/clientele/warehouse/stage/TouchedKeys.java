package io.clientele.warehouse.stage;

import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The natural keys of one source that a night's extract touched (stage/touched.sql), as the stage
 * writes them beside tonight's state, with the state snapshot they were upserted into: its date
 * and a signature of its files. The upsert replaces the rows of these keys only, so every key
 * whose row differs between tonight's state and that snapshot is among them, and the model
 * compares the two states on these keys alone, but only against exactly that snapshot.
 *
 * <p>The record is written after the keys and the state, by a rename: a stage killed before it
 * leaves none, and a stage run again starts from an empty work directory.
 */
public final class TouchedKeys {

    private static final String AGAINST_DATE = "against_date";
    private static final String AGAINST_FILES = "against_files";

    private final WarehouseLayout layout;
    private final LocalDate runDate;

    public TouchedKeys(WarehouseLayout layout, LocalDate runDate) {
        this.layout = layout;
        this.runDate = runDate;
    }

    /** Where the stage writes the source's keys. */
    Path keys(String source) {
        return layout.workTouchedKeys(runDate, source);
    }

    /** Records that the source's keys were computed against {@code snapshot} ({@code state/<source>/run=<date>}). */
    void recordAgainst(String source, Path snapshot) {
        Path file = layout.workTouchedKeysAgainst(runDate, source);
        Path fresh = file.resolveSibling(file.getFileName() + ".writing");
        Properties p = new Properties();
        p.setProperty(AGAINST_DATE, snapshotDate(snapshot).toString());
        p.setProperty(AGAINST_FILES, signature(snapshot));
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(fresh, StandardCharsets.UTF_8)) {
                p.store(out, "the state snapshot the touched keys of " + source + " were computed against");
            }
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The source's keys, when they were computed against the state snapshot of {@code previous}
     * as it is now; else why not.
     */
    public Lookup against(String source, LocalDate previous) {
        Path file = layout.workTouchedKeysAgainst(runDate, source);
        if (!Files.isRegularFile(file)) {
            return Lookup.none("the stage recorded no touched keys");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String date = p.getProperty(AGAINST_DATE, "");
        if (!date.equals(previous.toString())) {
            return Lookup.none("the touched keys are against the state of " + date + ", the lake's is " + previous);
        }
        Path snapshot = layout.stateSnapshot(source, previous);
        if (!p.getProperty(AGAINST_FILES, "").equals(signature(snapshot))) {
            return Lookup.none("the state of " + previous + " was rewritten after the stage read it");
        }
        if (!ParquetDirectory.hasParquetFiles(keys(source))) {
            return Lookup.none("the touched keys' files are missing");
        }
        return new Lookup(keys(source), null);
    }

    /** The keys' directory, or null with the reason they cannot serve. */
    public record Lookup(Path keys, String whyNot) {
        static Lookup none(String whyNot) {
            return new Lookup(null, whyNot);
        }

        public boolean found() {
            return keys != null;
        }
    }

    static LocalDate snapshotDate(Path snapshot) {
        return LocalDate.parse(snapshot.getFileName().toString().substring("run=".length()));
    }

    /**
     * The snapshot's files as they are: name, size and modification time of each. A snapshot is
     * written once and then only read; a rerun of its night or {@code clientele forget} replaces
     * its files, which changes this.
     */
    static String signature(Path snapshot) {
        if (!Files.isDirectory(snapshot)) {
            return "missing";
        }
        try (Stream<Path> walk = Files.walk(snapshot)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update((snapshot.relativize(f) + " " + Files.size(f) + " "
                                + Files.getLastModifiedTime(f).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + snapshot, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
