package io.clientele.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clientele.schemas.SourceContracts;
import org.junit.jupiter.api.Test;

/** Each simulator writes its rows in the column order of its source contract (schemas/sources/*.json). */
class WrittenColumnsTest {

    @Test
    void everySourceIsWrittenInItsContractsColumnOrder() {
        assertEquals(Chunk.SOURCES.length, DemoExtractGenerator.WRITTEN_COLUMNS.size());
        for (int s = 0; s < Chunk.SOURCES.length; s++) {
            assertEquals(
                    SourceContracts.get(Chunk.SOURCES[s]).columnNames(),
                    DemoExtractGenerator.WRITTEN_COLUMNS.get(s),
                    Chunk.SOURCES[s]);
        }
    }

    @Test
    void theHeadersAreTheContractsColumns() {
        assertEquals("month,channel,amount", DemoExtractGenerator.headers().get(Chunk.MARKETING_SPEND));
        assertEquals(
                String.join(",", OrderSimulator.ORDER_COLUMNS),
                DemoExtractGenerator.headers().get(Chunk.ORDERS));
    }
}
