package io.clientele.jobs.dashboard;

import io.clientele.warehouse.engine.JdbcValues;
import io.clientele.warehouse.engine.ResultTable;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.publish.ReadOnlyWarehouseConnection;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers behind the dashboard: each query of {@code warehouse/sql/dashboard/} run
 * read-only on the published DuckDB file, kept as columns and rows of JSON-ready values
 * (dates and timestamps as ISO text, decimals exact, non-finite doubles as null).
 */
public final class DashboardData {

    /** The dashboard's queries, each {@code warehouse/sql/dashboard/<name>.sql}. */
    public static final List<String> QUERIES = List.of(
            "kpis",
            "cohort_retention",
            "churn_monthly",
            "clv_distribution",
            "clv_pareto",
            "complaints_by_channel",
            "complaints_monthly",
            "complaint_operations",
            "satisfaction_monthly",
            "satisfaction_touchpoint",
            "sales_monthly",
            "cross_sell_monthly",
            "forecast",
            "acquisition",
            "churn_reasons",
            "lifecycle_monthly",
            "renewals_monthly",
            "contacts_monthly",
            "book_of_business");

    /** The published tables the queries read; a warehouse without one of them cannot be shown. */
    public static final List<String> TABLES = List.of(
            "warehouse_info",
            "mart_customer_value",
            "mart_cohort_retention",
            "mart_churn_monthly",
            "mart_complaints_monthly",
            "mart_complaint_operations_monthly",
            "mart_satisfaction_monthly",
            "mart_satisfaction_touchpoint_monthly",
            "mart_sales_monthly",
            "mart_cross_sell_monthly",
            "forecast_monthly",
            "mart_acquisition_monthly",
            "mart_churn_reasons",
            "mart_lifecycle_monthly",
            "mart_contract_renewals_monthly",
            "mart_contacts_monthly",
            "renewal_calls",
            "mart_book_of_business");

    /** One query's result. */
    public record Result(List<String> columns, List<List<Object>> rows) {}

    private final Map<String, Result> results;

    private DashboardData(Map<String, Result> results) {
        this.results = results;
    }

    public Map<String, Result> results() {
        return results;
    }

    /** Reads the warehouse in {@code warehouseDir}; fails with a one-line reason when there is nothing to show. */
    public static DashboardData read(Path warehouseDir) {
        Path file = new WarehouseLayout(warehouseDir).duckDbFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "no warehouse at " + file + " (run `clientele demo` or `clientele run` first)");
        }
        try (Connection c = ReadOnlyWarehouseConnection.open(file);
                Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '" + table + "'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        throw new IllegalArgumentException("warehouse " + file + " has no table " + table
                                + " (not a published Clientele warehouse; run `clientele run` first)");
                    }
                }
            }
            for (String table : List.of("warehouse_info", "mart_customer_value")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        throw new IllegalArgumentException("warehouse " + file + " is empty: " + table
                                + " has no rows (no customer known by the as-of date)");
                    }
                }
            }
            Map<String, Result> results = new LinkedHashMap<>();
            for (String name : QUERIES) {
                String sql = SqlTemplate.load("dashboard/" + name + ".sql").text();
                try (ResultSet rs = s.executeQuery(sql)) {
                    results.put(name, result(rs));
                } catch (SQLException e) {
                    throw new IllegalStateException(
                            "warehouse/sql/dashboard/" + name + ".sql on " + file + ": " + e.getMessage(), e);
                }
            }
            return new DashboardData(results);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read warehouse " + file + ": " + e.getMessage(), e);
        }
    }

    private static Result result(ResultSet rs) throws SQLException {
        ResultTable table = JdbcValues.read(rs, DashboardData::jsonValue);
        return new Result(table.columns(), table.rows());
    }

    static Object jsonValue(Object v) {
        if (v == null
                || v instanceof String
                || v instanceof Boolean
                || v instanceof Long
                || v instanceof Integer
                || v instanceof Short
                || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof LocalDate || v instanceof LocalDateTime || v instanceof OffsetDateTime) {
            return v.toString();
        }
        return v.toString();
    }
}
