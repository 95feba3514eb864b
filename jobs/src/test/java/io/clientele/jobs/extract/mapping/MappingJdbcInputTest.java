package io.clientele.jobs.extract.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.extract.ThrowawayPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that are a table or a query of the operational database, a real PostgreSQL
 * ({@link ThrowawayPostgres}) in a layout of its own, mapped onto the contract's complaints.
 */
class MappingJdbcInputTest {

    @RegisterExtension
    static final ThrowawayPostgres POSTGRES = new ThrowawayPostgres();

    @TempDir
    Path dir;

    @BeforeAll
    static void tickets() throws Exception {
        try (Connection c = POSTGRES.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA crm");
            s.execute("CREATE TABLE crm.tickets (id integer PRIMARY KEY, client text, opened timestamptz,"
                    + " state text, refund numeric(10,2), kind text)");
            s.execute("INSERT INTO crm.tickets VALUES"
                    + " (1, 'C01', '2026-03-01 10:00:00+01', 'Closed', 12.50, 'complaint'),"
                    + " (2, 'C02', '2026-07-01 08:30:00+02', 'New', NULL, 'question'),"
                    + " (3, 'C01', '2026-03-02 09:15:00+00', 'New', 0, 'complaint')");
        }
    }

    private List<List<String>> rows(String yaml) throws IOException {
        Path file = dir.resolve("crm.yml");
        Files.writeString(file, yaml);
        SourceMapping mapping = MappingFile.read(file);
        RawDatabase database = POSTGRES::connect;
        MappingCheck.check(file, null, database);
        try (MappedRows mapped = MappedRows.open(mapping, "complaints", null, database)) {
            return MappedRowsTest.text(mapped);
        }
    }

    @Test
    void aTable() throws IOException {
        // contract order: complaint_id, customer_id, received_at, channel, status, compensation_amount;
        // a timestamp with time zone comes as UTC text with its offset, which the validation reads
        assertThat(rows("""
                        inputs:
                          tickets: {table: crm.tickets}
                        sources:
                          complaints:
                            from: tickets
                            where: kind = 'complaint'
                            columns:
                              complaint_id: "'K' || id"
                              customer_id: client
                              received_at: opened
                              channel: "'email'"
                              status: state
                              compensation_amount: refund
                            values:
                              status: {Closed: resolved, New: open}
                        """))
                .containsExactly(
                        List.of(
                                "jdbc:crm.tickets",
                                "1",
                                "K1",
                                "C01",
                                "2026-03-01T09:00:00Z",
                                "email",
                                "resolved",
                                "12.50"),
                        List.of("jdbc:crm.tickets", "3", "K3", "C01", "2026-03-02T09:15:00Z", "email", "open", "0.00"));
    }

    @Test
    void aQuery() throws IOException {
        assertThat(rows("""
                        inputs:
                          open_tickets:
                            query: SELECT id, client, opened FROM crm.tickets WHERE state = 'New' ORDER BY id
                        sources:
                          complaints:
                            from: open_tickets
                            columns:
                              complaint_id: id
                              customer_id: client
                              received_at: opened
                              channel: "'web'"
                        """))
                .containsExactly(
                        List.of("jdbc:open_tickets", "1", "2", "C02", "2026-07-01T06:30:00Z", "web"),
                        List.of("jdbc:open_tickets", "2", "3", "C01", "2026-03-02T09:15:00Z", "web"));
    }
}
