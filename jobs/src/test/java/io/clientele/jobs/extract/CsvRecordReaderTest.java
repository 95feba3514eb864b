package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.item.ExecutionContext;

/** RFC 4180 framing on hand-made files, every expected record worked out by hand from the file. */
class CsvRecordReaderTest {

    private static final CsvRecordReader.Limits DEFAULTS = new CsvRecordReader.Limits(1000, 16L << 20);

    @TempDir
    Path dir;

    /** Each record as "line: field|field|..." or "line REFUSED column: reason". */
    private List<String> read(String content, CsvRecordReader.Limits limits) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        CsvRecordReader reader = new CsvRecordReader(file, limits);
        reader.open(new ExecutionContext());
        List<String> out = new ArrayList<>();
        try {
            String[] header = reader.readHeader();
            reader.columns(header);
            while (true) {
                try {
                    SourceRow row = reader.read();
                    if (row == null) {
                        return out;
                    }
                    out.add(row.line() + ": " + String.join("|", row.fields()));
                } catch (CsvRecordException refused) {
                    out.add(refused.getLineNumber() + " REFUSED " + refused.column() + ": " + refused.getMessage());
                }
            }
        } finally {
            reader.close();
        }
    }

    private List<String> read(String content) throws IOException {
        return read(content, DEFAULTS);
    }

    @Test
    void aHashAtARecordsStartAndABackslashAreText() throws IOException {
        assertThat(read("a,b\n#1,x\n2,y\\\n3,z\n")).containsExactly("2: #1|x", "3: 2|y\\", "4: 3|z");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsText() throws IOException {
        assertThat(read("a,b\n1,Pizza 12\" Co\n2,x\n3,y\"\n4,\"q\"\n"))
                .containsExactly("2: 1|Pizza 12\" Co", "3: 2|x", "4: 3|y\"", "5: 4|q");
    }

    @Test
    void aQuoteNeverClosedCostsItsOpeningLineOnly() throws IOException {
        assertThat(read("a,b\n1,\"open\n2,x\n3,y\n"))
                .containsExactly(
                        "2 REFUSED b: unterminated quote: the quoted field opened on line 2 in column 'b' is not closed"
                                + " before the end of the file; only line 2 is refused",
                        "3: 2|x",
                        "4: 3|y");
    }

    @Test
    void aQuoteClosingIntoAMalformedRecordIsTakenAsNeverClosed() throws IOException {
        // lines 2-4 would be one record whose quoted field closes before 'y': not RFC 4180
        assertThat(read("a,b\n1,\"open\n2,x\n3,\"y\"\n4,z\n"))
                .containsExactly(
                        "2 REFUSED b: unterminated quote: the quoted field opened on line 2 in column 'b' closes on line 4"
                                + " into a malformed record (text after the closing quote of field 2 (column 'b'));"
                                + " only line 2 is refused",
                        "3: 2|x",
                        "4: 3|y",
                        "5: 4|z");
        // lines 2-3 would be one record of three fields
        assertThat(read("a,b\n1,\"open\n2,x\",extra\n3,y\n"))
                .containsExactly(
                        "2 REFUSED b: unterminated quote: the quoted field opened on line 2 in column 'b' closes on line 3"
                                + " into a record of 3 fields, not 2; only line 2 is refused",
                        "3: 2|x\"|extra",
                        "4: 3|y");
    }

    @Test
    void aQuotedFieldSpansLinesUpToTheLineBound() throws IOException {
        String file = "a,b\n1,\"x\ny\nz\nw\"\n5,v\n"; // the record spans lines 2-5
        assertThat(read(file, new CsvRecordReader.Limits(4, 1 << 20))).containsExactly("5: 1|x\ny\nz\nw", "6: 5|v");
        assertThat(read(file, new CsvRecordReader.Limits(3, 1 << 20)))
                .containsExactly(
                        "2 REFUSED b: unterminated quote: the quoted field opened on line 2 in column 'b' is not closed"
                                + " within 3 lines (clientele.extract.max-record-lines); only line 2 is refused",
                        "3: y",
                        "4: z",
                        "5: w\"",
                        "6: 5|v");
    }

    @Test
    void aRecordPastTheByteBoundIsRefusedNamingTheColumn() throws IOException {
        String x = "x".repeat(2000);
        assertThat(read("a,b\n1," + x + "\n2,y\n", new CsvRecordReader.Limits(1000, 1024)))
                .containsExactly(
                        "2 REFUSED b: record longer than 1024 bytes (clientele.extract.max-record-bytes); it passes the"
                                + " limit in column 'b'",
                        "3: 2|y");
        // a quoted field that would run past it: its opening line alone
        assertThat(read(
                        "a,b\n1,\"" + "y".repeat(600) + "\n" + "z".repeat(600) + "\"\n3,w\n",
                        new CsvRecordReader.Limits(1000, 1024)))
                .containsExactly(
                        "2 REFUSED b: unterminated quote: the quoted field opened on line 2 in column 'b' is not closed"
                                + " within 1024 bytes (clientele.extract.max-record-bytes); only line 2 is refused",
                        "3: " + "z".repeat(600) + "\"",
                        "4: 3|w");
    }

    @Test
    void aTenMegabyteFieldIsReadWhole() throws IOException {
        String big = "é".repeat(5_000_000); // 10,000,000 bytes in UTF-8
        List<String> rows = read("a,b\n1,\"" + big + "\"\n2,y\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEqualTo("2: 1|" + big);
        assertThat(rows.get(1)).isEqualTo("3: 2|y");
    }

    @Test
    void aBlankLineIsARecordNotSkipped() throws IOException {
        assertThat(read("a,b\n1,x\n\n2,y\n")).containsExactly("2: 1|x", "3: ", "4: 2|y");
    }

    @Test
    void lineBreaksAreLfCrLfOrALoneCr() throws IOException {
        assertThat(read("a,b\r\n1,\"x\r\ny\"\r\n2,z\r3,w")).containsExactly("3: 1|x\ny", "4: 2|z", "5: 3|w");
    }

    @Test
    void textAfterAClosingQuoteRefusesThatLine() throws IOException {
        assertThat(read("a,b\n1,\"x\"y\n2,z\n"))
                .containsExactly("2 REFUSED b: text after the closing quote of field 2 (column 'b')", "3: 2|z");
    }

    @Test
    void aNulByteIsPassedOnForTheValidatorToRefuse() throws IOException {
        assertThat(read("a,b\n1,x\0y\n")).containsExactly("2: 1|x\0y");
    }
}
