package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte scan that tells whether DuckDB and the Java reader read a file alike, on hand-made files. */
class CsvFileScanTest {

    @TempDir
    Path dir;

    private CsvFileScan.Layout layout(String text) throws IOException {
        return layout(text, new CsvRecordReader.Limits(1000, 1024));
    }

    private CsvFileScan.Layout layout(String text, CsvRecordReader.Limits limits) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return CsvFileScan.layout(file, limits);
    }

    @Test
    void countsPhysicalLinesAsReadLineDoesAndTheBreaksInsideQuotes() throws IOException {
        assertThat(layout("a,b\n1,2\n3,4\n")).isEqualTo(new CsvFileScan.Layout(3, 0, true, 3));
        assertThat(layout("a,b\r\n1,2\r\n3,4")).isEqualTo(new CsvFileScan.Layout(3, 0, true, 3)); // no final break
        assertThat(layout("a,b\r1,2\r")).isEqualTo(new CsvFileScan.Layout(2, 0, true, 3)); // lone CRs
        assertThat(layout("a,b\n1,\"x\ny\n\"\n\n")).isEqualTo(new CsvFileScan.Layout(5, 2, false, 8)); // a blank line
        assertThat(layout("a,b\n1,\"say \"\"hi\"\", #1\"\n")).isEqualTo(new CsvFileScan.Layout(2, 0, true, 18));
    }

    @Test
    void findsWhatTheReadersReadDifferently() throws IOException {
        assertThat(layout("a,b\n1, \"x\"\n").plain()).isFalse(); // a blank before a quote: DuckDB drops it
        assertThat(layout("a,b\n1,\t\"x\"\n").plain()).isFalse();
        assertThat(layout("a,b\n1,\"x\" \n").plain()).isFalse(); // a blank after a closing quote
        assertThat(layout("a,b\n1,\"x\"y\n").plain()).isFalse(); // text after a closing quote
        assertThat(layout("a,b\n1,\"x\r\ny\"\n").plain()).isFalse(); // a carriage return inside quotes
        assertThat(layout("a,b\n1,\"x").plain()).isFalse(); // unterminated
        assertThat(layout("a,b\n1,x,\n").plain()).isFalse(); // a field too many: DuckDB drops it
        assertThat(layout("a,b\n1,x\n2,y,").plain()).isFalse(); // and on a last line without a break
        assertThat(layout("a,b\n1\n").plain()).isFalse(); // a field too few
        assertThat(layout("a,b\n1,x\n\n").plain()).isFalse(); // a blank line
        assertThat(layout("a,b\n1," + "x".repeat(1023) + "\n").plain()).isFalse(); // past max bytes
        assertThat(layout("a,b\n1,\"x\ny\nz\"\n", new CsvRecordReader.Limits(2, 1024))
                        .plain())
                .isFalse(); // 3 lines
    }

    @Test
    void takesWhatBothReadAlikeAsPlain() throws IOException {
        assertThat(layout("a,b\n#1,2\n").plain()).isTrue(); // a # is text
        assertThat(layout("# made today,x\n1,2\n").plain()).isTrue();
        assertThat(layout("a,b\n1,2\\\n3,4\\").plain()).isTrue(); // so is a backslash
        assertThat(layout("a,b\n1,\"x\\\ny\"\n").plain()).isTrue();
        assertThat(layout("a,b\n1,Pizza 12\" Co\n2,x\"\n").plain()).isTrue(); // a quote inside an unquoted field
        assertThat(layout("a,b\n1,x\"y\"z\n").plain()).isTrue();
        assertThat(layout("a,b\n1,x#\n").plain()).isTrue();
        assertThat(layout("a,b\n1," + "x".repeat(1022) + "\n").plain()).isTrue(); // at max bytes
        assertThat(layout("a,b\n1,\"x\ny\nz\"\n", new CsvRecordReader.Limits(3, 1024))
                        .plain())
                .isTrue();
    }

    @Test
    void readsBackTheRecordsStartingOnTheWantedLines() throws IOException {
        Path file = dir.resolve("r.csv");
        Files.writeString(file, "a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n3,w\r\n");
        TreeMap<Long, Integer> wanted = new TreeMap<>(Map.of(2L, 2, 5L, 1));
        assertThat(CsvFileScan.records(file, wanted)).isEqualTo(Map.of(2L, "1,\"x\ny\"", 5L, "3,w"));
    }
}
