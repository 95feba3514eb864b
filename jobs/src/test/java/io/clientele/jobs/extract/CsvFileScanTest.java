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
        Path file = dir.resolve("t.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return CsvFileScan.layout(file);
    }

    @Test
    void countsPhysicalLinesAsReadLineDoesAndTheBreaksInsideQuotes() throws IOException {
        assertThat(layout("a,b\n1,2\n3,4\n")).isEqualTo(new CsvFileScan.Layout(3, 0, true));
        assertThat(layout("a,b\r\n1,2\r\n3,4")).isEqualTo(new CsvFileScan.Layout(3, 0, true));   // no final break
        assertThat(layout("a,b\r1,2\r")).isEqualTo(new CsvFileScan.Layout(2, 0, true));          // lone CRs
        assertThat(layout("a,b\n1,\"x\ny\n\"\n\n")).isEqualTo(new CsvFileScan.Layout(5, 2, true)); // a blank line
        assertThat(layout("a,b\n1,\"say \"\"hi\"\", #1\"\n")).isEqualTo(new CsvFileScan.Layout(2, 0, true));
    }

    @Test
    void findsWhatOnlyTheJavaReaderReadsItsOwnWay() throws IOException {
        assertThat(layout("a,b\n1, \"x\"\n").plain()).isFalse();       // a blank before a quote
        assertThat(layout("a,b\n1,\"x\" \n").plain()).isFalse();       // and after
        assertThat(layout("a,b\n1,x\"y\n").plain()).isFalse();         // a quote inside an unquoted field
        assertThat(layout("a,b\n1,\"x\r\ny\"\n").plain()).isFalse();   // a carriage return inside quotes
        assertThat(layout("a,b\n#1,2\n").plain()).isFalse();           // a comment line
        assertThat(layout("# made today\na,b\n1,2\n").plain()).isFalse();
        assertThat(layout("a,b\n1,2\\ \n3,4\n").plain()).isFalse();    // a continued line
        assertThat(layout("a,b\n1,\"x").plain()).isFalse();            // unterminated
        assertThat(layout("a,b\n1,\"x\\\ny\"\n").plain()).isTrue();    // a backslash inside quotes is text
        assertThat(layout("a,b\n1,x#\n").plain()).isTrue();
    }

    @Test
    void readsBackTheRecordsStartingOnTheWantedLines() throws IOException {
        Path file = dir.resolve("r.csv");
        Files.writeString(file, "a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n3,w\r\n");
        TreeMap<Long, Integer> wanted = new TreeMap<>(Map.of(2L, 2, 5L, 1));
        assertThat(CsvFileScan.records(file, wanted)).isEqualTo(Map.of(2L, "1,\"x\ny\"", 5L, "3,w"));
    }
}
