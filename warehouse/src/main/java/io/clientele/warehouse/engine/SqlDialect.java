package io.clientele.warehouse.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The small, documented set of places where DuckDB and Spark SQL differ. A SQL file
 * writes {@code {{ name(arg, ...) }}} and each engine expands it to its own syntax,
 * so that a query is written once. Everything else in the SQL files is the dialect
 * both engines accept.
 *
 * <table>
 * <tr><th>macro</th><th>means</th></tr>
 * <tr><td>date_diff_days(a, b)</td><td>whole days from date a to date b (b − a)</td></tr>
 * <tr><td>add_days(d, n)</td><td>date d plus n days</td></tr>
 * <tr><td>add_days_ts(t, n)</td><td>timestamp t plus n whole days (exact 24 h each)</td></tr>
 * <tr><td>iso_day_of_week(d)</td><td>1 = Monday … 7 = Sunday</td></tr>
 * <tr><td>month_start(d)</td><td>the first day of d's calendar month, as a date</td></tr>
 * <tr><td>add_months(d, n)</td><td>date d plus n calendar months (clamped to month end)</td></tr>
 * <tr><td>seconds_between(a, b)</td><td>exact seconds from timestamp a to b, as a double</td></tr>
 * <tr><td>epoch_micros(t)</td><td>microseconds from 1970-01-01 00:00 to timestamp t, as a BIGINT</td></tr>
 * <tr><td>sha256(s)</td><td>hex SHA-256 of a string</td></tr>
 * <tr><td>stable_key(s)</td><td>a positive BIGINT from the first 60 bits of sha256(s): a surrogate key that a new row elsewhere never shifts</td></tr>
 * <tr><td>month_text(d)</td><td>'YYYY-MM' of a date</td></tr>
 * <tr><td>date_series(a, b)</td><td>a subquery with one column date_day, one row per day from a to b</td></tr>
 * </table>
 */
public abstract class SqlDialect {

    private final Map<String, Function<List<String>, String>> macros;

    protected SqlDialect() {
        this.macros = Map.ofEntries(
                Map.entry("add_days_ts", a -> addDaysToTimestamp(arg(a, 0, 2), a.get(1))),
                Map.entry("iso_day_of_week", a -> isoDayOfWeek(arg(a, 0, 1))),
                Map.entry("month_start", a -> monthStart(arg(a, 0, 1))),
                Map.entry("date_diff_days", a -> dateDiffDays(arg(a, 0, 2), a.get(1))),
                Map.entry("add_days", a -> addDays(arg(a, 0, 2), a.get(1))),
                Map.entry("add_months", a -> addMonths(arg(a, 0, 2), a.get(1))),
                Map.entry("seconds_between", a -> secondsBetween(arg(a, 0, 2), a.get(1))),
                Map.entry("epoch_micros", a -> epochMicros(arg(a, 0, 1))),
                Map.entry("sha256", a -> sha256(arg(a, 0, 1))),
                Map.entry("stable_key", a -> hexToBigint("substr(" + sha256(arg(a, 0, 1)) + ", 1, 15)")),
                Map.entry("month_text", a -> monthText(arg(a, 0, 1))),
                Map.entry("date_series", a -> dateSeries(arg(a, 0, 2), a.get(1))));
    }

    /** Expands one macro call, or returns null if {@code name} is not a macro. */
    public final String expand(String name, List<String> args) {
        Function<List<String>, String> macro = macros.get(name);
        return macro == null ? null : macro.apply(args);
    }

    private static String arg(List<String> args, int index, int expected) {
        if (args.size() != expected) {
            throw new IllegalArgumentException("macro takes " + expected + " arguments, got " + args);
        }
        return args.get(index);
    }

    protected abstract String dateDiffDays(String from, String to);

    protected abstract String addDays(String date, String days);

    protected abstract String addMonths(String date, String months);

    protected abstract String addDaysToTimestamp(String timestamp, String days);

    protected abstract String monthStart(String date);

    protected abstract String isoDayOfWeek(String date);

    protected abstract String secondsBetween(String from, String to);

    protected abstract String epochMicros(String timestamp);

    protected abstract String sha256(String text);

    /** Hexadecimal text (at most 15 digits) to a BIGINT. */
    protected abstract String hexToBigint(String hex);

    protected abstract String monthText(String date);

    protected abstract String dateSeries(String from, String to);

    /** DuckDB's spelling. */
    public static final class DuckDb extends SqlDialect {
        @Override
        protected String dateDiffDays(String from, String to) {
            return "date_diff('day', CAST(" + from + " AS DATE), CAST(" + to + " AS DATE))";
        }

        @Override
        protected String addDays(String date, String days) {
            return "CAST(CAST(" + date + " AS DATE) + CAST(" + days + " AS INTEGER) AS DATE)";
        }

        @Override
        protected String addMonths(String date, String months) {
            return "CAST(CAST(" + date + " AS DATE) + to_months(CAST(" + months + " AS INTEGER)) AS DATE)";
        }

        @Override
        protected String addDaysToTimestamp(String timestamp, String days) {
            return "(CAST(" + timestamp + " AS TIMESTAMP) + to_days(CAST(" + days + " AS INTEGER)))";
        }

        @Override
        protected String isoDayOfWeek(String date) {
            return "CAST(isodow(CAST(" + date + " AS DATE)) AS INT)";
        }

        @Override
        protected String monthStart(String date) {
            return "CAST(date_trunc('month', CAST(" + date + " AS DATE)) AS DATE)";
        }

        @Override
        protected String secondsBetween(String from, String to) {
            return "(epoch(" + to + ") - epoch(" + from + "))";
        }

        @Override
        protected String epochMicros(String timestamp) {
            return "epoch_us(CAST(" + timestamp + " AS TIMESTAMP))";
        }

        @Override
        protected String sha256(String text) {
            return "sha256(" + text + ")";
        }

        @Override
        protected String hexToBigint(String hex) {
            return "CAST(('0x' || " + hex + ") AS BIGINT)";
        }

        @Override
        protected String monthText(String date) {
            return "strftime(CAST(" + date + " AS DATE), '%Y-%m')";
        }

        @Override
        protected String dateSeries(String from, String to) {
            return "(SELECT CAST(generate_series AS DATE) AS date_day FROM generate_series(CAST(" + from
                    + " AS TIMESTAMP), CAST(" + to + " AS TIMESTAMP), INTERVAL 1 DAY))";
        }
    }

    /** Spark SQL's spelling (ANSI mode, session time zone UTC). */
    public static final class Spark extends SqlDialect {
        @Override
        protected String dateDiffDays(String from, String to) {
            return "datediff(CAST(" + to + " AS DATE), CAST(" + from + " AS DATE))";
        }

        @Override
        protected String addDays(String date, String days) {
            return "date_add(CAST(" + date + " AS DATE), CAST(" + days + " AS INT))";
        }

        @Override
        protected String addMonths(String date, String months) {
            return "add_months(CAST(" + date + " AS DATE), CAST(" + months + " AS INT))";
        }

        @Override
        protected String addDaysToTimestamp(String timestamp, String days) {
            return "(CAST(" + timestamp + " AS TIMESTAMP) + make_dt_interval(CAST(" + days + " AS INT), 0, 0, 0))";
        }

        @Override
        protected String isoDayOfWeek(String date) {
            return "(weekday(CAST(" + date + " AS DATE)) + 1)";
        }

        @Override
        protected String monthStart(String date) {
            return "trunc(CAST(" + date + " AS DATE), 'MM')";
        }

        @Override
        protected String secondsBetween(String from, String to) {
            return "(CAST(unix_micros(CAST(" + to + " AS TIMESTAMP_LTZ)) - unix_micros(CAST(" + from
                    + " AS TIMESTAMP_LTZ)) AS DOUBLE) / 1000000.0)";
        }

        @Override
        protected String epochMicros(String timestamp) {
            return "unix_micros(CAST(" + timestamp + " AS TIMESTAMP_LTZ))";
        }

        @Override
        protected String sha256(String text) {
            return "sha2(" + text + ", 256)";
        }

        @Override
        protected String hexToBigint(String hex) {
            return "CAST(conv(" + hex + ", 16, 10) AS BIGINT)";
        }

        @Override
        protected String monthText(String date) {
            return "date_format(CAST(" + date + " AS DATE), 'yyyy-MM')";
        }

        @Override
        protected String dateSeries(String from, String to) {
            return "(SELECT explode(sequence(CAST(" + from + " AS DATE), CAST(" + to
                    + " AS DATE), INTERVAL 1 DAY)) AS date_day)";
        }
    }
}
