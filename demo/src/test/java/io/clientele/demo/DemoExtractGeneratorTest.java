package io.clientele.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo extract obeys the source contracts and behaves like a business: properties are
 * checked statistically on 2,000 customers, never against remembered outputs.
 */
class DemoExtractGeneratorTest {

    private static final LocalDate RUN_DATE = LocalDate.of(2025, 6, 30);
    private static final int CUSTOMERS = 2_000;
    private static final DemoOptions OPTIONS = new DemoOptions(CUSTOMERS, 42L, RUN_DATE);
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d{2}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    @TempDir
    static Path tmp;

    private static Path inbox;
    private static DemoExtract extract;
    private static Map<String, Table> tables;

    @BeforeAll
    static void generate() throws IOException {
        inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("stale.csv"), "left over from an earlier run\n");
        Files.writeString(inbox.resolve("notes.txt"), "not an extract file\n");
        extract = new DemoExtractGenerator().generate(inbox, OPTIONS);
        tables = new LinkedHashMap<>();
        for (SourceContract source : SourceContracts.all()) {
            tables.put(source.source(), Table.read(inbox.resolve(source.source() + ".csv")));
        }
    }

    // ------------------------------------------------------------ files and determinism

    @Test
    void writesExactlyTheNineSourceFilesAndKeepsOtherFiles() throws IOException {
        Set<String> csv = new HashSet<>();
        try (Stream<Path> files = Files.list(inbox)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".csv"))
                    .forEach(csv::add);
        }
        Set<String> expected = new HashSet<>();
        SourceContracts.all().forEach(s -> expected.add(s.source() + ".csv"));
        assertEquals(9, expected.size());
        assertEquals(expected, csv);
        assertTrue(Files.exists(inbox.resolve("notes.txt")));
    }

    @Test
    void sameSeedGivesTheSameBytesWhateverTheThreadCount() throws IOException {
        Path again = tmp.resolve("again");
        new DemoExtractGenerator(1).generate(again, OPTIONS);
        for (SourceContract source : SourceContracts.all()) {
            String file = source.source() + ".csv";
            assertEquals(-1L, Files.mismatch(inbox.resolve(file), again.resolve(file)), file);
        }
    }

    @Test
    void differentSeedGivesDifferentData() throws IOException {
        Path other = tmp.resolve("other");
        new DemoExtractGenerator().generate(other, new DemoOptions(CUSTOMERS, 43L, RUN_DATE));
        for (String file : List.of("customers.csv", "orders.csv", "order_lines.csv", "complaints.csv")) {
            assertNotEquals(-1L, Files.mismatch(inbox.resolve(file), other.resolve(file)), file);
        }
    }

    @Test
    void reportedCountsMatchTheFiles() {
        assertEquals(tables.get("customers").rows.size(), extract.customers());
        assertEquals(tables.get("products").rows.size(), extract.products());
        assertEquals(tables.get("contracts").rows.size(), extract.contracts());
        assertEquals(tables.get("interactions").rows.size(), extract.interactions());
        assertEquals(tables.get("orders").rows.size(), extract.orders());
        assertEquals(tables.get("order_lines").rows.size(), extract.orderLines());
        assertEquals(tables.get("complaints").rows.size(), extract.complaints());
        assertEquals(tables.get("surveys").rows.size(), extract.surveys());
        assertEquals(tables.get("marketing_spend").rows.size(), extract.marketingSpend());
        assertEquals(CUSTOMERS, extract.customers());
        assertTrue(extract.toString().startsWith("2,000 customers, "), extract.toString());
        assertFalse(extract.toString().contains("\n"));
    }

    // ------------------------------------------------------------ the next day's delta

    @Test
    void nextDayDeltaHoldsOnlyThatDaysNewAndChangedRowsAndLeavesTheHistoryAsItWas() throws IOException {
        Path history = tmp.resolve("history");
        Path delta = tmp.resolve("delta");
        DemoExtractGenerator.WithNextDay written = new DemoExtractGenerator().generate(history, OPTIONS, delta);
        Path again = tmp.resolve("delta-again");
        new DemoExtractGenerator(1).generate(tmp.resolve("history-again"), OPTIONS, again);
        String nextDay = RUN_DATE.plusDays(1).toString();
        // the history is byte-identical to an extract written without a delta; the delta is deterministic
        for (SourceContract source : SourceContracts.all()) {
            String file = source.source() + ".csv";
            assertEquals(-1L, Files.mismatch(inbox.resolve(file), history.resolve(file)), file);
            assertEquals(Files.exists(delta.resolve(file)), Files.exists(again.resolve(file)), file);
            if (Files.exists(delta.resolve(file))) {
                assertEquals(-1L, Files.mismatch(delta.resolve(file), again.resolve(file)), file);
            }
        }
        assertFalse(Files.exists(delta.resolve("products.csv")), "no product changes that day");
        assertEquals(
                written.nextDay().orders(),
                Table.read(delta.resolve("orders.csv")).rows.size());

        // every row is new or changed on the next day, per contract; changed rows differ from the history's
        Map<String, String> dayColumn = Map.of(
                "customers",
                "updated_at",
                "orders",
                "updated_at",
                "complaints",
                "updated_at",
                "contracts",
                "updated_at",
                "interactions",
                "occurred_at",
                "surveys",
                "responded_at");
        int changed = 0;
        for (Map.Entry<String, String> e : dayColumn.entrySet()) {
            if (!Files.exists(delta.resolve(e.getKey() + ".csv"))) {
                assertFalse(List.of("customers", "orders").contains(e.getKey()), e.getKey() + " missing");
                continue;
            }
            SourceContract source = SourceContracts.get(e.getKey());
            Table rows = Table.read(delta.resolve(e.getKey() + ".csv"));
            assertEquals(source.columnNames(), rows.header, e.getKey());
            Map<String, List<String>> before = new HashMap<>();
            String key = source.columnNames().get(0);
            int k = tables.get(e.getKey()).header.indexOf(key);
            tables.get(e.getKey()).rows.forEach(row -> before.put(row.get(k), row));
            for (List<String> row : rows.rows) {
                for (int i = 0; i < row.size(); i++) {
                    checkValue(source, source.columns().get(i), row.get(i), row, RUN_DATE.plusDays(1));
                }
                assertTrue(row.get(rows.header.indexOf(e.getValue())).startsWith(nextDay), e.getKey() + ": " + row);
                if (before.containsKey(row.get(0))) {
                    assertNotEquals(before.get(row.get(0)), row, e.getKey());
                    changed++;
                }
            }
        }
        assertTrue(changed > 0, "some rows of the history change (returns, closed complaints, cancellations, SCD2)");
        // new orders are dated that day and their lines come with them
        Set<String> newOrders = new HashSet<>();
        for (Map<String, String> order : Table.read(delta.resolve("orders.csv")).records()) {
            if (order.get("order_ts").startsWith(nextDay)) {
                newOrders.add(order.get("order_id"));
            }
        }
        assertEquals(
                newOrders,
                new HashSet<>(Table.read(delta.resolve("order_lines.csv")).values("order_id")));
        // a day's share of the history: about a thousandth (the business grows, so a little more at the end)
        double share = (double) newOrders.size() / extract.orders();
        assertTrue(share > 1.0 / 5000 && share < 1.0 / 200, "share of orders " + share);
        // sign-ups: new ids after the history's customers, created that day
        for (Map<String, String> customer :
                Table.read(delta.resolve("customers.csv")).records()) {
            int number = Integer.parseInt(customer.get("customer_id").substring(1));
            assertEquals(number > CUSTOMERS, customer.get("created_at").startsWith(nextDay), customer.toString());
        }
    }

    // ------------------------------------------------------------ the contract

    @Test
    void headersAreTheContractColumns() {
        for (SourceContract source : SourceContracts.all()) {
            assertEquals(source.columnNames(), tables.get(source.source()).header, source.source());
        }
    }

    @Test
    void everyFileHasRowsAndEveryRowParsesPerContract() {
        for (SourceContract source : SourceContracts.all()) {
            Table table = tables.get(source.source());
            assertFalse(table.rows.isEmpty(), source.source() + " is empty");
            List<ColumnContract> columns = source.columns();
            for (List<String> row : table.rows) {
                assertEquals(columns.size(), row.size(), () -> source.source() + ": " + row);
                for (int i = 0; i < columns.size(); i++) {
                    checkValue(source, columns.get(i), row.get(i), row);
                }
            }
        }
    }

    private static void checkValue(SourceContract source, ColumnContract column, String value, List<String> row) {
        checkValue(source, column, value, row, RUN_DATE);
    }

    /** @param runDate the last day a date or timestamp may fall on */
    private static void checkValue(
            SourceContract source, ColumnContract column, String value, List<String> row, LocalDate runDate) {
        String where = source.source() + "." + column.name() + " = '" + value + "' in " + row;
        if (value.isEmpty()) {
            assertFalse(column.required(), "required but empty: " + where);
            return;
        }
        assertEquals(value.strip(), value, where);
        switch (column.type()) {
            case "string" -> {}
            case "integer" -> Long.parseLong(value);
            case "decimal" -> {
                assertTrue(DECIMAL.matcher(value).matches(), where);
                if (column.min() != null) {
                    assertTrue(Double.parseDouble(value) >= column.min(), "below min: " + where);
                }
            }
            case "date" -> {
                assertTrue(DATE.matcher(value).matches(), where);
                assertFalse(LocalDate.parse(value).isAfter(runDate), "after the run date: " + where);
            }
            case "timestamp" -> {
                assertTrue(TIMESTAMP.matcher(value).matches(), where);
                assertFalse(
                        LocalDateTime.parse(value).isAfter(runDate.atTime(23, 59, 59)), "after the run date: " + where);
            }
            case "boolean" -> assertTrue(value.equals("true") || value.equals("false"), where);
            case "month" -> {
                assertTrue(MONTH.matcher(value).matches(), where);
                assertFalse(YearMonth.parse(value).isAfter(YearMonth.from(runDate)), where);
            }
            default -> fail("unknown type " + column.type() + " of " + where);
        }
        if (!column.enumeration().isEmpty()) {
            assertTrue(column.enumeration().contains(value), "not in " + column.enumeration() + ": " + where);
        }
        if (column.rangeBy() != null) {
            int by = source.columnNames().indexOf(column.rangeBy().column());
            List<Double> range = column.rangeBy().ranges().get(row.get(by));
            assertNotNull(range, where);
            double number = Double.parseDouble(value);
            assertTrue(number >= range.get(0) && number <= range.get(1), "out of range " + range + ": " + where);
            assertEquals(Math.rint(number), number, where);
        }
    }

    @Test
    void idsAndReferencesHangTogether() {
        Set<String> customers = tables.get("customers").column("customer_id", Pattern.compile("C\\d{7}"));
        Set<String> products = tables.get("products").column("product_id", Pattern.compile("P\\d+"));
        Set<String> orders = tables.get("orders").column("order_id", Pattern.compile("O\\d+"));
        assertEquals(CUSTOMERS, customers.size());
        assertEquals(tables.get("products").rows.size(), products.size());
        tables.get("complaints").column("complaint_id", Pattern.compile("CP\\d+"));
        tables.get("surveys").column("response_id", Pattern.compile("R\\d+"));
        tables.get("contracts").column("contract_id", Pattern.compile("K\\d+"));
        tables.get("interactions").column("interaction_id", Pattern.compile("I\\d+"));
        for (String source : List.of("orders", "complaints", "surveys", "contracts", "interactions")) {
            assertTrue(customers.containsAll(tables.get(source).values("customer_id")), source);
        }
        assertTrue(orders.containsAll(tables.get("order_lines").values("order_id")));
        assertTrue(products.containsAll(tables.get("order_lines").values("product_id")));
        assertTrue(products.containsAll(tables.get("contracts").values("product_id")));
        Set<String> complaintOrders = new HashSet<>(tables.get("complaints").values("order_id"));
        complaintOrders.remove("");
        assertTrue(orders.containsAll(complaintOrders));
        // Natural keys are unique apart from the order upserts.
        for (String source : List.of("customers", "products", "complaints", "surveys", "contracts", "interactions")) {
            Table t = tables.get(source);
            String key = SourceContracts.get(source).naturalKey().get(0);
            assertEquals(t.rows.size(), new HashSet<>(t.values(key)).size(), source);
        }
        Set<String> lineKeys = new HashSet<>();
        for (Map<String, String> line : tables.get("order_lines").records()) {
            assertTrue(lineKeys.add(line.get("order_id") + "#" + line.get("line_no")));
        }
        Set<String> spendKeys = new HashSet<>();
        for (Map<String, String> spend : tables.get("marketing_spend").records()) {
            assertTrue(spendKeys.add(spend.get("month") + "#" + spend.get("channel")));
        }
    }

    @Test
    void rowsAreInternallyConsistent() {
        for (Map<String, String> c : tables.get("customers").records()) {
            assertFalse(ts(c.get("updated_at")).isBefore(ts(c.get("created_at"))), c.toString());
            if (c.get("customer_type").equals("B2B")) {
                assertFalse(c.get("account_owner").isEmpty(), c.toString());
            }
        }
        Map<String, Map<String, String>> finalOrders = finalOrders();
        for (Map<String, String> o : tables.get("orders").records()) {
            assertFalse(ts(o.get("updated_at")).isBefore(ts(o.get("order_ts"))), o.toString());
        }
        Map<String, Integer> lastLineNo = new HashMap<>();
        for (Map<String, String> line : tables.get("order_lines").records()) {
            int quantity = Integer.parseInt(line.get("quantity"));
            long unit = cents(line.get("unit_price"));
            long discount = line.get("discount_amount").isEmpty() ? 0 : cents(line.get("discount_amount"));
            assertNotEquals(0, quantity, line.toString());
            assertTrue(discount >= 0, line.toString());
            if (quantity > 0) {
                assertTrue(quantity * unit - discount >= 0, "negative revenue: " + line);
            } else {
                assertEquals("completed", finalOrders.get(line.get("order_id")).get("status"), line.toString());
            }
            int lineNo = Integer.parseInt(line.get("line_no"));
            assertEquals(lastLineNo.getOrDefault(line.get("order_id"), 0) + 1, lineNo, line.toString());
            lastLineNo.put(line.get("order_id"), lineNo);
        }
        for (Map<String, String> c : tables.get("complaints").records()) {
            boolean open = c.get("status").equals("open");
            assertEquals(open, c.get("justified").isEmpty(), c.toString());
            assertEquals(open, c.get("resolved_at").isEmpty(), c.toString());
            if (!open) {
                assertFalse(ts(c.get("resolved_at")).isBefore(ts(c.get("received_at"))), c.toString());
            }
            if (!c.get("compensation_amount").isEmpty()) {
                assertEquals("true", c.get("justified"), c.toString());
            }
        }
        for (Map<String, String> k : tables.get("contracts").records()) {
            assertEquals(k.get("cancelled_at").isEmpty(), k.get("cancel_reason").isEmpty(), k.toString());
            if (!k.get("end_date").isEmpty()) {
                assertTrue(LocalDate.parse(k.get("end_date")).isAfter(LocalDate.parse(k.get("start_date"))));
            }
        }
    }

    // ------------------------------------------------------------ realism

    @Test
    void complainersStopBuyingMoreOften() {
        LocalDateTime since = RUN_DATE.minusDays(180).atTime(23, 59, 59);
        Set<String> buyingRecently = new HashSet<>();
        for (Map<String, String> o : finalOrders().values()) {
            if (o.get("status").equals("completed") && ts(o.get("order_ts")).isAfter(since)) {
                buyingRecently.add(o.get("customer_id"));
            }
        }
        Set<String> complainers = new HashSet<>(tables.get("complaints").values("customer_id"));
        int complainersIdle = 0;
        int othersIdle = 0;
        for (String customer : tables.get("customers").values("customer_id")) {
            boolean idle = !buyingRecently.contains(customer);
            if (complainers.contains(customer)) {
                complainersIdle += idle ? 1 : 0;
            } else {
                othersIdle += idle ? 1 : 0;
            }
        }
        double complainerShare = (double) complainersIdle / complainers.size();
        double otherShare = (double) othersIdle / (CUSTOMERS - complainers.size());
        assertTrue(
                complainerShare > otherShare,
                "no purchase in 180 days: complainers " + complainerShare + ", others " + otherShare);
        double complainingCustomers = (double) complainers.size() / CUSTOMERS;
        assertTrue(complainingCustomers > 0.03 && complainingCustomers < 0.15, "complainers " + complainingCustomers);
    }

    @Test
    void complaintsMakeContractCustomersCancel() {
        Map<String, List<Map<String, String>>> contractsByCustomer = new HashMap<>();
        for (Map<String, String> k : tables.get("contracts").records()) {
            contractsByCustomer
                    .computeIfAbsent(k.get("customer_id"), c -> new ArrayList<>())
                    .add(k);
        }
        Map<String, List<LocalDateTime>> complaintsByCustomer = new HashMap<>();
        for (Map<String, String> c : tables.get("complaints").records()) {
            complaintsByCustomer
                    .computeIfAbsent(c.get("customer_id"), x -> new ArrayList<>())
                    .add(ts(c.get("received_at")));
        }
        // Contracts running when a complaint came in: how many were cancelled within 90 days.
        int afterComplaint = 0;
        int cancelledAfterComplaint = 0;
        // Contracts of customers who never complained: cancellations per 90 running days.
        double quietQuarters = 0;
        int quietCancelled = 0;
        for (Map.Entry<String, List<Map<String, String>>> e : contractsByCustomer.entrySet()) {
            List<LocalDateTime> complaints = complaintsByCustomer.get(e.getKey());
            for (Map<String, String> k : e.getValue()) {
                LocalDate start = LocalDate.parse(k.get("start_date"));
                LocalDateTime cancelled = k.get("cancelled_at").isEmpty() ? null : ts(k.get("cancelled_at"));
                LocalDate end = k.get("end_date").isEmpty() ? RUN_DATE : LocalDate.parse(k.get("end_date"));
                if (cancelled != null && cancelled.toLocalDate().isBefore(end)) {
                    end = cancelled.toLocalDate();
                }
                if (complaints == null) {
                    quietQuarters += (end.toEpochDay() - start.toEpochDay() + 1) / 90.0;
                    quietCancelled += cancelled != null ? 1 : 0;
                    continue;
                }
                for (LocalDateTime complaint : complaints) {
                    LocalDate day = complaint.toLocalDate();
                    if (day.isBefore(start) || day.isAfter(end) || day.isAfter(RUN_DATE.minusDays(90))) {
                        continue;
                    }
                    afterComplaint++;
                    if (cancelled != null
                            && !cancelled.isBefore(complaint)
                            && !cancelled.isAfter(complaint.plusDays(90))) {
                        cancelledAfterComplaint++;
                    }
                }
            }
        }
        assertTrue(afterComplaint >= 30, "complaints while a contract runs " + afterComplaint);
        double afterComplaintShare = (double) cancelledAfterComplaint / afterComplaint;
        double quietShare = quietCancelled / quietQuarters;
        assertTrue(
                afterComplaintShare > 3 * quietShare,
                "cancelled within 90 days: after a complaint " + afterComplaintShare + ", without " + quietShare);
        assertTrue(tables.get("contracts").values("cancel_reason").contains("complaint"));
        // Most B2B customers have contracts, and some B2C customers subscriptions.
        Map<String, String> type = new HashMap<>();
        for (Map<String, String> c : tables.get("customers").records()) {
            type.put(c.get("customer_id"), c.get("customer_type"));
        }
        long b2b = type.values().stream().filter("B2B"::equals).count();
        long b2bWithContract = contractsByCustomer.keySet().stream()
                .filter(c -> type.get(c).equals("B2B"))
                .count();
        long b2cWithContract = contractsByCustomer.size() - b2bWithContract;
        assertTrue(b2bWithContract > 0.6 * b2b, b2bWithContract + " of " + b2b + " B2B customers with contracts");
        assertTrue(b2cWithContract > 0.03 * (CUSTOMERS - b2b), b2cWithContract + " B2C customers with contracts");
    }

    @Test
    void customersWhoStoppedBuyingComplainBeforeLeaving() {
        Map<String, LocalDateTime> lastOrder = new HashMap<>();
        for (Map<String, String> o : finalOrders().values()) {
            lastOrder.merge(o.get("customer_id"), ts(o.get("order_ts")), (a, b) -> a.isAfter(b) ? a : b);
        }
        int late = 0;
        List<Map<String, String>> complaints = tables.get("complaints").records();
        for (Map<String, String> c : complaints) {
            LocalDateTime last = lastOrder.get(c.get("customer_id"));
            if (last != null && ts(c.get("received_at")).isAfter(last.plusDays(60))) {
                late++;
            }
        }
        // Not all complaints follow a fresh order: some come months after the last one.
        assertTrue(
                late > 0.15 * complaints.size() && late < 0.6 * complaints.size(),
                late + " of " + complaints.size() + " complaints 60 days or more after the last order");
    }

    @Test
    void novemberAndDecemberAreBusierThanTheAverageMonth() {
        Map<YearMonth, Integer> perMonth = new HashMap<>();
        for (Map<String, String> o : finalOrders().values()) {
            perMonth.merge(YearMonth.from(ts(o.get("order_ts"))), 1, Integer::sum);
        }
        LocalDate first =
                RUN_DATE.minusYears(DemoExtractGenerator.HISTORY_YEARS).plusDays(1);
        int fullYears = 0;
        for (int year = first.getYear(); year <= RUN_DATE.getYear(); year++) {
            if (first.isAfter(LocalDate.of(year, 1, 1)) || RUN_DATE.isBefore(LocalDate.of(year, 12, 31))) {
                continue;
            }
            fullYears++;
            int total = 0;
            for (int month = 1; month <= 12; month++) {
                total += perMonth.getOrDefault(YearMonth.of(year, month), 0);
            }
            double mean = total / 12.0;
            assertTrue(perMonth.getOrDefault(YearMonth.of(year, 11), 0) > mean, "November " + year);
            assertTrue(perMonth.getOrDefault(YearMonth.of(year, 12), 0) > mean, "December " + year);
        }
        assertTrue(fullYears >= 2);
    }

    @Test
    void someOrdersAreCancelledReturnedOrPartlyReturned() {
        Map<String, Map<String, String>> orders = finalOrders();
        Map<String, Integer> byStatus = new HashMap<>();
        orders.values().forEach(o -> byStatus.merge(o.get("status"), 1, Integer::sum));
        double cancelled = byStatus.getOrDefault("cancelled", 0) / (double) orders.size();
        double returned = byStatus.getOrDefault("returned", 0) / (double) orders.size();
        assertTrue(cancelled > 0.01 && cancelled < 0.10, "cancelled " + cancelled);
        assertTrue(returned > 0.01 && returned < 0.10, "returned " + returned);
        assertTrue(
                tables.get("order_lines").values("quantity").stream().anyMatch(q -> q.startsWith("-")),
                "no return lines");
        // Upserts: a few orders appear again later with a later stamp and another status.
        int repeated = tables.get("orders").rows.size() - orders.size();
        assertTrue(repeated > 0 && repeated < 0.02 * orders.size(), "repeated order rows " + repeated);
        Map<String, Map<String, String>> firstSeen = new HashMap<>();
        for (Map<String, String> o : tables.get("orders").records()) {
            Map<String, String> earlier = firstSeen.putIfAbsent(o.get("order_id"), o);
            if (earlier != null) {
                assertTrue(ts(o.get("updated_at")).isAfter(ts(earlier.get("updated_at"))), o.toString());
                assertNotEquals(earlier.get("status"), o.get("status"), o.toString());
            }
        }
    }

    @Test
    void customerBaseLooksPlausible() {
        List<Map<String, String>> customers = tables.get("customers").records();
        long b2b = customers.stream()
                .filter(c -> c.get("customer_type").equals("B2B"))
                .count();
        assertTrue(b2b > 0.08 * CUSTOMERS && b2b < 0.25 * CUSTOMERS, "B2B " + b2b);
        Set<String> buyers = new HashSet<>(tables.get("orders").values("customer_id"));
        long neverBought = customers.size() - buyers.size();
        assertTrue(neverBought > 0, "no prospects");
        long changed = customers.stream()
                .filter(c -> !c.get("updated_at").equals(c.get("created_at")))
                .count();
        assertTrue(changed > 0 && changed < 0.06 * CUSTOMERS, "changed customers " + changed);
        // Sign-ups grow: the last year brings more customers than the first.
        LocalDateTime oneYearIn = RUN_DATE.minusYears(2).atTime(23, 59, 59);
        LocalDateTime lastYear = RUN_DATE.minusYears(1).atTime(23, 59, 59);
        long firstYear = customers.stream()
                .filter(c -> !ts(c.get("created_at")).isAfter(oneYearIn))
                .count();
        long latestYear = customers.stream()
                .filter(c -> ts(c.get("created_at")).isAfter(lastYear))
                .count();
        assertTrue(latestYear > firstYear, firstYear + " then " + latestYear);
        // CSAT after complaints is lower than after orders.
        double afterOrders = meanScore("CSAT", "order");
        double afterComplaints = meanScore("CSAT", "complaint");
        assertTrue(afterComplaints < afterOrders, afterComplaints + " vs " + afterOrders);
        assertTrue(meanScore("NPS", "relationship") > 0);
    }

    private static double meanScore(String kind, String touchpoint) {
        return tables.get("surveys").records().stream()
                .filter(s -> s.get("kind").equals(kind) && s.get("touchpoint").equals(touchpoint))
                .mapToInt(s -> Integer.parseInt(s.get("score")))
                .average()
                .orElseThrow();
    }

    // ------------------------------------------------------------ helpers

    /** The latest row of each order, as an upsert by updated_at leaves it. */
    private static Map<String, Map<String, String>> finalOrders() {
        Map<String, Map<String, String>> latest = new HashMap<>();
        for (Map<String, String> o : tables.get("orders").records()) {
            latest.merge(
                    o.get("order_id"), o, (a, b) -> ts(b.get("updated_at")).isBefore(ts(a.get("updated_at"))) ? a : b);
        }
        return latest;
    }

    private static LocalDateTime ts(String value) {
        return LocalDateTime.parse(value);
    }

    private static long cents(String decimal) {
        return Math.round(Double.parseDouble(decimal) * 100);
    }

    /** A CSV file read with RFC 4180 rules (quoted fields, doubled quotes). */
    private record Table(List<String> header, List<List<String>> rows) {

        static Table read(Path file) throws IOException {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(text.endsWith("\n"), file + " does not end with a line break");
            List<List<String>> all = parse(text);
            return new Table(all.get(0), all.subList(1, all.size()));
        }

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    assertEquals(0, field.length(), "quote inside an unquoted field");
                    quoted = true;
                    wasQuoted = true;
                } else if (c == ',' || c == '\n') {
                    String value = field.toString();
                    if (wasQuoted) {
                        // Quote only when needed.
                        assertTrue(value.contains(",") || value.contains("\"") || value.contains("\n"), value);
                    }
                    row.add(value);
                    field.setLength(0);
                    wasQuoted = false;
                    if (c == '\n') {
                        rows.add(row);
                        row = new ArrayList<>();
                    }
                } else {
                    assertNotEquals('\r', c, "carriage return");
                    field.append(c);
                }
            }
            assertFalse(quoted, "unterminated quote");
            return rows;
        }

        Set<String> column(String name, Pattern format) {
            Set<String> values = new HashSet<>();
            for (String value : values(name)) {
                assertTrue(format.matcher(value).matches(), name + " " + value);
                values.add(value);
            }
            return values;
        }

        List<String> values(String name) {
            int i = header.indexOf(name);
            assertTrue(i >= 0, name);
            return rows.stream().map(r -> r.get(i)).toList();
        }

        List<Map<String, String>> records() {
            List<Map<String, String>> records = new ArrayList<>(rows.size());
            for (List<String> row : rows) {
                Map<String, String> record = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    record.put(header.get(i), row.get(i));
                }
                records.add(record);
            }
            return records;
        }
    }
}
