package io.clientele.jobs.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record into its fields (RFC 4180: comma separated, a field may be quoted
 * with {@code "}, a quote inside a quoted field is doubled, a quoted field may hold commas
 * and line breaks). A quote opens quoting only as a field's first character; inside an
 * unquoted field it is text ({@code Pizza 12" Co}), as DuckDB reads it. Spring Batch's DelimitedLineTokenizer does the same but builds a
 * FieldSet with date and number formats for every record, which costs more than reading
 * the file.
 */
final class CsvRecordSplitter {

    private CsvRecordSplitter() {}

    /** A record that is not RFC 4180; {@code field} is the 0-based field at fault. */
    static final class MalformedRecordException extends IllegalArgumentException {
        private final int field;

        MalformedRecordException(int field, String message) {
            super(message);
            this.field = field;
        }

        int field() {
            return field;
        }
    }

    /** @throws MalformedRecordException for an unterminated quote or text after a closing quote */
    static String[] split(String record) {
        List<String> fields = new ArrayList<>(16);
        int n = record.length();
        int i = 0;
        while (true) {
            if (i < n && record.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new MalformedRecordException(fields.size(), "unterminated quoted field");
                    }
                    char c = record.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && record.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                if (i < n && record.charAt(i) != ',') {
                    throw new MalformedRecordException(
                            fields.size(), "text after the closing quote of field " + (fields.size() + 1));
                }
                fields.add(field.toString());
            } else {
                int comma = record.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                fields.add(record.substring(i, end));
                i = end;
            }
            if (i >= n) {
                return fields.toArray(new String[0]);
            }
            i++; // the comma
            if (i == n) {
                fields.add("");
                return fields.toArray(new String[0]);
            }
        }
    }
}
