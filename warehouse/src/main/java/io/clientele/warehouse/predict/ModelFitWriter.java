package io.clientele.warehouse.predict;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes one model family's {@code model_fit} rows (docs/contract.md §3, plus cohort and note) as
 * one Parquet file under the run's {@code predict/model_fit/}, every file with the same
 * columns, so the published {@code model_fit} table reads them all as one.
 */
final class ModelFitWriter {

    static final String COLUMNS = "model VARCHAR, parameter VARCHAR, value DOUBLE, time_unit VARCHAR,"
            + " n_customers BIGINT, log_likelihood DOUBLE, cohort VARCHAR, note VARCHAR";

    private ModelFitWriter() {}

    /** fitted_at is the end of the as-of date, not the wall clock, so that a rerun writes the same file. */
    static long write(Path file, LocalDate asOf, List<ModelFitRow> rows) {
        String select = "model, parameter, value, time_unit, n_customers, log_likelihood, TIMESTAMP '" + asOf
                + " 23:59:59.999999' AS fitted_at, cohort, note";
        List<Object[]> values = rows.stream()
                .map(r -> new Object[] {
                    r.model(),
                    r.parameter(),
                    finite(r.value()),
                    r.timeUnit(),
                    r.nCustomers(),
                    finite(r.logLikelihood()),
                    r.cohort(),
                    r.note()
                })
                .toList();
        ParquetRowWriter.write(file, COLUMNS, select, values);
        return rows.size();
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }
}
