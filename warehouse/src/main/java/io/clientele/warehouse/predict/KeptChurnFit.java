package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.DuckDbDatabase;
import io.clientele.warehouse.engine.EngineException;
import io.clientele.warehouse.engine.ParquetDirectory;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The churn fit a night leaves for the next ones: its model_fit rows (all but
 * {@code scored_customers}, which is each night's own), the night it was fitted as of, the
 * {@link ChurnFitFingerprint} of its definitions, and the acquisition channel of each channel
 * coefficient. A later night within {@code churn-refit-days} scores with it instead of refitting.
 *
 * <p>One Parquet file, {@code churn_fit/fit.parquet}, written under the night's predict directory
 * and moved into the published one by publish with the night's other outputs, so a failed night
 * leaves the last published fit in place. It holds no customer data.
 *
 * @param fitDate     the as-of date of the night that fitted it: model_fit's {@code fitted_at}
 * @param fingerprint the definitions it was fitted with
 * @param rows        its model_fit rows, in order; one {@code skipped} row when the night fitted nothing
 * @param channels    per row, the acquisition channel of a {@code coef_channel_*} row, else null
 */
record KeptChurnFit(LocalDate fitDate, String fingerprint, List<ModelFitRow> rows, List<String> channels) {

    static final String FILE = "fit.parquet";
    static final String SKIPPED = "skipped";
    private static final String INTERCEPT = "coef_intercept";
    private static final String COEFFICIENT = "coef_";

    KeptChurnFit {
        rows = List.copyOf(rows);
        channels = java.util.Collections.unmodifiableList(new ArrayList<>(channels));
        if (rows.size() != channels.size()) {
            throw new IllegalArgumentException("one channel (or null) per row");
        }
    }

    /** A fitted model's rows; {@code channels} in the order of the channel coefficients. */
    static KeptChurnFit fitted(
            LocalDate fitDate, String fingerprint, List<ModelFitRow> rows, List<String> channelsInOrder) {
        List<String> perRow = new ArrayList<>();
        int next = 0;
        for (ModelFitRow row : rows) {
            boolean channel = row.parameter().startsWith(COEFFICIENT + "channel_");
            perRow.add(channel ? channelsInOrder.get(next++) : null);
        }
        return new KeptChurnFit(fitDate, fingerprint, rows, perRow);
    }

    /** A night that fitted nothing: the next one refits whatever its age. */
    static KeptChurnFit skipped(LocalDate fitDate, String fingerprint, ModelFitRow row) {
        List<String> none = new ArrayList<>();
        none.add(null);
        return new KeptChurnFit(fitDate, fingerprint, List.of(row), none);
    }

    boolean isFitted() {
        return rows.stream().noneMatch(r -> r.parameter().equals(SKIPPED));
    }

    double intercept() {
        return rows.stream()
                .filter(r -> r.parameter().equals(INTERCEPT))
                .findFirst()
                .map(ModelFitRow::value)
                .orElseThrow(() -> new IllegalStateException("the kept churn fit has no " + INTERCEPT));
    }

    /** The coefficients but the intercept, in their order. */
    double[] coefficients() {
        return rows.stream()
                .filter(KeptChurnFit::isCoefficient)
                .mapToDouble(ModelFitRow::value)
                .toArray();
    }

    /** The channels with an indicator, in the coefficients' order. */
    List<String> coefficientChannels() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (channels.get(i) != null) {
                out.add(channels.get(i));
            }
        }
        return out;
    }

    private static boolean isCoefficient(ModelFitRow row) {
        return row.parameter().startsWith(COEFFICIENT) && !row.parameter().equals(INTERCEPT);
    }

    /** Writes {@code directory/fit.parquet}, beside then moved into place. */
    void write(Path directory) {
        List<Object[]> values = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ModelFitRow r = rows.get(i);
            values.add(new Object[] {
                i, r.parameter(), r.value(), r.timeUnit(), r.nCustomers(), r.logLikelihood(), r.note(), channels.get(i)
            });
        }
        ParquetRowWriter.write(
                directory.resolve(FILE),
                "ordinal INTEGER, parameter VARCHAR, value DOUBLE, time_unit VARCHAR, n_customers BIGINT,"
                        + " log_likelihood DOUBLE, note VARCHAR, channel VARCHAR",
                "ordinal, DATE '" + fitDate + "' AS fit_date, '" + fingerprint.replace("'", "''")
                        + "' AS fingerprint, parameter, value, time_unit, n_customers, log_likelihood, note, channel",
                values);
    }

    /** The fit kept under {@code directory}, if any. */
    static Optional<KeptChurnFit> read(Path directory) {
        if (directory == null || !ParquetDirectory.hasParquetFiles(directory.resolve(FILE))) {
            return Optional.empty();
        }
        String sql = "SELECT CAST(fit_date AS VARCHAR), fingerprint, parameter, value, time_unit, n_customers,"
                + " log_likelihood, note, channel FROM read_parquet("
                + ParquetDirectory.literal(directory.resolve(FILE)) + ") ORDER BY ordinal";
        try (DuckDbDatabase.Lease lease = DuckDbDatabase.scratch();
                Statement s = lease.connection().createStatement();
                ResultSet r = s.executeQuery(sql)) {
            LocalDate fitDate = null;
            String fingerprint = null;
            List<ModelFitRow> rows = new ArrayList<>();
            List<String> channels = new ArrayList<>();
            while (r.next()) {
                fitDate = LocalDate.parse(r.getString(1));
                fingerprint = r.getString(2);
                rows.add(new ModelFitRow(
                        ChurnPropensityModel.MODEL,
                        r.getString(3),
                        nullableDouble(r, 4),
                        r.getString(5),
                        nullableLong(r, 6),
                        nullableDouble(r, 7),
                        null,
                        r.getString(8)));
                channels.add(r.getString(9));
            }
            return rows.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new KeptChurnFit(fitDate, fingerprint, rows, channels));
        } catch (SQLException e) {
            throw new EngineException("cannot read the kept churn fit " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Double nullableDouble(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }

    private static Long nullableLong(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }
}
