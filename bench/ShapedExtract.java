/*
 * A shape-varied nightly extract for benchmarks and tests, independent of the demo generator
 * (the demo module): the nine source CSV files of the contract (schemas/sources/*.json), with
 * valid values, but shaped to stress what the demo's extract does not. Dependency-free:
 *
 *   java bench/ShapedExtract.java --customers N --out DIR [--shape S[,S...]] [--seed 42]
 *                                 [--date 2026-10-31]
 *
 * Shapes (comma-separated; "all" = every one of them at once, the default; "plain" = none):
 *   uuid        36-character ids (UUID-like) for every entity
 *   versions    every customer and every order appears 5 times, updated_at increasing
 *               (otherwise 1.5 % of customers and 1 % of orders have a second version)
 *   repeated    every order line appears twice in the extract, the copy (quantity or discount
 *               changed now and then) late in the file, so it is the one that must win
 *   whale       one customer (the first) has 100,000 orders
 *   one-month   every event (sign-ups, orders, contacts, ...) in the run date's month
 *   prospects   half the customers never order
 *   time-sorted every file's rows in time order (updated_at, else the event time), not grouped
 *               by customer as the demo writes them
 *
 * Deterministic for (customers, shapes, seed, date): each customer draws from its own seeded
 * generator, and the output order does not depend on threads (there are none). Prints the rows
 * written per source. Memory stays small: time-sorted rows go through bucket files in DIR.
 */

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

public class ShapedExtract {

    static final List<String> SHAPES = List.of("uuid", "versions", "repeated", "whale", "one-month", "prospects",
            "time-sorted");

    static final String[] SOURCES = {"customers", "products", "contracts", "interactions", "orders", "order_lines",
        "complaints", "surveys", "marketing_spend"};
    static final String[] HEADERS = {
        "customer_id,name,email,phone,country,city,customer_type,acquisition_channel,account_owner,created_at,updated_at",
        "product_id,name,category,list_price,updated_at",
        "contract_id,customer_id,product_id,start_date,end_date,cancelled_at,cancel_reason,monthly_fee,updated_at",
        "interaction_id,customer_id,occurred_at,channel,direction,topic,agent_id",
        "order_id,customer_id,order_ts,channel,status,updated_at",
        "order_id,line_no,product_id,quantity,unit_price,discount_amount",
        "complaint_id,customer_id,order_id,received_at,channel,category,severity,status,justified,resolved_at,"
                + "compensation_amount,root_cause,updated_at",
        "response_id,customer_id,responded_at,kind,score,touchpoint,related_id",
        "month,channel,amount",
    };
    static final int CUSTOMERS = 0, PRODUCTS = 1, CONTRACTS = 2, INTERACTIONS = 3, ORDERS = 4, LINES = 5,
            COMPLAINTS = 6, SURVEYS = 7, SPEND = 8;

    static final String[] CHANNELS = {"organic", "paid_search", "social", "referral", "email", "partner"};
    static final String[] COUNTRIES = {"Germany", "Austria", "Switzerland", "Netherlands", "France", "Belgium"};
    static final String[] CITIES = {"Berlin", "Wien", "Zürich", "Utrecht", "Lyon", "Gent", "Köln", "Graz", "Basel"};
    static final String[] FIRST = {"Anna", "Lukas", "Léa", "Jonas", "Ömer", "Femke", "Sabine", "Hugo", "Nina", "Paul"};
    static final String[] LAST = {"Müller", "Dubois", "de Vries", "Yılmaz", "Keller", "Peeters", "Rossi", "Lange"};
    static final String[] OWNERS = {"Katharina Vogel", "Martin Lehmann", "Julia Braun", "Pierre Laurent", "Eva Lindner"};
    static final String[] ORDER_CHANNELS = {"web", "mobile_app", "phone", "store", "sales_rep"};
    static final String[] CONTACT_CHANNELS = {"email", "phone", "web", "chat"};
    static final String[] CATEGORIES = {"electronics", "home_kitchen", "garden", "sports", "toys", "books", "fashion",
        "beauty", "office", "services"};
    static final String[] COMPLAINT_CATEGORIES = {"delivery", "billing", "product_quality", "service", "other"};
    static final String[] ROOT_CAUSES = {"carrier_delay", "double_charge", "defect", "long_wait", "unknown"};
    static final String[] SEVERITIES = {"low", "medium", "high", "critical"};
    static final String[] TOPICS = {"order_status", "delivery", "billing", "product_info", "returns", "account"};
    static final String[] CANCEL_REASONS = {"price", "switched_provider", "no_longer_needed", "business_closed"};
    static final int PRODUCT_COUNT = 200, SERVICES_FROM = 180, WHALE_ORDERS = 100_000, VERSIONS = 5;
    static final long DAY = 86_400, HOUR = 3_600;

    final int customers;
    final Set<String> shapes;
    final long seed;
    final long start, end; // the extract's time span, epoch seconds (end = the run date's last second)
    final LocalDate runDate;
    final Sink[] sinks = new Sink[SOURCES.length];
    final String[] productIds = new String[PRODUCT_COUNT];
    final long[] productCents = new long[PRODUCT_COUNT];

    ShapedExtract(int customers, Set<String> shapes, long seed, LocalDate runDate, Path out) throws IOException {
        this.customers = customers;
        this.shapes = shapes;
        this.seed = seed;
        this.runDate = runDate;
        LocalDate first = shapes.contains("one-month") ? runDate.withDayOfMonth(1) : runDate.minusYears(3).withDayOfMonth(1);
        this.start = first.toEpochDay() * DAY;
        this.end = runDate.plusDays(1).toEpochDay() * DAY - 1;
        Files.createDirectories(out);
        for (int s = 0; s < SOURCES.length; s++) {
            sinks[s] = new Sink(out, SOURCES[s], HEADERS[s], shapes.contains("time-sorted"), start, end);
        }
    }

    boolean has(String shape) {
        return shapes.contains(shape);
    }

    public static void main(String[] args) throws IOException {
        int customers = -1;
        String shape = "all";
        long seed = 42;
        LocalDate date = LocalDate.parse("2026-10-31");
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[++i].replace("_", ""));
                case "--shape" -> shape = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--date" -> date = LocalDate.parse(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: java bench/ShapedExtract.java --customers N --out DIR"
                            + " [--shape all|plain|" + String.join(",", SHAPES) + "] [--seed 42] [--date 2026-10-31]");
                    System.exit(2);
                }
            }
        }
        if (customers < 1 || out == null) {
            System.err.println("ShapedExtract: --customers N (at least 1) and --out DIR are required");
            System.exit(2);
        }
        Set<String> shapes = new LinkedHashSet<>();
        for (String s : shape.split(",")) {
            if (s.equals("all")) {
                shapes.addAll(SHAPES);
            } else if (!s.equals("plain")) {
                if (!SHAPES.contains(s)) {
                    System.err.println("ShapedExtract: unknown shape " + s + " (known: all, plain, " + SHAPES + ")");
                    System.exit(2);
                }
                shapes.add(s);
            }
        }
        long t0 = System.nanoTime();
        ShapedExtract g = new ShapedExtract(customers, shapes, seed, date, out);
        g.generate();
        StringBuilder sb = new StringBuilder("shaped extract (" + (shapes.isEmpty() ? "plain" : String.join(",", shapes))
                + ", seed " + seed + ", as of " + date + ") in " + out + ":");
        for (Sink s : g.sinks) {
            sb.append(' ').append(s.name).append('=').append(s.rows);
        }
        System.out.println(sb.append(String.format(" (%.1fs)", (System.nanoTime() - t0) / 1e9)));
    }

    void generate() throws IOException {
        products();
        for (int c = 0; c < customers; c++) {
            customer(c);
        }
        spend();
        for (Sink s : sinks) {
            s.finish();
        }
    }

    // ---- ids ----

    /** A UUID-like id (8-4-4-4-12 hex) for the uuid shape, else a readable one: prefix + digits. */
    String id(char kind, long a, long b, int digitsB) {
        StringBuilder sb = new StringBuilder(36);
        if (has("uuid")) {
            long hi = mix(seed ^ kind, a * 1_000_003L + b), lo = mix(hi, kind * 31L + b);
            hex(sb, hi >>> 32, 8).append('-');
            hex(sb, (hi >>> 16) & 0xffff, 4).append('-');
            hex(sb, 0x4000 | (hi & 0x0fff), 4).append('-');
            hex(sb, 0x8000 | (lo >>> 50), 4).append('-');
            return hex(sb, lo & 0xffff_ffff_ffffL, 12).toString();
        }
        sb.append(kind);
        padded(sb, a, 9);
        if (digitsB > 0) {
            padded(sb.append('-'), b, digitsB);
        }
        return sb.toString();
    }

    String customerId(int c) {
        return id('C', c, 0, 0);
    }

    // ---- sources ----

    void products() {
        SplittableRandom r = new SplittableRandom(mix(seed, -1));
        for (int p = 0; p < PRODUCT_COUNT; p++) {
            productIds[p] = has("uuid") ? id('P', p, 0, 0) : "P" + padded(new StringBuilder(), p + 1, 4);
            int category = Math.min(p / 20, CATEGORIES.length - 1);
            productCents[p] = 199 + r.nextInt(p >= SERVICES_FROM ? 9_000 : 25_000);
            StringBuilder sb = new StringBuilder();
            sb.append(productIds[p]).append(",Item ").append(p + 1).append(' ').append(CATEGORIES[category]).append(',')
                    .append(CATEGORIES[category]).append(',');
            cents(sb, productCents[p]).append(',');
            long updated = start + (long) (r.nextDouble() * (end - start));
            ts(sb, updated);
            sinks[PRODUCTS].add(updated, sb, false);
        }
    }

    void customer(int c) {
        SplittableRandom r = new SplittableRandom(mix(seed, c));
        String id = customerId(c);
        // sign-ups spread over the span in customer order, the last ones a week before its end
        long span = Math.max(DAY, end - start - 7 * DAY);
        long created = start + (long) ((double) c / customers * span) + r.nextInt((int) Math.min(DAY, span));
        boolean prospect = has("prospects") ? c % 2 == 1 : r.nextInt(100) < 8;
        if (c == 0) {
            prospect = false;
        }
        boolean b2b = r.nextInt(100) < 15;
        int country = r.nextInt(COUNTRIES.length);
        String first = FIRST[r.nextInt(FIRST.length)], last = LAST[r.nextInt(LAST.length)];
        String channel = CHANNELS[r.nextInt(CHANNELS.length)];
        int versions = has("versions") ? VERSIONS : r.nextInt(1000) < 15 ? 2 : 1;
        long updated = created;
        for (int v = 0; v < versions; v++) {
            StringBuilder sb = new StringBuilder(160);
            sb.append(id).append(',');
            text(sb, b2b ? last + " " + CITIES[(country + v) % CITIES.length] + " GmbH" : first + " " + last).append(',');
            sb.append(ascii(first)).append('.').append(ascii(last)).append(c % 1000).append(v == 0 ? "" : "v" + v)
                    .append("@example.com,");
            sb.append("+49 ").append(100 + r.nextInt(900)).append(' ');
            padded(sb, r.nextInt(10_000_000), 7).append(',');
            sb.append(COUNTRIES[country]).append(',').append(CITIES[(country + v) % CITIES.length]).append(',');
            sb.append(b2b ? "B2B" : "B2C").append(',').append(channel).append(',');
            if (b2b || v > 0) {
                sb.append(OWNERS[(c + v) % OWNERS.length]);
            }
            sb.append(',');
            ts(sb, created).append(',');
            ts(sb, updated);
            sinks[CUSTOMERS].add(updated, sb, false);
            updated = later(r, updated);
        }
        List<String> orderIds = prospect ? List.of() : orders(r, c, id, created);
        interactions(r, c, id, created, prospect);
        complaintsAndSurveys(r, c, id, created, orderIds);
        if (!prospect && r.nextInt(100) < 12) {
            contract(r, c, id, created);
        }
    }

    /** A version time after {@code t}: hours to weeks later, not past the span while there is room. */
    long later(SplittableRandom r, long t) {
        long room = end - t;
        long step = room > 8 ? 1 + (long) (r.nextDouble() * Math.min(30 * DAY, room / 4)) : 1;
        return t + step;
    }

    List<String> orders(SplittableRandom r, int c, String customerId, long created) {
        int count = c == 0 && has("whale") ? WHALE_ORDERS : 1 + geometric(r, 2.7);
        List<String> ids = new ArrayList<>(Math.min(count, 64));
        for (int k = 0; k < count; k++) {
            String orderId = id('O', c, k, 6);
            if (ids.size() < 64) {
                ids.add(orderId);
            }
            long orderTs = created + (long) (r.nextDouble() * (end - created));
            String channel = ORDER_CHANNELS[r.nextInt(ORDER_CHANNELS.length)];
            int roll = r.nextInt(100);
            String finalStatus = roll < 92 ? "completed" : roll < 96 ? "cancelled" : "returned";
            int versions = has("versions") ? VERSIONS : r.nextInt(100) < 1 ? 2 : 1;
            long updated = orderTs + r.nextInt((int) (2 * DAY));
            for (int v = 0; v < versions; v++) {
                StringBuilder sb = new StringBuilder(96);
                sb.append(orderId).append(',').append(customerId).append(',');
                ts(sb, orderTs).append(',').append(channel).append(',');
                sb.append(v == versions - 1 ? finalStatus : "completed").append(',');
                ts(sb, updated);
                sinks[ORDERS].add(updated, sb, false);
                updated = later(r, updated);
            }
            int lines = 1 + geometric(r, 1.6);
            for (int line = 1; line <= lines; line++) {
                int p = r.nextInt(SERVICES_FROM);
                int quantity = 1 + (r.nextInt(10) == 0 ? r.nextInt(4) : 0);
                long discount = r.nextInt(6) == 0 ? productCents[p] * (5 + r.nextInt(20)) / 100 : -1;
                sinks[LINES].add(orderTs, line(orderId, line, p, quantity, discount), false);
                if (has("repeated")) {
                    // a later copy, as a source re-sends an order's lines: now and then corrected
                    boolean corrected = r.nextInt(4) == 0;
                    sinks[LINES].add(updated, line(orderId, line, p, corrected ? quantity + 1 : quantity,
                            corrected && discount < 0 ? productCents[p] / 10 : discount), true);
                }
            }
        }
        return ids;
    }

    StringBuilder line(String orderId, int line, int p, int quantity, long discountCents) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(orderId).append(',').append(line).append(',').append(productIds[p]).append(',').append(quantity)
                .append(',');
        cents(sb, productCents[p]).append(',');
        if (discountCents >= 0) {
            cents(sb, discountCents);
        }
        return sb;
    }

    void interactions(SplittableRandom r, int c, String customerId, long created, boolean prospect) {
        int count = geometric(r, prospect ? 1.0 : 1.5);
        for (int k = 0; k < count; k++) {
            long t = created + (long) (r.nextDouble() * (end - created));
            boolean inbound = r.nextBoolean();
            StringBuilder sb = new StringBuilder(96);
            sb.append(id('I', c, k, 4)).append(',').append(customerId).append(',');
            ts(sb, t).append(',').append(CONTACT_CHANNELS[r.nextInt(3)]).append(',')
                    .append(inbound ? "inbound" : "outbound").append(',').append(TOPICS[r.nextInt(TOPICS.length)])
                    .append(",A");
            padded(sb, 1 + r.nextInt(40), 3);
            sinks[INTERACTIONS].add(t, sb, false);
        }
    }

    void complaintsAndSurveys(SplittableRandom r, int c, String customerId, long created, List<String> orderIds) {
        int complaints = orderIds.isEmpty() ? 0 : r.nextInt(100) < 10 ? 1 : 0;
        for (int k = 0; k < complaints; k++) {
            long received = created + (long) (r.nextDouble() * (end - created));
            int category = r.nextInt(COMPLAINT_CATEGORIES.length);
            int state = r.nextInt(10); // 0: open, 1-2: rejected, else resolved
            long resolved = Math.min(end, received + HOUR + r.nextInt((int) (40 * DAY)));
            StringBuilder sb = new StringBuilder(160);
            sb.append(id('Q', c, k, 2)).append(',').append(customerId).append(',')
                    .append(orderIds.get(r.nextInt(orderIds.size()))).append(',');
            ts(sb, received).append(',').append(CONTACT_CHANNELS[r.nextInt(CONTACT_CHANNELS.length)]).append(',')
                    .append(COMPLAINT_CATEGORIES[category]).append(',').append(SEVERITIES[r.nextInt(4)]).append(',');
            long updated;
            if (state == 0) {
                sb.append("open,,,,");
                updated = received + r.nextInt((int) DAY);
            } else {
                boolean rejected = state <= 2;
                sb.append(rejected ? "rejected" : "resolved").append(',').append(!rejected).append(',');
                ts(sb, resolved).append(',');
                if (!rejected && r.nextBoolean()) {
                    cents(sb, 500 + r.nextInt(5_000));
                }
                sb.append(',').append(ROOT_CAUSES[category]);
                sb.append(',');
                updated = resolved;
            }
            if (state == 0) {
                sb.append(',');
            }
            ts(sb, updated);
            sinks[COMPLAINTS].add(updated, sb, false);
        }
        int surveys = geometric(r, 0.8);
        for (int k = 0; k < surveys; k++) {
            long t = created + (long) (r.nextDouble() * (end - created));
            boolean csat = !orderIds.isEmpty() && r.nextBoolean();
            StringBuilder sb = new StringBuilder(96);
            sb.append(id('R', c, k, 3)).append(',').append(customerId).append(',');
            ts(sb, t).append(',');
            if (csat) {
                sb.append("CSAT,").append(1 + r.nextInt(5)).append(",order,").append(orderIds.get(r.nextInt(orderIds.size())));
            } else {
                sb.append("NPS,").append(r.nextInt(11)).append(",relationship,");
            }
            sinks[SURVEYS].add(t, sb, false);
        }
    }

    void contract(SplittableRandom r, int c, String customerId, long created) {
        LocalDate startDate = LocalDate.ofEpochDay(Math.floorDiv(created + (long) (r.nextDouble() * (end - created)), DAY));
        LocalDate endDate = startDate.plusMonths(12 * (1 + r.nextInt(2))).minusDays(1);
        int p = SERVICES_FROM + r.nextInt(PRODUCT_COUNT - SERVICES_FROM);
        boolean cancelled = r.nextInt(5) == 0;
        long startSec = startDate.toEpochDay() * DAY;
        long cancelledAt = startSec + (long) (r.nextDouble() * Math.max(DAY, end - startSec));
        cancelled &= cancelledAt <= end;
        StringBuilder sb = new StringBuilder(128);
        sb.append(id('K', c, 0, 0)).append(',').append(customerId).append(',').append(productIds[p]).append(',')
                .append(startDate).append(',').append(endDate).append(',');
        if (cancelled) {
            ts(sb, cancelledAt);
        }
        sb.append(',');
        if (cancelled) {
            sb.append(CANCEL_REASONS[r.nextInt(CANCEL_REASONS.length)]);
        }
        sb.append(',');
        cents(sb, productCents[p]).append(',');
        long updated = cancelled ? cancelledAt : startSec;
        ts(sb, updated);
        sinks[CONTRACTS].add(updated, sb, false);
    }

    void spend() {
        SplittableRandom r = new SplittableRandom(mix(seed, -2));
        for (LocalDate m = LocalDate.ofEpochDay(start / DAY); !m.isAfter(runDate); m = m.plusMonths(1)) {
            for (String channel : CHANNELS) {
                StringBuilder sb = new StringBuilder(48);
                sb.append(m.toString(), 0, 7).append(',').append(channel).append(',');
                cents(sb, (long) customers * (50 + r.nextInt(400)));
                sinks[SPEND].add(m.toEpochDay() * DAY, sb, false);
            }
        }
    }

    // ---- helpers ----

    /** A geometric count (0, 1, 2, ...) with the given mean. */
    static int geometric(SplittableRandom r, double mean) {
        double p = 1 / (1 + mean);
        return (int) Math.floor(Math.log(1 - r.nextDouble()) / Math.log(1 - p));
    }

    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static StringBuilder hex(StringBuilder sb, long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            sb.append(Character.forDigit((int) ((v >>> (4 * i)) & 0xf), 16));
        }
        return sb;
    }

    static StringBuilder padded(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    static StringBuilder cents(StringBuilder sb, long cents) {
        sb.append(cents / 100).append('.');
        return padded(sb, cents % 100, 2);
    }

    /** yyyy-MM-ddTHH:mm:ss of epoch seconds (UTC). */
    static StringBuilder ts(StringBuilder sb, long t) {
        sb.append(LocalDate.ofEpochDay(Math.floorDiv(t, DAY))).append('T');
        long s = Math.floorMod(t, DAY);
        padded(sb, s / 3600, 2).append(':');
        padded(sb, s / 60 % 60, 2).append(':');
        return padded(sb, s % 60, 2);
    }

    static StringBuilder text(StringBuilder sb, String v) {
        return v.indexOf(',') >= 0 || v.indexOf('"') >= 0 ? sb.append('"').append(v.replace("\"", "\"\"")).append('"')
                : sb.append(v);
    }

    static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "")
                .toLowerCase();
    }

    /**
     * One CSV file. In generation order (by customer), late rows (re-sent copies) after all
     * others; or, time-sorted, every row by its time through bucket files, each sorted in memory.
     */
    static final class Sink {
        static final int BUCKETS = 64;
        final String name;
        final Path file;
        final Writer out;
        final boolean sorted;
        final long from, to;
        final Writer[] buckets;
        Writer late;
        long rows;

        Sink(Path dir, String name, String header, boolean sorted, long from, long to) throws IOException {
            this.name = name;
            this.file = dir.resolve(name + ".csv");
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(header);
            out.write('\n');
            this.sorted = sorted;
            this.from = from;
            this.to = to;
            this.buckets = sorted ? new Writer[BUCKETS] : null;
        }

        void add(long time, CharSequence row, boolean lateCopy) {
            rows++;
            try {
                if (sorted) {
                    int b = (int) Math.max(0, Math.min(BUCKETS - 1, (time - from) * BUCKETS / (to - from + 1)));
                    if (buckets[b] == null) {
                        buckets[b] = Files.newBufferedWriter(bucket(b), StandardCharsets.UTF_8);
                    }
                    buckets[b].append(Long.toString(time)).append(' ').append(row).append('\n');
                } else if (lateCopy) {
                    if (late == null) {
                        late = Files.newBufferedWriter(bucket(-1), StandardCharsets.UTF_8);
                    }
                    late.append(row).append('\n');
                } else {
                    out.append(row).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Path bucket(int b) {
            return file.resolveSibling("." + name + "." + (b < 0 ? "late" : b) + ".tmp");
        }

        void finish() throws IOException {
            if (late != null) {
                late.close();
                append(bucket(-1), false);
            }
            if (sorted) {
                for (int b = 0; b < BUCKETS; b++) {
                    if (buckets[b] != null) {
                        buckets[b].close();
                        append(bucket(b), true);
                    }
                }
            }
            out.close();
        }

        private void append(Path part, boolean sort) throws IOException {
            List<String> lines = new ArrayList<>();
            try (BufferedReader in = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    lines.add(l);
                }
            }
            if (sort) {
                // stable: rows of one time keep their generation order (a re-sent copy stays after)
                long[] keys = new long[lines.size()];
                Integer[] order = new Integer[lines.size()];
                for (int i = 0; i < keys.length; i++) {
                    String l = lines.get(i);
                    keys[i] = Long.parseLong(l, 0, l.indexOf(' '), 10);
                    order[i] = i;
                }
                Arrays.sort(order, (x, y) -> keys[x] != keys[y] ? Long.compare(keys[x], keys[y]) : Integer.compare(x, y));
                for (Integer i : order) {
                    String l = lines.get(i);
                    out.append(l, l.indexOf(' ') + 1, l.length()).append('\n');
                }
            } else {
                for (String l : lines) {
                    out.append(l).append('\n');
                }
            }
            Files.delete(part);
        }
    }
}
