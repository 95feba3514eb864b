package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 4180 records, worked out by hand from the RFC's rules. */
class CsvRecordSplitterTest {

    @Test
    void splitsPlainAndQuotedFields() {
        assertThat(CsvRecordSplitter.split("a,b,c")).containsExactly("a", "b", "c");
        assertThat(CsvRecordSplitter.split("\"Lund, Ada\",DK")).containsExactly("Lund, Ada", "DK");
        assertThat(CsvRecordSplitter.split("\"she said \"\"hi\"\"\",x")).containsExactly("she said \"hi\"", "x");
        assertThat(CsvRecordSplitter.split("\"two\nlines\",x")).containsExactly("two\nlines", "x");
    }

    @Test
    void keepsEmptyFieldsIncludingTheLast() {
        assertThat(CsvRecordSplitter.split("a,,")).containsExactly("a", "", "");
        assertThat(CsvRecordSplitter.split(",")).containsExactly("", "");
        assertThat(CsvRecordSplitter.split("")).containsExactly("");
        assertThat(CsvRecordSplitter.split("\"\",x")).containsExactly("", "x");
    }

    @Test
    void takesAQuoteInsideAnUnquotedFieldAsText() {
        assertThat(CsvRecordSplitter.split("1,Pizza 12\" Co,x\"")).containsExactly("1", "Pizza 12\" Co", "x\"");
        assertThat(CsvRecordSplitter.split("a\"b\"c, \"d\"")).containsExactly("a\"b\"c", " \"d\"");
    }

    @Test
    void refusesBrokenQuoting() {
        assertThatThrownBy(() -> CsvRecordSplitter.split("\"open,x")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> CsvRecordSplitter.split("\"a\"b,c")).hasMessageContaining("closing quote of field 1");
    }
}
