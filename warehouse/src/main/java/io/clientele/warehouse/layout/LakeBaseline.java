package io.clientele.warehouse.layout;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;

/**
 * What the published lake was built as of, and from which definitions (a fingerprint of the
 * model SQL, the settings it depends on and the engine): the baseline an incremental night
 * rewrites partitions against. Kept in {@code meta/lake-baseline.properties}; removed while a
 * publish moves tables, so a publish that stops half way leaves no baseline and the next
 * night rebuilds in full. {@code clientele run --full} removes it too.
 */
public record LakeBaseline(LocalDate asOfDate, String fingerprint) {

    public static Path file(WarehouseLayout layout) {
        return layout.lakeBaseline();
    }

    public static Optional<LakeBaseline> read(WarehouseLayout layout) {
        Path file = file(layout);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String date = p.getProperty("as_of_date");
        String fingerprint = p.getProperty("fingerprint");
        if (date == null || fingerprint == null) {
            return Optional.empty();
        }
        return Optional.of(new LakeBaseline(LocalDate.parse(date), fingerprint));
    }

    public void write(WarehouseLayout layout) {
        Path file = file(layout);
        Path fresh = file.resolveSibling(file.getFileName() + ".writing");
        Properties p = new Properties();
        p.setProperty("as_of_date", asOfDate.toString());
        p.setProperty("fingerprint", fingerprint);
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(fresh, StandardCharsets.UTF_8)) {
                p.store(out, "the lake's incremental baseline; delete to force a full rebuild");
            }
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The next night rebuilds every table in full. */
    public static void forget(WarehouseLayout layout) {
        try {
            Files.deleteIfExists(file(layout));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(layout), e);
        }
    }
}
