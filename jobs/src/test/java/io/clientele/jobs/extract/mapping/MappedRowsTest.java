package io.clientele.jobs.extract.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a mapping makes of small hand-written raw files, evaluated in a real DuckDB: the expected
 * rows are written out by hand from the files, in contract order and as contract text.
 */
class MappedRowsTest {

    @TempDir
    Path dir;

    private Path mapping(String yaml) throws IOException {
        Path file = dir.resolve("test.yml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Every row of the source as file, line, then its fields ("!" + key for a failed row). */
    private List<List<String>> rows(Path mappingFile, String source) {
        SourceMapping mapping = MappingFile.read(mappingFile);
        try (MappedRows mapped = MappedRows.open(mapping, source, dir, null)) {
            return text(mapped);
        }
    }

    /** The rows as file, line, then their fields ("!" + key for a failed row). */
    static List<List<String>> text(MappedRows mapped) {
        List<List<String>> rows = new ArrayList<>();
        for (MappedRow row = mapped.next(); row != null; row = mapped.next()) {
            List<String> fields = new ArrayList<>(List.of(row.file(), String.valueOf(row.line())));
            if (row.failure() != null) {
                fields.add("!" + row.failure().key());
            } else {
                fields.addAll(Arrays.stream(row.values())
                        .map(v -> v == null ? "NULL" : v)
                        .toList());
            }
            rows.add(fields);
        }
        return rows;
    }

    @Test
    void latin1DecimalCommaDatePatternAndTimeZone() throws IOException {
        // Latin-1 bytes: ü is one byte (0xFC), not UTF-8's two
        Files.write(
                dir.resolve("vertraege.csv"),
                String.join(
                                "\r\n",
                                "vertrag;kunde;beginn;gebühr;gekündigt",
                                "V1;Jürgen Müller;31.12.2025;12,50;01.03.2026 08:30",
                                "V2;Zoë;01.07.2026;7;01.07.2026 08:30",
                                "V3;Åsa;02.01.2026;;",
                                "")
                        .getBytes(StandardCharsets.ISO_8859_1));
        Path file = mapping("""
                inputs:
                  vertraege:
                    file: vertraege.csv
                    delimiter: ";"
                    encoding: latin-1
                    decimal: ","
                    date_format: "%d.%m.%Y"
                    timestamp_format: "%d.%m.%Y %H:%M"
                    time_zone: Europe/Berlin
                sources:
                  contracts:
                    from: vertraege
                    columns:
                      contract_id: vertrag
                      customer_id: kunde
                      start_date: beginn
                      monthly_fee: '"gebühr"'
                      cancelled_at: '"gekündigt"'
                """);
        // contract order: contract_id, customer_id, start_date, cancelled_at, monthly_fee;
        // Berlin is UTC+1 in March, UTC+2 in July
        assertThat(rows(file, "contracts"))
                .containsExactly(
                        List.of(
                                "vertraege.csv",
                                "2",
                                "V1",
                                "Jürgen Müller",
                                "2025-12-31",
                                "2026-03-01T07:30:00",
                                "12.50"),
                        List.of("vertraege.csv", "3", "V2", "Zoë", "2026-07-01", "2026-07-01T06:30:00", "7"),
                        List.of("vertraege.csv", "4", "V3", "Åsa", "2026-01-02", "NULL", "NULL"));
    }

    @Test
    void fixedWidthFilesOfAGlobWithAValueMap() throws IOException {
        // two files of one glob, each with a header line and CRLF line ends, read in name order
        Files.writeString(
                dir.resolve("tickets-2.txt"), "ID   CUST DAY      STATE \r\n" + "T3   C02  20260303 Open  \r\n");
        Files.writeString(
                dir.resolve("tickets-1.txt"),
                "ID   CUST DAY      STATE \r\n" + "T1   C01  20260301 Closed\r\n" + "\r\n"
                        + "T2   C01  20260302 Open  \r\n");
        Path file = mapping("""
                inputs:
                  tickets:
                    file: "tickets-*.txt"
                    format: fixed-width
                    skip: 1
                    columns:
                      id: [1, 5]
                      customer: [6, 10]
                      day: [11, 18]
                      state: [20, 25]
                    timestamp_format: "%Y%m%d"
                sources:
                  complaints:
                    from: tickets
                    columns:
                      complaint_id: id
                      customer_id: customer
                      received_at: day
                      channel: "'phone'"
                      status: state
                      root_cause: "_file || '#' || _record"
                    values:
                      status: {Closed: resolved, Open: open}
                """);
        // contract order: complaint_id, customer_id, received_at, channel, status, root_cause;
        // the blank line of tickets-1.txt is no record but counts as a line
        assertThat(rows(file, "complaints"))
                .containsExactly(
                        List.of(
                                "tickets-1.txt",
                                "2",
                                "T1",
                                "C01",
                                "2026-03-01T00:00:00",
                                "phone",
                                "resolved",
                                "tickets-1.txt#1"),
                        List.of(
                                "tickets-1.txt",
                                "4",
                                "T2",
                                "C01",
                                "2026-03-02T00:00:00",
                                "phone",
                                "open",
                                "tickets-1.txt#3"),
                        List.of(
                                "tickets-2.txt",
                                "2",
                                "T3",
                                "C02",
                                "2026-03-03T00:00:00",
                                "phone",
                                "open",
                                "tickets-2.txt#1"));
    }

    @Test
    void aDerivedSourceIsAQueryOverTheInputs() throws IOException {
        Files.writeString(dir.resolve("lines.csv"), """
                invoice,customer,at,sku
                I2,C02,2026-03-02 12:00:00,B
                I1,C01,2026-03-01 10:05:00,A
                I1,C01,2026-03-01 10:00:00,B
                """);
        Path file = mapping("""
                inputs:
                  lines: {file: lines.csv}
                sources:
                  orders:
                    sql: |
                      SELECT invoice, MIN(customer) AS customer, MIN(CAST("at" AS TIMESTAMP)) AS first_at
                      FROM lines GROUP BY invoice ORDER BY invoice
                    columns:
                      order_id: invoice
                      customer_id: customer
                      order_ts: first_at
                """);
        assertThat(rows(file, "orders"))
                .containsExactly(
                        List.of("test.yml:sources.orders", "1", "I1", "C01", "2026-03-01T10:00:00"),
                        List.of("test.yml:sources.orders", "2", "I2", "C02", "2026-03-02T12:00:00"));
    }

    @Test
    void anExpressionThatFailsOnARowFailsThatRowOnly() throws IOException {
        Files.writeString(dir.resolve("lines.csv"), """
                order,qty,price,kind
                O1,2,9.50,1
                O2,abc,4.00,1
                O3,3,1.25,1
                O4,,2.00,zz
                O5,1x,1.00,1
                O6,1,1.00,0
                """);
        Path file = mapping("""
                inputs:
                  lines: {file: lines.csv}
                sources:
                  order_lines:
                    from: lines
                    where: CAST(kind AS INTEGER) > 0
                    columns:
                      order_id: '"order"'
                      line_no: "1"
                      quantity: CAST(qty AS INTEGER)
                      unit_price: price
                """);
        // O2 and O5: the cast fails; O4: its filter fails (CAST('zz' AS INTEGER)); O6: filtered out
        assertThat(rows(file, "order_lines"))
                .containsExactly(
                        List.of("lines.csv", "2", "O1", "1", "2", "9.50"),
                        List.of("lines.csv", "3", "!sources.order_lines.columns.quantity"),
                        List.of("lines.csv", "4", "O3", "1", "3", "1.25"),
                        List.of("lines.csv", "5", "!sources.order_lines.where"),
                        List.of("lines.csv", "6", "!sources.order_lines.columns.quantity"));
    }
}
