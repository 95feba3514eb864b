package io.clientele.jobs.extract;

import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.batch.item.ItemProcessor;

/**
 * Checks one record against its source contract (docs/contract.md §1) and turns every value into
 * the canonical text the stage casts: timestamps in UTC as {@code yyyy-MM-dd HH:mm:ss[.ffffff]},
 * plain decimals, enums as the contract spells them, folded channels, defaults applied.
 * A record that breaks the contract is refused with the column and the reason.
 */
public final class SourceRowValidator implements ItemProcessor<SourceRow, LandingRow> {

    private static final DateTimeFormatter CANONICAL_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter CANONICAL_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final SourceContract contract;
    private final List<ColumnContract> columns;
    private final Supplier<SourceHeader> header;
    // per column: its bounds as BigDecimal (null when none), computed once, not per row
    private final BigDecimal[] minimum;
    private final BigDecimal[] maximum;
    // the positions of the contract's columns in the file last seen (-1 = left out)
    private SourceHeader positionsOf;
    private int[] positions;

    /** @param header the file's header, known once the reader has opened the file */
    public SourceRowValidator(SourceContract contract, Supplier<SourceHeader> header) {
        this.contract = contract;
        this.columns = contract.columns();
        this.header = header;
        this.minimum = new BigDecimal[columns.size()];
        this.maximum = new BigDecimal[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Double min = columns.get(i).min();
            Double max = columns.get(i).max();
            minimum[i] = min == null ? null : BigDecimal.valueOf(min);
            maximum[i] = max == null ? null : BigDecimal.valueOf(max);
        }
    }

    private int[] positions(SourceHeader fileHeader) {
        if (fileHeader != positionsOf) {
            int[] found = new int[columns.size()];
            for (int i = 0; i < found.length; i++) {
                found[i] = fileHeader.position(columns.get(i).name());
            }
            positions = found;
            positionsOf = fileHeader;
        }
        return positions;
    }

    @Override
    public LandingRow process(SourceRow row) {
        SourceHeader fileHeader = header.get();
        String[] fields = row.fields();
        if (fields.length != fileHeader.size()) {
            if (fields.length == 1 && fields[0].isBlank()) {
                throw new RejectedRowException(null, "blank line (expected " + fileHeader.size() + " fields)", null);
            }
            throw new RejectedRowException(
                    null, "expected " + fileHeader.size() + " fields, found " + fields.length, null);
        }
        int[] position = positions(fileHeader);
        String[] values = new String[columns.size()];
        try {
            for (int i = 0; i < columns.size(); i++) {
                String text = position[i] < 0 ? null : fields[position[i]];
                if (text != null && text.indexOf('\0') >= 0) {
                    // no text type downstream holds it, and it is never meant: a binary value or a broken export
                    throw new RejectedRowException(
                            columns.get(i).name(),
                            "NUL byte in the value (character " + (text.indexOf('\0') + 1) + " of " + text.length()
                                    + ")",
                            null);
                }
                values[i] = canonical(i, columns.get(i), text == null ? null : text.strip());
            }
            for (int i = 0; i < columns.size(); i++) {
                ColumnContract column = columns.get(i);
                if (column.rangeBy() != null && values[i] != null) {
                    checkRangeBy(column, values);
                }
            }
        } catch (RejectedRowException refused) {
            // the record's key is only needed for a refused record: not built for every valid one
            throw new RejectedRowException(refused.column(), refused.getMessage(), recordKey(fields, fileHeader));
        }
        return new LandingRow(row.file(), row.line(), values);
    }

    private String canonical(int index, ColumnContract column, String text) {
        String key = null; // filled in by process
        if (text == null || text.isEmpty()) {
            if (column.required()) {
                throw new RejectedRowException(column.name(), "required value is missing", key);
            }
            return column.defaultValue();
        }
        try {
            return switch (column.type()) {
                case "string" -> string(column, text, key);
                case "integer" ->
                    number(index, column, integer(column, text, key), key).toPlainString();
                case "decimal" ->
                    number(index, column, new BigDecimal(text), key)
                            .stripTrailingZeros()
                            .toPlainString();
                case "date" -> LocalDate.parse(text).toString();
                case "timestamp" -> timestamp(text);
                case "boolean" -> bool(text);
                case "month" -> month(text);
                default -> throw new IllegalStateException("unknown contract type " + column.type());
            };
        } catch (NumberFormatException | DateTimeException e) {
            throw new RejectedRowException(column.name(), "not a valid " + column.type() + ": '" + text + "'", key);
        }
    }

    private String string(ColumnContract column, String text, String key) {
        if (!column.enumeration().isEmpty()) {
            for (String allowed : column.enumeration()) {
                if (allowed.equalsIgnoreCase(text)) {
                    return allowed;
                }
            }
            throw new RejectedRowException(column.name(), "'" + text + "' is not one of " + column.enumeration(), key);
        }
        return column.foldsToLowerCase() ? text.toLowerCase(Locale.ROOT) : text;
    }

    private static BigDecimal integer(ColumnContract column, String text, String key) {
        // 4.5 is refused, not rounded (docs/contract.md §4.9); 4.0 is a whole number written with a point.
        BigDecimal value = new BigDecimal(text);
        try {
            return new BigDecimal(value.toBigIntegerExact());
        } catch (ArithmeticException e) {
            throw new RejectedRowException(column.name(), "'" + text + "' is not a whole number", key);
        }
    }

    private BigDecimal number(int index, ColumnContract column, BigDecimal value, String key) {
        if (minimum[index] != null && value.compareTo(minimum[index]) < 0) {
            throw new RejectedRowException(
                    column.name(), value.toPlainString() + " is below the minimum " + plain(column.min()), key);
        }
        if (maximum[index] != null && value.compareTo(maximum[index]) > 0) {
            throw new RejectedRowException(
                    column.name(), value.toPlainString() + " is above the maximum " + plain(column.max()), key);
        }
        return value;
    }

    private void checkRangeBy(ColumnContract column, String[] values) {
        String key = null; // filled in by process
        int by = columnIndex(column.rangeBy().column());
        String selector = by < 0 ? null : values[by];
        List<Double> range = selector == null ? null : column.rangeBy().ranges().get(selector);
        if (range == null) {
            return;
        }
        BigDecimal value = new BigDecimal(values[columnIndex(column.name())]);
        if (value.compareTo(BigDecimal.valueOf(range.get(0))) < 0
                || value.compareTo(BigDecimal.valueOf(range.get(1))) > 0) {
            throw new RejectedRowException(
                    column.name(),
                    value.toPlainString() + " is outside " + selector + "'s range " + plain(range.get(0)) + ".."
                            + plain(range.get(1)),
                    key);
        }
    }

    /** ISO-8601 with an optional offset (none = UTC, the warehouse time zone), to UTC. */
    static String timestamp(String text) {
        if (isPlainSeconds(text)) {
            // the common case, already canonical but for the separator: check the calendar only
            LocalDateTime.of(
                    number(text, 0, 4),
                    number(text, 5, 7),
                    number(text, 8, 10),
                    number(text, 11, 13),
                    number(text, 14, 16),
                    number(text, 17, 19));
            return text.charAt(10) == ' ' ? text : text.substring(0, 10) + ' ' + text.substring(11);
        }
        String iso =
                text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        LocalDateTime utc;
        if (hasOffset(iso)) {
            utc = OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime();
        } else {
            utc = LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        return utc.getNano() == 0 ? CANONICAL_SECONDS.format(utc) : CANONICAL_MICROS.format(utc);
    }

    /** yyyy-MM-ddTHH:mm:ss (or a space for the T), no fraction, no offset. */
    private static boolean isPlainSeconds(String t) {
        return t.length() == 19
                && digits(t, 0, 4)
                && t.charAt(4) == '-'
                && digits(t, 5, 7)
                && t.charAt(7) == '-'
                && digits(t, 8, 10)
                && (t.charAt(10) == 'T' || t.charAt(10) == ' ')
                && digits(t, 11, 13)
                && t.charAt(13) == ':'
                && digits(t, 14, 16)
                && t.charAt(16) == ':'
                && digits(t, 17, 19);
    }

    private static boolean digits(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (t.charAt(i) - '0');
        }
        return value;
    }

    private static boolean hasOffset(String iso) {
        if (iso.endsWith("Z") || iso.endsWith("z")) {
            return true;
        }
        int time = iso.indexOf('T');
        return time > 0 && (iso.indexOf('+', time) > 0 || iso.indexOf('-', time) > 0);
    }

    private static String bool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return "true";
        }
        if (text.equalsIgnoreCase("false")) {
            return "false";
        }
        throw new NumberFormatException("not a boolean");
    }

    private static String month(String text) {
        if (text.length() != 7 || text.charAt(4) != '-') {
            throw new NumberFormatException("not YYYY-MM");
        }
        return LocalDate.parse(text + "-01").toString().substring(0, 7);
    }

    private String recordKey(String[] fields, SourceHeader fileHeader) {
        StringBuilder key = new StringBuilder();
        for (String column : contract.naturalKey()) {
            int position = fileHeader.position(column);
            if (key.length() > 0) {
                key.append('|');
            }
            key.append(position < 0 || fields[position] == null ? "" : fields[position].strip());
        }
        return key.toString();
    }

    private int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
