package io.clientele.jobs.marts;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mart_customer_value and the repeat purchase rate of mart_churn_monthly, checked against
 * numbers worked out by hand (inactivity-days = 30 throughout, as in NightlyJobEndToEndTest).
 *
 * <p>The three-months fixture (src/test/resources/fixtures/three-months), D = 2026-04-02:
 * <pre>
 * purchases by D (completed, net revenue &gt; 0):
 *   C01 01-05 100, 02-10 50, 03-15 70 → 3 orders, 220     C02 01-10 200 → 1, 200
 *   C03 01-20 80, 03-05 40 → 2, 120                        C04 02-03 30 → 1, 30 (01-25 cancelled)
 *   C05 02-01 120, 02-20 30 → 2, 150                       C07 02-28 45 → 1, 45
 *   C08 03-02 300 → 1, 300      C09 03-31 25 → 1, 25       C10 03-10 55 → 1, 55 (01-15 nets 0)
 *   C12 04-01 30 → 1, 30        C06 (returned only), C11 (contract only): prospects
 *   10 purchasers, total revenue 1175
 * recency_days = D − last purchase (Apr 2):
 *   C01 03-15 → 16 + 2 = 18   C02 01-10 → 21 + 28 + 31 + 2 = 82   C03 03-05 → 26 + 2 = 28
 *   C04 02-03 → 25 + 31 + 2 = 58   C05 02-20 → 8 + 31 + 2 = 41   C07 02-28 → 0 + 31 + 2 = 33
 *   C08 03-02 → 29 + 2 = 31   C09 03-31 → 2   C10 03-10 → 21 + 2 = 23   C12 04-01 → 1
 * scores: 1 + floor(5 × worse / 10) = 1 + floor(worse / 2)
 *   R (worse = strictly older last purchase): C02 0 → 1, C04 1 → 1, C05 2 → 2, C07 3 → 2, C08 4 → 3,
 *     C03 5 → 3, C10 6 → 4, C01 7 → 4, C09 8 → 5, C12 9 → 5
 *   F (worse = fewer orders): 1 order (7 customers) 0 → 1; 2 orders (C03, C05) 7 → 1 + floor(3.5) = 4;
 *     C01 3 orders 9 → 1 + floor(4.5) = 5
 *   M (worse = less revenue): C09 25 0 → 1; C04, C12 30 1 → 1; C07 45 3 → 2; C10 55 4 → 3;
 *     C03 120 5 → 3; C05 150 6 → 4; C02 200 7 → 4; C01 220 8 → 5; C08 300 9 → 5
 * rfm_segment (README table): C01 R4 F5 loyal_customers; C02 R1 F1 hibernating; C03 R3 F4
 *   loyal_customers; C05 R2 F4 at_risk; C08 R3 F1 about_to_sleep; C09 R5 F1 new_customers;
 *   C10 R4 F1 promising
 * value_decile = 1 + whole tenths of 1175 made by customers with strictly more revenue:
 *   C08 above 0 → 1; C01 above 300: 3000/1175 = 2.55 → 3; C02 above 520: 4.43 → 5;
 *   C05 above 720: 6.13 → 7; C03 above 870: 7.40 → 8; C10 above 990: 8.43 → 9;
 *   C04 above 1090: 9.28 → 10; C09 above 1150: 9.79 → 10
 * is_top20: every purchase is within the 12 months up to D, 10 buyers; 5 × (strictly more) &lt; 10
 *   → strictly more &lt; 2: C08 (0) and C01 (1); C02 has 2 above it → false
 * lifecycle_stage (active on D: D − last purchase &lt; 30, or a contract):
 *   active on D: C01 18, C03 28, C09 2, C10 23, C12 1; not: C02 82, C04 58, C05 41, C07 33, C08 31,
 *   C11 (contract cancelled 02-15)
 *   C03 was inactive on Feb 28 (39 days) → won_back; C01 active at every month end → active;
 *   C09, C10 first active in March, active on Mar 31 → active; C12 (April only) → active;
 *   C05 has an open complaint but is not active → churned; C06, C11 never bought → prospect
 *   → active 4 (C01, C09, C10, C12), won_back 1 (C03), churned 5 (C02, C04, C05, C07, C08),
 *     prospect 2 (C06, C11), dissatisfied 0
 * tenure_days = D − date(created_at): C01 01-02 → 29 + 28 + 31 + 2 = 90; C08 01-09 → 22 + 28 + 31 + 2 = 83;
 *   C11 01-01 → 91; C12 03-20 → 11 + 2 = 13
 * segment_clv: the last month end on or before D − 12 months is 2025-03-31; nobody was active
 *   then (the data starts in 2026) → segment_annual_churn_rate and segment_clv null everywhere.
 * </pre>
 */
class CustomerValueMartTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    @TempDir
    static Path dir;

    static PublishedWarehouse threeMonths;

    @BeforeAll
    static void runTheNight() {
        System.setProperty("clientele.inactivity-days", "30");
        Path warehouse = dir.resolve("three-months");
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-04-02",
                        "--inbox",
                        FIXTURE.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .isZero();
        threeMonths = new PublishedWarehouse(warehouse);
    }

    @AfterAll
    static void defaults() {
        System.clearProperty("clientele.inactivity-days");
    }

    @Test
    void scoresSegmentsAndStagesMatchTheHandComputedNumbers() {
        assertThat(threeMonths.rows("""
                SELECT customer_id, orders, CAST(revenue AS DECIMAL(18,2)), recency_days, r_score, f_score, m_score,
                       rfm_segment, value_decile, is_top20, lifecycle_stage
                FROM mart_customer_value
                WHERE customer_id IN ('C01', 'C02', 'C03', 'C05', 'C08', 'C09', 'C10') ORDER BY customer_id"""))
                .containsExactly(
                        List.of("C01", "3", "220", "18", "4", "5", "5", "loyal_customers", "3", "true", "active"),
                        List.of("C02", "1", "200", "82", "1", "1", "4", "hibernating", "5", "false", "churned"),
                        List.of("C03", "2", "120", "28", "3", "4", "3", "loyal_customers", "8", "false", "won_back"),
                        List.of("C05", "2", "150", "41", "2", "4", "4", "at_risk", "7", "false", "churned"),
                        List.of("C08", "1", "300", "31", "3", "1", "5", "about_to_sleep", "1", "true", "churned"),
                        List.of("C09", "1", "25", "2", "5", "1", "1", "new_customers", "10", "false", "active"),
                        List.of("C10", "1", "55", "23", "4", "1", "3", "promising", "9", "false", "active"));

        // tie: C04 and C12 both 30 → the same m_score 1 and decile 10
        assertThat(threeMonths.rows("""
                SELECT customer_id, recency_days, r_score, m_score, value_decile FROM mart_customer_value
                WHERE customer_id IN ('C04', 'C12') ORDER BY customer_id"""))
                .containsExactly(List.of("C04", "58", "1", "1", "10"), List.of("C12", "1", "5", "1", "10"));

        assertThat(threeMonths.rows("""
                SELECT customer_id, tenure_days FROM mart_customer_value
                WHERE customer_id IN ('C01', 'C08', 'C11', 'C12') ORDER BY customer_id"""))
                .containsExactly(
                        List.of("C01", "90"), List.of("C08", "83"), List.of("C11", "91"), List.of("C12", "13"));

        // prospects: no scores, no segment
        assertThat(threeMonths.rows("""
                SELECT customer_id, r_score, f_score, m_score, rfm_segment, value_decile, is_top20, segment_clv
                FROM mart_customer_value WHERE orders = 0 ORDER BY customer_id"""))
                .containsExactly(
                        List.of("C06", "NULL", "NULL", "NULL", "NULL", "NULL", "false", "NULL"),
                        List.of("C11", "NULL", "NULL", "NULL", "NULL", "NULL", "false", "NULL"));

        assertThat(threeMonths.rows("""
                SELECT lifecycle_stage, count(*) FROM mart_customer_value GROUP BY lifecycle_stage ORDER BY 1"""))
                .containsExactly(
                        List.of("active", "4"),
                        List.of("churned", "5"),
                        List.of("prospect", "2"),
                        List.of("won_back", "1"));

        assertThat(threeMonths.rows("""
                SELECT count(*) FROM mart_customer_value
                WHERE segment_clv IS NOT NULL OR segment_annual_churn_rate IS NOT NULL""")).containsExactly(List.of("0"));
    }

    @Test
    void repeatPurchaseRateMatchesTheHandComputedNumbers() {
        // purchasers of the month, repeat = first purchase ever before the month's first day:
        //   Jan: C01, C02, C03 — all first → 0/3 = 0
        //   Feb: C01 (first 01-05: repeat), C04, C05 (twice, both in Feb: not repeat), C07 (02-28 23:30 UTC)
        //        → 1/4 = 0.25
        //   Mar: C01 (repeat), C03 (first 01-20: repeat), C08, C09 (03-31 22:00 UTC), C10 (its 01-15 order
        //        nets 0, so its first purchase is 03-10: not repeat) → 2/5 = 0.4
        assertThat(threeMonths.rows("""
                SELECT CAST(month AS VARCHAR), repeat_purchase_rate FROM mart_churn_monthly
                WHERE segment_kind = 'all' AND segment = 'all' ORDER BY month"""))
                .containsExactly(
                        List.of("2026-01-01", "0"), List.of("2026-02-01", "0.25"), List.of("2026-03-01", "0.4"));
        // by customer_type in March: B2C {C01 repeat, C09, C10} → 1/3; B2B {C03 repeat, C08} → 1/2
        assertThat(threeMonths.rows("""
                SELECT segment, repeat_purchase_rate FROM mart_churn_monthly
                WHERE segment_kind = 'customer_type' AND month = DATE '2026-03-01' ORDER BY segment""")).containsExactly(List.of("B2B", "0.5"), List.of("B2C", "0.333333333"));
    }

    /**
     * A small extract written here, spanning more than a year, run for D = 2026-03-31 (a month
     * end, so the churn year runs from the snapshot of 2025-03-31 to D). Six customers, all
     * created 2025-01-01 → tenure 2026-03-31 − 2025-01-01 = 365 + 31 + 28 + 30 = 454 days.
     * <pre>
     *   V1 2025-03-20 100, 2026-03-25 100     V2 2025-03-25 50, 2026-03-20 150
     *   V3 2025-03-10 200                     V4 2025-03-15 60, 2025-06-01 40
     *   V5 2026-03-30 80                      V6 2025-03-05 30, and a contract from 2025-01-01, open-ended
     * scores over 6 purchasers: 1 + floor(5 × worse / 6)
     *   R: V6 0 → 1, V3 1 → 1, V4 2 → 2, V2 3 → 3, V1 4 → 4, V5 5 → 5
     *   F: one order (V3, V5, V6) 0 → 1; two orders (V1, V2, V4) 3 → 1 + floor(15/6) = 3
     *   segments: V3, V6 hibernating; V4 at_risk; V2 need_attention; V1 potential_loyalists; V5 new_customers
     * active on 2025-03-31 (&lt; 30 days or contract): V1 (11 d), V2 (6), V3 (21), V4 (16), V6 (contract); V5 not yet
     * active on D: V1 (6), V2 (11), V5 (1), V6 (contract); V3, V4 not
     *   hibernating: active then V3, V6; lost V3 → churn 1/2 = 0.5
     *     avg order value (200 + 30) / 2 orders = 115; purchases per year 2 / ((454 + 454) / 365.25)
     *     CLV = 115 × 2 × 365.25 / 908 / 0.5 = 230 × 365.25 / 454 = 185.038546256
     *   at_risk: V4 active then, lost → churn 1; aov 100 / 2 = 50; 2 / (454 / 365.25) per year
     *     CLV = 50 × 2 × 365.25 / 454 / 1 = 80.45154185
     *   need_attention (V2), potential_loyalists (V1): active then and now → churn 0 → CLV null
     *   new_customers (V5): nobody active then → churn null → CLV null
     * </pre>
     */
    @Test
    void segmentClvMatchesTheHandComputedNumbers() throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("clv-inbox"));
        Files.writeString(inbox.resolve("customers.csv"), """
                customer_id,name,email,phone,country,city,customer_type,acquisition_channel,account_owner,created_at,updated_at
                V1,Val One,,,DK,Aarhus,B2C,organic,Mia,2025-01-01T08:00:00,
                V2,Val Two,,,DK,Aarhus,B2C,organic,Mia,2025-01-01T08:00:00,
                V3,Val Three,,,DK,Aarhus,B2C,organic,Mia,2025-01-01T08:00:00,
                V4,Val Four,,,DK,Aarhus,B2C,organic,Mia,2025-01-01T08:00:00,
                V5,Val Five,,,DK,Aarhus,B2C,organic,Mia,2025-01-01T08:00:00,
                V6,Val Six,,,DK,Aarhus,B2B,partner,Noah,2025-01-01T08:00:00,
                """);
        Files.writeString(inbox.resolve("orders.csv"), """
                order_id,customer_id,order_ts,channel,status,updated_at
                W1,V1,2025-03-20T10:00:00,web,completed,
                W2,V1,2026-03-25T10:00:00,web,completed,
                W3,V2,2025-03-25T10:00:00,web,completed,
                W4,V2,2026-03-20T10:00:00,web,completed,
                W5,V3,2025-03-10T10:00:00,web,completed,
                W6,V4,2025-03-15T10:00:00,web,completed,
                W7,V4,2025-06-01T10:00:00,web,completed,
                W8,V5,2026-03-30T10:00:00,web,completed,
                W9,V6,2025-03-05T10:00:00,web,completed,
                """);
        Files.writeString(inbox.resolve("order_lines.csv"), """
                order_id,line_no,product_id,quantity,unit_price,discount_amount
                W1,1,P1,1,100.00,
                W2,1,P1,1,100.00,
                W3,1,P1,1,50.00,
                W4,1,P1,1,150.00,
                W5,1,P1,1,200.00,
                W6,1,P1,1,60.00,
                W7,1,P1,1,40.00,
                W8,1,P1,1,80.00,
                W9,1,P1,1,30.00,
                """);
        Files.writeString(inbox.resolve("contracts.csv"), """
                contract_id,customer_id,product_id,start_date,end_date,cancelled_at,cancel_reason,monthly_fee,updated_at
                K1,V6,P1,2025-01-01,,,,29.00,
                """);
        Files.writeString(inbox.resolve("products.csv"), """
                product_id,name,category,list_price,updated_at
                P1,Widget,hardware,50.00,
                """);
        for (String headerOnly : List.of(
                "complaints.csv:complaint_id,customer_id,order_id,received_at,channel,category,severity,status,justified,resolved_at,compensation_amount,root_cause,updated_at",
                "interactions.csv:interaction_id,customer_id,occurred_at,channel,direction,topic,agent_id",
                "marketing_spend.csv:month,channel,amount",
                "surveys.csv:response_id,customer_id,responded_at,kind,score,touchpoint,related_id")) {
            String[] parts = headerOnly.split(":", 2);
            Files.writeString(inbox.resolve(parts[0]), parts[1] + "\n");
        }
        Path warehouse = dir.resolve("clv");
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-03-31",
                        "--inbox",
                        inbox.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .isZero();

        assertThat(new PublishedWarehouse(warehouse).rows("""
                SELECT customer_id, r_score, f_score, rfm_segment, segment_annual_churn_rate, segment_clv
                FROM mart_customer_value ORDER BY customer_id"""))
                .containsExactly(
                        List.of("V1", "4", "3", "potential_loyalists", "0", "NULL"),
                        List.of("V2", "3", "3", "need_attention", "0", "NULL"),
                        List.of("V3", "1", "1", "hibernating", "0.5", "185.038546256"),
                        List.of("V4", "2", "3", "at_risk", "1", "80.45154185"),
                        List.of("V5", "5", "1", "new_customers", "NULL", "NULL"),
                        List.of("V6", "1", "1", "hibernating", "0.5", "185.038546256"));
    }
}
