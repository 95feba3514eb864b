package io.clientele.jobs.extract;

import io.clientele.jobs.extract.mapping.MappedRow;
import io.clientele.jobs.extract.mapping.MappedRows;
import io.clientele.jobs.extract.mapping.RawDatabase;
import io.clientele.jobs.extract.mapping.SourceMapping;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a mapping makes of one source, without a night: every row is mapped and validated as
 * {@code extract-<source>} would, and the first rows and the first refused rows are kept with
 * their reasons. Nothing is written anywhere.
 */
public final class MappingPreview {

    /** A refused row: where it came from, the column and why. */
    public record Refusal(String file, long line, String column, String reason) {}

    /**
     * @param columns the mapped contract columns
     * @param rows    the first rows as mapped (contract text, before validation)
     */
    public record SourcePreview(
            String source,
            List<String> columns,
            List<List<String>> rows,
            List<Refusal> refusals,
            long read,
            long valid,
            long refused) {}

    private MappingPreview() {}

    /** @param keep how many rows and how many refusals to keep */
    public static SourcePreview of(SourceMapping mapping, String source, Path inbox, RawDatabase database, int keep) {
        SourceContract contract = SourceContracts.get(source);
        try (MappedRows rows = MappedRows.open(mapping, source, inbox, database)) {
            SourceHeader header = SourceHeader.check(
                    mapping.name() + ":sources." + source, rows.columns().toArray(String[]::new), contract);
            SourceRowValidator validator = new SourceRowValidator(contract, () -> header);
            List<List<String>> kept = new ArrayList<>();
            List<Refusal> refusals = new ArrayList<>();
            long read = 0;
            long valid = 0;
            for (MappedRow row = rows.next(); row != null; row = rows.next()) {
                read++;
                if (kept.size() < keep) {
                    kept.add(Arrays.stream(row.values())
                            .map(v -> v == null ? "" : v)
                            .toList());
                }
                Refusal refusal = null;
                if (row.failure() != null) {
                    refusal = new Refusal(
                            row.file(),
                            row.line(),
                            row.failure().column(),
                            row.failure().key() + ": " + row.failure().message());
                } else {
                    try {
                        validator.process(new SourceRow(row.file(), row.line(), row.values(), ""));
                        valid++;
                    } catch (RejectedRowException e) {
                        refusal = new Refusal(row.file(), row.line(), e.column(), e.getMessage());
                    }
                }
                if (refusal != null && refusals.size() < keep) {
                    refusals.add(refusal);
                }
            }
            return new SourcePreview(source, rows.columns(), kept, refusals, read, valid, read - valid);
        }
    }
}
