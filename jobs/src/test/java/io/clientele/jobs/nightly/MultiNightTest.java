package io.clientele.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nights in a row, each with only that night's changes (docs/contract.md §1, §4.1–4.2):
 * upserts by natural key, a late-arriving customer completing its inferred member, an
 * attribute change opening a new SCD type 2 version, and a backfill reproducing a night.
 */
class MultiNightTest {

    static final String CUSTOMERS = "customer_id,name,email,phone,country,city,customer_type,acquisition_channel,"
            + "account_owner,created_at,updated_at\n";
    static final String ORDERS = "order_id,customer_id,order_ts,channel,status,updated_at\n";
    static final String LINES = "order_id,line_no,product_id,quantity,unit_price,discount_amount\n";

    @TempDir
    Path dir;

    private Path night(String name, String customers, String orders, String lines) throws IOException {
        Path inbox = Files.createDirectories(dir.resolve(name));
        if (customers != null) {
            Files.writeString(inbox.resolve("customers.csv"), CUSTOMERS + customers);
        }
        Files.writeString(inbox.resolve("orders.csv"), ORDERS + orders);
        Files.writeString(inbox.resolve("order_lines.csv"), LINES + lines);
        return inbox;
    }

    private void run(String date, Path inbox, String warehouse) {
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        date,
                        "--inbox",
                        inbox.toString(),
                        "--warehouse",
                        dir.resolve(warehouse).toString()))
                .isZero();
    }

    @Test
    void lateCustomersAttributeChangesAndUpsertsAcrossNights() throws IOException {
        // night 1: A is known; B orders before its customers row exists (an inferred member)
        Path n1 = night(
                "n1",
                "A,Ann,,,DK,Aarhus,B2C,organic,Mia,2026-01-01T08:00:00,2026-01-01T08:00:00\n",
                "O1,A,2026-01-02T10:00:00,web,,2026-01-02T10:00:00\nO2,B,2026-01-02T11:00:00,web,,2026-01-02T11:00:00\n",
                "O1,1,P1,1,10.00,\nO2,1,P1,2,10.00,\n");
        // night 2: B's customers row arrives; A moves to owner Bo; O1 is returned (a later version of O1)
        Path n2 = night(
                "n2",
                "B,Ben,,,SE,Lund,B2B,partner,Ola,2025-12-30T08:00:00,2026-01-03T09:00:00\n"
                        + "A,Ann,,,DK,Aarhus,B2C,organic,Bo,2026-01-01T08:00:00,2026-01-03T12:00:00\n",
                "O1,A,2026-01-02T10:00:00,web,returned,2026-01-03T12:30:00\nO3,A,2026-01-03T15:00:00,web,,2026-01-03T15:00:00\n",
                "O3,1,P1,3,10.00,\n");
        run("2026-01-02", n1, "wh");
        PublishedWarehouse wh = new PublishedWarehouse(dir.resolve("wh"));
        assertThat(wh.rows("SELECT customer_id, is_inferred, account_owner FROM dim_customer ORDER BY 1"))
                .containsExactly(List.of("A", "false", "Mia"), List.of("B", "true", "NULL"));

        run("2026-01-03", n2, "wh");
        // B is completed by its late row (no longer inferred); A has two versions, the second
        // opened by the owner change at its updated_at
        assertThat(wh.rows("""
                SELECT customer_id, account_owner, is_inferred, is_current, CAST(valid_from AS VARCHAR),
                       CAST(valid_to AS VARCHAR)
                FROM dim_customer ORDER BY customer_id, valid_from"""))
                .containsExactly(
                        List.of("A", "Mia", "false", "false", "2026-01-01 08:00:00", "2026-01-03 12:00:00"),
                        List.of("A", "Bo", "false", "true", "2026-01-03 12:00:00", "NULL"),
                        List.of("B", "Ola", "false", "true", "2025-12-30 08:00:00", "NULL"));
        // O1 is one order, now returned (not a purchase); O2 stays; O3 is new: 3 orders, A's
        // purchases are O3 only (30), B's O2 (20)
        assertThat(
                        wh.rows(
                                "SELECT order_id, status, is_purchase, CAST(net_revenue AS DECIMAL(18,2)) FROM fact_order ORDER BY 1"))
                .containsExactly(
                        List.of("O1", "returned", "false", "10"),
                        List.of("O2", "completed", "true", "20"),
                        List.of("O3", "completed", "true", "30"));
        // each order is keyed to the version of its customer at the time it was placed
        assertThat(wh.rows("""
                SELECT o.order_id, c.account_owner FROM fact_order o JOIN dim_customer c USING (customer_key)
                ORDER BY 1""")).containsExactly(List.of("O1", "Mia"), List.of("O2", "Ola"), List.of("O3", "Bo"));
        assertThat(
                        wh.rows(
                                "SELECT customer_id, orders, CAST(revenue AS DECIMAL(18,2)) FROM mart_customer_value ORDER BY 1"))
                .containsExactly(List.of("A", "1", "30"), List.of("B", "1", "20"));
    }

    @Test
    void aBackfillOverALaterExtractReproducesTheNight() throws IOException {
        String customers = "A,Ann,,,DK,Aarhus,B2C,organic,Mia,2026-01-01T08:00:00,\n";
        Path early = night("early", customers, "O1,A,2026-01-02T10:00:00,web,,\n", "O1,1,P1,1,10.00,\n");
        // the later extract holds the same history plus what happened after 01-02
        Path later = night(
                "later",
                customers + "B,Ben,,,SE,Lund,B2B,partner,Ola,2026-01-05T08:00:00,\n",
                "O1,A,2026-01-02T10:00:00,web,,\nO2,B,2026-01-05T10:00:00,web,,\nO3,A,2026-01-06T10:00:00,web,,\n",
                "O1,1,P1,1,10.00,\nO2,1,P1,1,20.00,\nO3,1,P1,1,30.00,\n");
        run("2026-01-02", early, "that-night");
        run("2026-01-02", later, "backfill");
        var thatNight = new PublishedWarehouse(dir.resolve("that-night")).contents();
        var backfill = new PublishedWarehouse(dir.resolve("backfill")).contents();
        for (String table : List.of(
                "fact_order",
                "fact_order_line",
                "mart_customer_value",
                "mart_cohort_retention",
                "fact_customer_month")) {
            assertThat(backfill.get(table)).as(table).isEqualTo(thatNight.get(table));
        }
    }
}
