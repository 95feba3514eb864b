package io.clientele.demo;

import java.util.SplittableRandom;

/**
 * Simulates one customer's life at a time and appends its rows to a {@link Chunk}.
 *
 * <p>Purchasing follows BG/NBD: a gamma-distributed personal order rate, and after each
 * order a beta-distributed chance to drop out for good; order value varies around a
 * gamma-distributed personal spend level (gamma-gamma). Seasonality thins the order
 * stream. Complaints come after bad orders, about running contracts, and from customers
 * who have stopped buying, months after their last order, before they are gone for good. A
 * badly handled complaint (late, never closed, or rejected) often makes the customer leave,
 * and a contract customer then cancels the running contracts within two months.
 *
 * <p>Each customer draws from its own {@code SplittableRandom} seeded from (seed, index),
 * and ids are built from the customer number, so chunks can be simulated in any order on
 * any thread and still give the same bytes.
 */
final class CustomerSimulator {

    private static final long MINUTE = 60;
    private static final long HOUR = 3_600;
    private static final long DAY = History.DAY;
    private static final double YEAR = 365.25 * DAY;
    private static final int MAX_ORDERS = 999;
    private static final int MAX_COMPLAINTS = 99;
    private static final int MAX_SURVEYS = 999;
    private static final int MAX_INTERACTIONS = 999;
    private static final int MAX_LINES = 5;

    private static final double B2B_SHARE = 0.15;
    private static final double PROSPECT_SHARE = 0.03;
    /** Customers per day grow by this factor from the first to the last day of the history. */
    static final double GROWTH = 2.5;
    private static final double LOG_GROWTH = StrictMath.log(GROWTH);
    /** Mean orders per day before seasonality. */
    private static final double MEAN_ORDER_RATE = 1.0 / 28;
    private static final double[] LINE_COUNT = Rand.cumulative(40, 26, 17, 10, 7);
    private static final double CANCEL_SHARE = 0.04;
    private static final double RETURN_SHARE = 0.031;
    private static final double RETURN_LINE_SHARE = 0.035;
    /** Share of changed orders whose earlier state the extract still carries (0.5 % of all orders). */
    private static final double UPSERT_SHARE_OF_CHANGED = 0.07;

    /** Share of B2B customers with service contracts, and of B2C customers with a subscription. */
    private static final double B2B_CONTRACT_SHARE = 0.85;
    private static final double B2C_SUBSCRIPTION_SHARE = 0.10;
    /** Complaints per year about a running contract (billing, service), apart from order complaints. */
    private static final double B2B_CONTRACT_COMPLAINTS_PER_YEAR = 0.22;
    private static final double B2C_CONTRACT_COMPLAINTS_PER_YEAR = 0.08;
    /** Chance that a complaint ends the running contracts: badly handled, or otherwise. */
    private static final double CANCEL_AFTER_BAD_COMPLAINT = 0.65;
    private static final double CANCEL_AFTER_COMPLAINT = 0.15;
    /** Chance that a customer who stopped buying complains once more before leaving for good. */
    private static final double LATE_COMPLAINT_SHARE = 0.11;
    private static final int MAX_CONTRACTS = 2;

    private static final int COMPLETED = 0;
    private static final int CANCELLED = 1;
    private static final int RETURNED = 2;
    private static final String[] ORDER_STATUS = {"completed", "cancelled", "returned"};
    /** Salt of the next day's random streams (any constant; it only has to differ from the history's). */
    private static final long NEXT_DAY_SALT = 0x6E65787464617921L;
    /** Chance that a customer gets a new version (a new account owner) on the next day: about 2 % a life. */
    private static final double NEXT_DAY_CUSTOMER_CHANGE = 1e-4;

    private final long seed;
    private final int customerCount;
    private final History h;
    private final Catalog catalog;
    /** Where the history's rows go, and (null if none is wanted) the next day's delta rows. */
    private final Chunk history;
    private final Chunk nextDay;
    // The chunk rows go to now (history, or nextDay while the next day is simulated) and its buffers.
    private Chunk out;
    private StringBuilder customers;
    private StringBuilder contracts;
    private StringBuilder interactions;
    private StringBuilder orders;
    private StringBuilder lines;
    private StringBuilder complaints;
    private StringBuilder surveys;
    /** The last second simulated: the run date's, or the next day's while simulating it. */
    private long horizon;
    /** True while the history is simulated (not the next day). */
    private boolean simulatingHistory;
    /**
     * The next day's own random stream, so that the history draws exactly what it draws
     * without a delta and its files stay byte-identical.
     */
    private SplittableRandom next;
    /** The customer row up to (without) the account owner, for a changed version on the next day. */
    private String customerHead;

    // The customer being simulated.
    private SplittableRandom r;
    private String digits;
    private String id;
    private boolean b2b;
    private long created;
    private double orderRate;
    private double dropout;
    private double spend;
    private double satisfaction;
    private int favourite1;
    private int favourite2;
    private int orderSeq;
    private int complaintSeq;
    private int surveySeq;
    private int interactionSeq;
    private long firstOrder;
    private long lastOrder;
    private int lastOrderStatus;
    private long lastOrderValue;
    private long churnAt;
    private boolean leftAfterComplaint;
    // Complaint consequences: when the customer weighs leaving, and how likely.
    private final long[] effectAt = new long[MAX_COMPLAINTS];
    private final double[] effectDrop = new double[MAX_COMPLAINTS];
    private final boolean[] effectBad = new boolean[MAX_COMPLAINTS];
    private int effects;
    private int effectsSettled;
    // Every complaint written for the customer: when it came in, and whether it was handled badly
    // (rejected as unjustified, still open, or resolved after more than 30 days).
    private final long[] complaintAt = new long[MAX_COMPLAINTS];
    private final boolean[] complaintBad = new boolean[MAX_COMPLAINTS];
    // The customer's contracts, planned before the purchases so that complaints can end them.
    private int contractCount;
    private final long[] contractStart = new long[MAX_CONTRACTS];
    /** Until when each contract runs unless a complaint ends it sooner. */
    private final long[] contractRunsUntil = new long[MAX_CONTRACTS];
    private final int[] contractProduct = new int[MAX_CONTRACTS];
    private final long[] contractFee = new long[MAX_CONTRACTS];
    private final long[] contractCancelled = new long[MAX_CONTRACTS];
    private final String[] contractReason = new String[MAX_CONTRACTS];
    private final long[] contractEnd = new long[MAX_CONTRACTS];
    /** A cancellation that falls on the day after the run date (-1: none), for the next-day delta. */
    private final long[] cancelledNextDay = new long[MAX_CONTRACTS];
    private final String[] reasonNextDay = new String[MAX_CONTRACTS];
    private double contractComplaintMeanDays;
    private long nextContractComplaint;
    /** When the customer cancels the running contracts after a complaint (MAX_VALUE: never). */
    private long quit;
    private boolean quitBad;
    // Lines of the current order, for a return line.
    private final int[] lineProduct = new int[MAX_LINES];
    private final int[] lineQuantity = new int[MAX_LINES];
    private final long[] linePrice = new long[MAX_LINES];

    CustomerSimulator(long seed, int customerCount, History history, Catalog catalog, Chunk out) {
        this(seed, customerCount, history, catalog, out, null);
    }

    /** @param nextDay where the rows new or changed on the day after the run date go; null for none */
    CustomerSimulator(long seed, int customerCount, History history, Catalog catalog, Chunk out, Chunk nextDay) {
        this.seed = seed;
        this.customerCount = customerCount;
        this.h = history;
        this.catalog = catalog;
        this.history = out;
        this.nextDay = nextDay;
        writeTo(out, history.end);
    }

    private void writeTo(Chunk chunk, long until) {
        out = chunk;
        customers = chunk.out[Chunk.CUSTOMERS];
        contracts = chunk.out[Chunk.CONTRACTS];
        interactions = chunk.out[Chunk.INTERACTIONS];
        orders = chunk.out[Chunk.ORDERS];
        lines = chunk.out[Chunk.ORDER_LINES];
        complaints = chunk.out[Chunk.COMPLAINTS];
        surveys = chunk.out[Chunk.SURVEYS];
        horizon = until;
        simulatingHistory = until == h.end;
    }

    void simulateAll() {
        for (int i = history.from; i < history.to; i++) {
            simulate(i);
        }
    }

    /** Customers who sign up on the day after the run date: the ids of the next-day chunk's range. */
    void simulateNewCustomers() {
        for (int i = nextDay.from; i < nextDay.to; i++) {
            newCustomer(i);
        }
    }

    private void simulate(int index) {
        writeTo(history, h.end);
        r = new SplittableRandom(Rand.mix(seed, index));
        next = nextDay != null ? new SplittableRandom(Rand.mix(seed ^ NEXT_DAY_SALT, index)) : null;
        begin(index);
        created = createdAt(index);
        boolean prospect = signUp();
        if (!prospect) {
            planContracts();
            purchases();
            contracts();
            nps();
        }
        interactions(prospect);
        if (nextDay != null) {
            nextDay(prospect);
        }
    }

    /**
     * The day after the run date for a customer of the history, on its own random stream: an
     * order at the customer's current rate, a contact, a relationship survey, now and then a
     * new account owner (a new SCD2 version). Complaints resolved, orders returned and
     * contracts cancelled on that day were already written while simulating the history.
     */
    private void nextDay(boolean prospect) {
        writeTo(nextDay, h.nextEnd);
        r = next;
        long day = h.end + 1;
        boolean buying = !prospect && firstOrder >= 0 && churnAt < 0 && quit > h.end;
        if (buying && !leavesAfterComplaint(day)
                && r.nextDouble() < -Math.expm1(-orderRate * Catalog.SEASONALITY[h.monthOfYear(day)])) {
            order(day + timeOfDay(b2b ? Catalog.B2B_HOURS : Catalog.B2C_HOURS));
        }
        boolean inTouch = prospect ? created + 120 * DAY > h.end : churnAt < 0 || churnAt + 180 * DAY > h.end;
        if (inTouch && r.nextDouble() < (prospect ? 1.5 / 120 : (b2b ? 3.0 : 0.9) / 365.25)) {
            long t = day + 8 * HOUR + r.nextInt((int) (10 * HOUR));
            boolean outbound = r.nextDouble() < (prospect ? 0.7 : b2b ? 0.55 : 0.25);
            int channel = Rand.pick(r, outbound ? Catalog.OUTBOUND_CHANNEL : Catalog.INBOUND_CHANNEL);
            String topic = prospect ? Rand.any(r, Catalog.PROSPECT_TOPICS)
                    : Rand.any(r, outbound ? Catalog.OUTBOUND_TOPICS : Catalog.INBOUND_TOPICS);
            interaction(t, channel, outbound, topic);
        }
        if (firstOrder >= 0 && (churnAt < 0 || churnAt + 365 * DAY > h.end) && r.nextDouble() < 0.3 / 365.25) {
            long t = day + timeOfDay(Catalog.B2C_HOURS);
            double score = 7.6 + 2 * satisfaction + 1.6 * Rand.normal(r);
            for (int c = 0; c < effects; c++) {
                score -= effectBad[c] ? 3.0 : 0.7;
            }
            if (churnAt >= 0) {
                score -= 1.5;
            }
            survey(t, "NPS", clamp((int) Math.round(score), 0, 10), "relationship", ' ', 0);
        }
        if (r.nextDouble() < NEXT_DAY_CUSTOMER_CHANGE) {
            customers.append(customerHead).append(Rand.any(r, Catalog.ACCOUNT_OWNERS)).append(',');
            h.timestamp(customers, created).append(',');
            h.timestamp(customers, day + 8 * HOUR + r.nextInt((int) (9 * HOUR)));
            out.endRow(Chunk.CUSTOMERS);
        }
    }

    /** Draws a new customer's kind and mood (after their created time), writes their row; @return a prospect? */
    private boolean signUp() {
        b2b = r.nextDouble() < B2B_SHARE;
        boolean prospect = r.nextDouble() < PROSPECT_SHARE;
        satisfaction = 0.45 * Rand.normal(r);
        customerRow();
        contractCount = 0;
        quit = Long.MAX_VALUE;
        quitBad = false;
        return prospect;
    }

    /** A customer who signs up on the day after the run date, and perhaps orders at once. */
    private void newCustomer(int index) {
        writeTo(nextDay, h.nextEnd);
        r = new SplittableRandom(Rand.mix(seed ^ NEXT_DAY_SALT, index));
        next = r;
        begin(index);
        created = h.end + 1 + timeOfDay(Catalog.B2C_HOURS);
        boolean prospect = signUp();
        if (!prospect) {
            purchases();
        }
    }

    private void begin(int index) {
        digits = Csv.padded(index + 1L, 7);
        id = "C" + digits;
        orderSeq = 0;
        complaintSeq = 0;
        surveySeq = 0;
        interactionSeq = 0;
        firstOrder = -1;
        lastOrder = -1;
        churnAt = -1;
        leftAfterComplaint = false;
        effects = 0;
        effectsSettled = 0;
    }

    /** Customer ids grow with created_at; sign-ups per day grow exponentially over the history. */
    private long createdAt(int index) {
        double u = (index + r.nextDouble()) / customerCount;
        double x = StrictMath.log1p(u * (GROWTH - 1)) / LOG_GROWTH;
        int day = Math.min(h.days - 1, (int) (x * h.days));
        return day * DAY + timeOfDay(Catalog.B2C_HOURS);
    }

    private long timeOfDay(double[] hours) {
        return Rand.pick(r, hours) * HOUR + r.nextInt((int) HOUR);
    }

    // ---------------------------------------------------------------- customers

    private void customerRow() {
        StringBuilder sb = customers;
        int rowStart = sb.length();
        int country = Rand.pick(r, Catalog.COUNTRY_WEIGHTS);
        String[] first = Rand.any(r, Catalog.FIRST_NAMES);
        String[] last = Rand.any(r, Catalog.LAST_NAMES);
        String name;
        String email;
        if (b2b) {
            String word = Rand.any(r, Catalog.COMPANY_WORDS);
            String suffix = Catalog.COMPANY_SUFFIX[country];
            String slug;
            int style = r.nextInt(10);
            if (style < 4) {
                name = word + " " + Rand.any(r, Catalog.COMPANY_TRADES) + " " + suffix;
                slug = ascii(word);
            } else if (style < 7) {
                name = last[0] + " " + Rand.any(r, Catalog.COMPANY_TRADES) + " " + suffix;
                slug = last[1];
            } else if (style < 9) {
                String[] partner = Rand.any(r, Catalog.LAST_NAMES);
                name = last[0] + ", " + partner[0] + " & Partner";
                slug = last[1] + "-" + partner[1];
            } else {
                name = "Café \"" + word + "\" " + suffix;
                slug = "cafe-" + ascii(word);
            }
            email = (r.nextBoolean() ? "info@" : "orders@") + slug + "." + Catalog.EMAIL_DOMAINS[r.nextInt(3)];
        } else {
            name = first[0] + " " + last[0];
            email = first[1] + "." + last[1] + (r.nextBoolean() ? Integer.toString(1 + r.nextInt(99)) : "")
                    + "@" + Rand.any(r, Catalog.EMAIL_DOMAINS);
        }
        int channel = Rand.pick(r, b2b ? Catalog.B2B_ACQUISITION : Catalog.B2C_ACQUISITION);
        out.newCustomers[h.monthIndex(created)][channel]++;

        sb.append(id).append(',');
        Csv.text(sb, name).append(',');
        if (r.nextDouble() >= 0.05) {
            sb.append(email);
        }
        sb.append(',');
        if (r.nextDouble() >= 0.1) {
            sb.append(Catalog.DIAL_CODES[country]).append(' ').append(100 + r.nextInt(900)).append(' ');
            Csv.padded(sb, r.nextInt(10_000_000), 7);
        }
        sb.append(',').append(Catalog.COUNTRIES[country]).append(',');
        if (r.nextDouble() >= 0.03) {
            sb.append(Rand.any(r, Catalog.CITIES[country]));
        }
        sb.append(',').append(b2b ? "B2B" : "B2C").append(',')
                .append(Catalog.ACQUISITION_CHANNELS[channel]).append(',');
        if (nextDay != null) {
            customerHead = sb.substring(rowStart);
        }
        if (b2b || r.nextDouble() < 0.35) {
            sb.append(Rand.any(r, Catalog.ACCOUNT_OWNERS));
        }
        sb.append(',');
        h.timestamp(sb, created).append(',');
        // A few customers changed later (e.g. a new account owner); the row carries the change's stamp.
        long updated = created;
        if (r.nextDouble() < 0.02 && horizon - created > DAY) {
            updated = created + DAY + (long) (r.nextDouble() * (horizon - created - DAY));
        }
        h.timestamp(sb, updated);
        out.endRow(Chunk.CUSTOMERS);
    }

    private static String ascii(String word) {
        return word.toLowerCase(java.util.Locale.ROOT).replace("ü", "ue").replace("ö", "oe").replace("ä", "ae");
    }

    // ---------------------------------------------------------------- orders

    private void purchases() {
        orderRate = Math.min(0.4, Rand.gamma(r, 0.9, MEAN_ORDER_RATE / 0.9) * (b2b ? 1.8 : 1.0));
        dropout = b2b ? Rand.beta(r, 1.0, 6.0) : Rand.beta(r, 1.4, 4.2);
        spend = Rand.gamma(r, 2.5, 0.4);
        favourite1 = Rand.pick(r, Catalog.SHOPPING_CATEGORY);
        favourite2 = Rand.pick(r, Catalog.SHOPPING_CATEGORY);

        // Most first orders come with the sign-up itself.
        long t = created + (r.nextDouble() < 0.55
                ? 5 * MINUTE + r.nextInt((int) (2 * HOUR))
                : (long) (Rand.exponential(r, 8) * DAY));
        while (t <= horizon && orderSeq < MAX_ORDERS) {
            contractComplaintsUntil(t);
            if (quit <= t) {
                // Cancelled the contracts after a complaint, and buys nothing more either.
                churnAt = quit;
                leftAfterComplaint = true;
                break;
            }
            if (leavesAfterComplaint(t)) {
                break;
            }
            order(t);
            if (r.nextDouble() < dropout) {
                churnAt = t;
                break;
            }
            t = nextOrder(t);
        }
        if (churnAt >= 0 && !leftAfterComplaint) {
            lateComplaint();
        }
    }

    /**
     * Customers who have stopped buying sometimes complain once more before they are gone for
     * good: a bill, the service, or a late follow-up on their last order, two to seven months
     * after that order. Unhappy customers do so more often.
     */
    private void lateComplaint() {
        double chance = LATE_COMPLAINT_SHARE * (satisfaction < 0 ? 1.5 : 0.5);
        if (r.nextDouble() >= chance) {
            return;
        }
        long day = lastOrder / DAY + 60 + (long) (140 * Rand.beta(r, 4.0, 2.2));
        long received = day * DAY + timeOfDay(b2b ? Catalog.B2B_HOURS : Catalog.B2C_HOURS);
        if (r.nextDouble() < 0.3) {
            complaint(received, orderSeq, lastOrderValue, lastOrderStatus);
        } else {
            complaint(received, 0, 0, -1);
        }
    }

    /** Settles the complaint consequences due before {@code t}; true if the customer has left. */
    private boolean leavesAfterComplaint(long t) {
        for (int i = effectsSettled; i < effects; i++) {
            if (effectAt[i] <= t && effectDrop[i] > 0) {
                double drop = effectDrop[i];
                effectDrop[i] = 0;
                if (r.nextDouble() < drop) {
                    churnAt = effectAt[i];
                    leftAfterComplaint = true;
                    return true;
                }
            }
        }
        while (effectsSettled < effects && effectDrop[effectsSettled] == 0) {
            effectsSettled++;
        }
        return false;
    }

    /** The next order: a Poisson stream at the peak rate, thinned by the month's seasonality. */
    private long nextOrder(long previous) {
        double peakMeanDays = 1.0 / (orderRate * Catalog.MAX_SEASONALITY);
        long t = previous;
        while (true) {
            t += (long) (Rand.exponential(r, peakMeanDays) * DAY);
            if (t > horizon) {
                return t;
            }
            if (r.nextDouble() * Catalog.MAX_SEASONALITY < Catalog.SEASONALITY[h.monthOfYear(t)]) {
                break;
            }
        }
        long placed = (t / DAY) * DAY + timeOfDay(b2b ? Catalog.B2B_HOURS : Catalog.B2C_HOURS);
        return placed > previous ? placed : previous + 10 * MINUTE + r.nextInt((int) (2 * HOUR));
    }

    private void order(long t) {
        int seq = ++orderSeq;
        if (firstOrder < 0) {
            firstOrder = t;
        }
        lastOrder = t;
        int channel = Rand.pick(r, b2b ? Catalog.B2B_ORDER_CHANNEL : Catalog.B2C_ORDER_CHANNEL);
        // Past prices were lower than today's list price.
        double priceLevel = 1.0 - 0.03 * ((horizon - t) / YEAR);
        double orderScale = spend * Rand.gamma(r, 4.0, 0.25);
        int n = 1 + Rand.pick(r, LINE_COUNT);
        long value = 0;
        for (int i = 0; i < n; i++) {
            int product = product();
            int quantity = 1 + (int) Rand.exponential(r, (b2b ? 4.0 : 0.45) * orderScale);
            quantity = Math.min(quantity, 999);
            double price = catalog.listCents[product] * priceLevel;
            if (r.nextDouble() < 0.22) {
                price *= 0.85 + 0.13 * r.nextDouble();
            }
            long unit = Math.max(1, Math.round(price));
            long discount = -1;
            if (r.nextDouble() < (b2b ? 0.35 : 0.1)) {
                discount = Math.round(quantity * unit * (0.05 + 0.2 * r.nextDouble()));
            }
            lineProduct[i] = product;
            lineQuantity[i] = quantity;
            linePrice[i] = unit;
            value += quantity * unit - Math.max(0, discount);
            orderLine(seq, i + 1, product, quantity, unit, discount);
        }

        int status = COMPLETED;
        long updated = t;
        long returnedNextDay = -1;
        double u = r.nextDouble();
        if (u < CANCEL_SHARE) {
            status = CANCELLED;
            updated = t + 5 * MINUTE + r.nextInt((int) (48 * HOUR));
        } else if (u < CANCEL_SHARE + RETURN_SHARE) {
            updated = t + (long) ((3 + 27 * r.nextDouble()) * DAY);
            // A return after the run date has not happened yet (but may tomorrow).
            status = updated <= horizon ? RETURNED : COMPLETED;
            if (status == COMPLETED && nextDay != null && simulatingHistory && updated <= h.nextEnd) {
                returnedNextDay = updated;
            }
        }
        if (status == COMPLETED) {
            updated = t + HOUR + r.nextInt((int) (72 * HOUR));
            if (r.nextDouble() < RETURN_LINE_SHARE) {
                int k = r.nextInt(n);
                int back = 1 + r.nextInt(lineQuantity[k]);
                value -= back * linePrice[k];
                orderLine(seq, n + 1, lineProduct[k], -back, linePrice[k], -1);
            }
        }
        updated = Math.min(updated, horizon);

        if (status != COMPLETED && r.nextDouble() < UPSERT_SHARE_OF_CHANGED) {
            // The extract first saw the order completed; the change arrives as a later row.
            orderRow(orders, seq, t, channel, COMPLETED, t + (updated - t) / 3);
            out.endRow(Chunk.ORDERS);
            orderRow(out.orderUpdates, seq, t, channel, status, updated);
            out.orderUpdates.append('\n');
            out.orderUpdateRows++;
        } else {
            orderRow(orders, seq, t, channel, status, updated);
            out.endRow(Chunk.ORDERS);
        }
        if (returnedNextDay >= 0) {
            orderRow(nextDay.out[Chunk.ORDERS], seq, t, channel, RETURNED, returnedNextDay);
            nextDay.endRow(Chunk.ORDERS);
        }

        afterOrder(seq, t, updated, status, value);
    }

    private int product() {
        int category;
        double u = r.nextDouble();
        if (u < 0.4) {
            category = favourite1;
        } else if (u < 0.65) {
            category = favourite2;
        } else {
            category = Rand.pick(r, Catalog.SHOPPING_CATEGORY);
        }
        double v = r.nextDouble();
        // A few best sellers per category.
        return category * Catalog.PRODUCTS_PER_CATEGORY + (int) (Catalog.PRODUCTS_PER_CATEGORY * v * v);
    }

    private void orderRow(StringBuilder sb, int seq, long t, int channel, int status, long updated) {
        orderId(sb, seq).append(',').append(id).append(',');
        h.timestamp(sb, t).append(',').append(Catalog.ORDER_CHANNELS[channel]).append(',')
                .append(ORDER_STATUS[status]).append(',');
        h.timestamp(sb, updated);
    }

    private StringBuilder orderId(StringBuilder sb, int seq) {
        sb.append('O').append(digits);
        return Csv.padded(sb, seq, 3);
    }

    private void orderLine(int seq, int lineNo, int product, int quantity, long unit, long discount) {
        StringBuilder sb = lines;
        orderId(sb, seq).append(',').append(lineNo).append(',').append(catalog.productId[product]).append(',')
                .append(quantity).append(',');
        Csv.cents(sb, unit).append(',');
        if (discount >= 0) {
            Csv.cents(sb, discount);
        }
        out.endRow(Chunk.ORDER_LINES);
    }

    private void afterOrder(int seq, long t, long updated, int status, long value) {
        lastOrderStatus = status;
        lastOrderValue = value;
        double complaintChance = status == COMPLETED ? 0.004 : status == CANCELLED ? 0.06 : 0.08;
        if (r.nextDouble() < complaintChance) {
            long base = status == RETURNED ? updated : t;
            long received = base + HOUR + (long) (Rand.exponential(r, 2.5) * DAY);
            complaint(received, r.nextDouble() < 0.85 ? seq : 0, value, status);
        } else if (r.nextDouble() < 0.0015) {
            // Billing or service trouble that is not about one order.
            complaint(t + (long) (Rand.exponential(r, 20) * DAY), 0, 0, -1);
        }
        double surveyChance = status == COMPLETED ? 0.1 : status == RETURNED ? 0.15 : 0.08;
        if (r.nextDouble() < surveyChance) {
            double mean = status == COMPLETED ? 4.25 : 2.9;
            int score = clamp((int) Math.round(mean + satisfaction + Rand.normal(r) * 0.9), 1, 5);
            long answered = updated + HOUR + (long) (Rand.exponential(r, 1.5) * DAY);
            survey(answered, "CSAT", score, "order", 'O', seq);
        }
    }

    // ---------------------------------------------------------------- complaints

    private void complaint(long received, int orderSeqOrZero, long orderValue, int orderStatus) {
        if (received > horizon || complaintSeq >= MAX_COMPLAINTS) {
            return;
        }
        int seq = ++complaintSeq;
        int channel = Rand.pick(r, Catalog.COMPLAINT_CHANNEL);
        double[] categories = orderSeqOrZero == 0 ? Catalog.UNLINKED_COMPLAINT_CATEGORY
                : orderStatus == CANCELLED ? Catalog.CANCELLED_COMPLAINT_CATEGORY
                : orderStatus == RETURNED ? Catalog.RETURNED_COMPLAINT_CATEGORY
                : Catalog.COMPLETED_COMPLAINT_CATEGORY;
        int category = Rand.pick(r, categories);
        int severity = Rand.pick(r, Catalog.SEVERITY_WEIGHTS);
        boolean neverClosed = r.nextDouble() < 0.035;
        boolean late = r.nextDouble() < 0.12;
        long delay = late
                ? (long) ((30 + 90 * r.nextDouble()) * DAY)
                : (long) (Math.min(29.5, Rand.logNormal(r, 3.5, 0.9)) * DAY);
        boolean justified = r.nextDouble() < (severity >= 2 ? 0.72 : 0.58);
        boolean rejected = !justified && r.nextDouble() < 0.75;
        long resolved = received + delay;
        boolean open = neverClosed || resolved > horizon;
        boolean compensated = !open && justified && r.nextDouble() < 0.45;
        String[] causes = Catalog.ROOT_CAUSES[category];
        String cause = causes[r.nextInt(causes.length)];

        StringBuilder sb = complaints;
        complaintHead(sb, seq, orderSeqOrZero, received, channel, category, severity);
        if (open) {
            sb.append("open,,,,");
            // Root causes are often only known once the case is closed.
            if (r.nextDouble() < 0.4) {
                sb.append(cause);
            }
            sb.append(',');
            h.timestamp(sb, Math.min(horizon, received + 10 * MINUTE + r.nextInt((int) DAY)));
        } else {
            closedComplaint(sb, r, rejected, justified, resolved, compensated, orderValue, cause);
        }
        out.endRow(Chunk.COMPLAINTS);
        if (open && !neverClosed && nextDay != null && simulatingHistory && resolved <= h.nextEnd) {
            // Closed on the next day: the delta carries the case again, closed.
            StringBuilder closed = nextDay.out[Chunk.COMPLAINTS];
            complaintHead(closed, seq, orderSeqOrZero, received, channel, category, severity);
            closedComplaint(closed, next, rejected, justified, resolved, justified && next.nextDouble() < 0.45,
                    orderValue, cause);
            nextDay.endRow(Chunk.COMPLAINTS);
        }
        boolean handledBadly = open || late || rejected;
        complaintAt[seq - 1] = received;
        complaintBad[seq - 1] = handledBadly;
        long cancelAt = cancelAfter(received, handledBadly);
        if (cancelAt < quit) {
            quit = cancelAt;
            quitBad = handledBadly;
        }

        // Late, never closed or (as the customer sees it) wrongly rejected: likely to leave.
        boolean bad = neverClosed || late || (rejected && r.nextDouble() < 0.9);
        effectAt[effects] = received + Math.min(neverClosed ? 30 * DAY : delay, 30 * DAY);
        effectDrop[effects] = bad ? 0.9 : 0.5;
        effectBad[effects] = bad;
        effects++;
        dropout = bad ? Math.max(0.6, dropout) : Math.min(0.9, dropout * 1.5);

        if (channel != 2) {
            int interactionChannel = channel == 0 ? 1 : channel == 1 ? 0 : 2;
            interaction(received, interactionChannel, false, "complaint");
        }
        if (!open && r.nextDouble() < 0.35) {
            double mean = rejected ? 1.9 : 3.5 + (compensated ? 0.5 : 0) - (late ? 0.8 : 0);
            int score = clamp((int) Math.round(mean + satisfaction + Rand.normal(r)), 1, 5);
            long answered = resolved + HOUR + (long) (Rand.exponential(r, 1.0) * DAY);
            survey(answered, "CSAT", score, "complaint", 'C', seq);
        }
    }

    private void complaintHead(StringBuilder sb, int seq, int orderSeqOrZero, long received, int channel,
                               int category, int severity) {
        sb.append("CP").append(digits);
        Csv.padded(sb, seq, 2).append(',').append(id).append(',');
        if (orderSeqOrZero > 0) {
            orderId(sb, orderSeqOrZero);
        }
        sb.append(',');
        h.timestamp(sb, received).append(',').append(Catalog.CONTACT_CHANNELS[channel]).append(',')
                .append(Catalog.COMPLAINT_CATEGORIES[category]).append(',').append(Catalog.SEVERITIES[severity])
                .append(',');
    }

    private void closedComplaint(StringBuilder sb, SplittableRandom rand, boolean rejected, boolean justified,
                                 long resolved, boolean compensated, long orderValue, String cause) {
        sb.append(rejected ? "rejected" : "resolved").append(',').append(justified).append(',');
        h.timestamp(sb, resolved).append(',');
        if (compensated) {
            long cents = orderValue > 0
                    ? Math.max(500, Math.round(orderValue * (0.05 + 0.25 * rand.nextDouble())))
                    : 500 + 100L * rand.nextInt(46);
            Csv.cents(sb, cents);
        }
        sb.append(',').append(cause).append(',');
        h.timestamp(sb, resolved);
    }

    // ---------------------------------------------------------------- surveys

    private void nps() {
        if (firstOrder < 0) {
            return;
        }
        long until = churnAt >= 0 ? Math.min(horizon, churnAt + 365 * DAY) : horizon;
        int n = Rand.poisson(r, 0.3 * (until - firstOrder) / YEAR);
        for (int i = 0; i < n; i++) {
            long t = firstOrder + (long) (r.nextDouble() * (until - firstOrder));
            double score = 7.6 + 2 * satisfaction + 1.6 * Rand.normal(r);
            for (int c = 0; c < effects; c++) {
                if (effectAt[c] <= t) {
                    score -= effectBad[c] ? 3.0 : 0.7;
                }
            }
            if (churnAt >= 0 && t > churnAt) {
                score -= 1.5;
            }
            survey(t, "NPS", clamp((int) Math.round(score), 0, 10), "relationship", ' ', 0);
        }
    }

    /** {@code related} 'O' for an order, 'C' for a complaint, anything else for none. */
    private void survey(long t, String kind, int score, String touchpoint, char related, int relatedSeq) {
        if (t > horizon || surveySeq >= MAX_SURVEYS) {
            return;
        }
        StringBuilder sb = surveys;
        sb.append('R').append(digits);
        Csv.padded(sb, ++surveySeq, 3).append(',').append(id).append(',');
        h.timestamp(sb, t).append(',').append(kind).append(',').append(score).append(',').append(touchpoint)
                .append(',');
        if (related == 'O') {
            orderId(sb, relatedSeq);
        } else if (related == 'C') {
            sb.append("CP").append(digits);
            Csv.padded(sb, relatedSeq, 2);
        }
        out.endRow(Chunk.SURVEYS);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    // ---------------------------------------------------------------- contracts

    /**
     * Service contracts of most B2B customers and subscriptions of a few B2C customers: when
     * they start, their terms and fees. Complaints about a running contract (billing, service)
     * come at their own pace besides the order complaints.
     */
    private void planContracts() {
        if (r.nextDouble() >= (b2b ? B2B_CONTRACT_SHARE : B2C_SUBSCRIPTION_SHARE)) {
            return;
        }
        int count = b2b && r.nextDouble() >= 0.7 ? 2 : 1;
        long start = created;
        for (int k = 0; k < count; k++) {
            start += (long) (Rand.exponential(r, k == 0 ? (b2b ? 45 : 20) : 200) * DAY);
            if (start > horizon) {
                break;
            }
            int product = Catalog.SERVICES * Catalog.PRODUCTS_PER_CATEGORY + r.nextInt(Catalog.PRODUCTS_PER_CATEGORY);
            int seats = b2b ? 1 + (int) Rand.exponential(r, 3) : 1;
            contractStart[k] = start;
            contractProduct[k] = product;
            contractFee[k] = Math.round(catalog.listCents[product] * seats * (1 - 0.15 * r.nextDouble()));
            contractCancelled[k] = -1;
            contractReason[k] = null;
            cancelledNextDay[k] = -1;
            contractEnd[k] = -1;
            if (r.nextDouble() < 0.15) {
                // Fixed terms that ran out.
                long end = start / DAY * DAY + (r.nextBoolean() ? 365 : 730) * DAY;
                contractEnd[k] = end <= horizon ? end : -1;
            }
            contractRunsUntil[k] = contractEnd[k] >= 0 ? contractEnd[k] + DAY - 1 : horizon;
            contractCount++;
        }
        if (contractCount > 0) {
            contractComplaintMeanDays = 365.25
                    / (b2b ? B2B_CONTRACT_COMPLAINTS_PER_YEAR : B2C_CONTRACT_COMPLAINTS_PER_YEAR);
            nextContractComplaint = contractStart[0] + (long) (Rand.exponential(r, contractComplaintMeanDays) * DAY);
        }
    }

    /** Complaints about the contracts up to {@code t}, while one runs and the customer has not cancelled. */
    private void contractComplaintsUntil(long t) {
        while (contractCount > 0 && nextContractComplaint <= t && nextContractComplaint < quit
                && complaintSeq < MAX_COMPLAINTS) {
            long at = nextContractComplaint;
            nextContractComplaint += (long) (Rand.exponential(r, contractComplaintMeanDays) * DAY);
            if (running(at)) {
                complaint(at, 0, 0, -1);
            }
        }
    }

    /**
     * Ends and writes the contracts. A contract ends when the customer stops buying, now and
     * then for other reasons, and often after a complaint: a badly handled one (rejected,
     * left open, resolved late) makes the customer cancel what runs within two months more
     * often than not.
     */
    private void contracts() {
        if (contractCount == 0) {
            return;
        }
        for (int k = 0; k < contractCount; k++) {
            long start = contractStart[k];
            long cancelled = -1;
            String reason = null;
            if (churnAt >= 0 && r.nextDouble() < 0.45) {
                // A customer who stops buying also ends the subscription.
                cancelled = Math.max(start + DAY, churnAt + 14 * DAY + (long) (Rand.exponential(r, 40) * DAY));
                reason = leftAfterComplaint ? "service_issues"
                        : Catalog.CANCEL_REASONS[Rand.pick(r, Catalog.CANCEL_REASON_WEIGHTS)];
            } else if (r.nextDouble() < 0.06) {
                cancelled = start + 30 * DAY + (long) (r.nextDouble() * Math.max(DAY, horizon - start));
                reason = Catalog.CANCEL_REASONS[Rand.pick(r, Catalog.CANCEL_REASON_WEIGHTS)];
            }
            if (cancelled >= 0 && cancelled <= horizon && cancelled < contractRunsUntil[k]) {
                contractCancelled[k] = cancelled;
                contractReason[k] = reason;
                contractRunsUntil[k] = cancelled;
            } else if (cancelled > horizon && cancelled <= h.nextEnd && contractEnd[k] < 0) {
                cancelledNextDay[k] = cancelled;
                reasonNextDay[k] = reason;
            }
        }
        // Complaints about the contracts after the last order.
        contractComplaintsUntil(horizon);

        for (int k = 0; k < contractCount; k++) {
            long start = contractStart[k];
            if (start > quit) {
                // Nobody signs another contract after cancelling over a complaint.
                break;
            }
            if (quit <= horizon && quit <= contractRunsUntil[k]) {
                contractCancelled[k] = quit;
                contractReason[k] = quitBad ? "complaint" : "service_issues";
            } else if (quit > horizon && quit <= h.nextEnd && contractEnd[k] < 0 && contractCancelled[k] < 0
                    && (cancelledNextDay[k] < 0 || quit < cancelledNextDay[k])) {
                cancelledNextDay[k] = quit;
                reasonNextDay[k] = quitBad ? "complaint" : "service_issues";
            }
            long cancelled = contractCancelled[k];
            long endDate = contractEnd[k];
            if (cancelled >= 0) {
                endDate = (cancelled / DAY + 30) * DAY;
                if (endDate > horizon) {
                    endDate = -1;
                }
            }
            long updated = Math.max(start + HOUR, Math.max(cancelled, endDate));
            contractRow(contracts, k, endDate, cancelled, contractReason[k], Math.min(horizon, updated));
            out.endRow(Chunk.CONTRACTS);
            if (nextDay != null && cancelledNextDay[k] >= 0) {
                // Cancelled on the next day: the delta carries the contract again (its end lies 30 days on).
                contractRow(nextDay.out[Chunk.CONTRACTS], k, -1, cancelledNextDay[k], reasonNextDay[k],
                        cancelledNextDay[k]);
                nextDay.endRow(Chunk.CONTRACTS);
            }
        }
    }

    private void contractRow(StringBuilder sb, int k, long endDate, long cancelled, String reason, long updated) {
        sb.append('K').append(digits).append(k + 1).append(',').append(id).append(',')
                .append(catalog.productId[contractProduct[k]]).append(',');
        h.date(sb, contractStart[k]).append(',');
        if (endDate >= 0) {
            h.date(sb, endDate);
        }
        sb.append(',');
        if (cancelled >= 0) {
            h.timestamp(sb, cancelled);
        }
        sb.append(',');
        if (reason != null) {
            sb.append(reason);
        }
        sb.append(',');
        Csv.cents(sb, contractFee[k]).append(',');
        h.timestamp(sb, updated);
    }

    /** Whether one of the customer's contracts runs at {@code t}. */
    private boolean running(long t) {
        for (int k = 0; k < contractCount; k++) {
            if (contractStart[k] <= t && t <= contractRunsUntil[k]) {
                return true;
            }
        }
        return false;
    }

    /** When a complaint at {@code t} makes the customer cancel the running contracts; never is MAX_VALUE. */
    private long cancelAfter(long t, boolean bad) {
        if (contractCount == 0 || !running(t)) {
            return Long.MAX_VALUE;
        }
        if (r.nextDouble() >= (bad ? CANCEL_AFTER_BAD_COMPLAINT : CANCEL_AFTER_COMPLAINT)) {
            return Long.MAX_VALUE;
        }
        return t + (long) ((5 + 55 * r.nextDouble()) * DAY);
    }

    // ---------------------------------------------------------------- interactions

    private void interactions(boolean prospect) {
        long until;
        int n;
        if (prospect) {
            until = Math.min(horizon, created + 120 * DAY);
            n = 1 + r.nextInt(2);
        } else {
            until = churnAt >= 0 ? Math.min(horizon, churnAt + 180 * DAY) : horizon;
            n = Rand.poisson(r, (b2b ? 3.0 : 0.9) * (until - created) / YEAR);
        }
        for (int i = 0; i < n; i++) {
            long day = (created + (long) (r.nextDouble() * (until - created))) / DAY;
            long t = Math.max(created, day * DAY + 8 * HOUR + r.nextInt((int) (10 * HOUR)));
            if (t > horizon) {
                continue;
            }
            boolean outbound = r.nextDouble() < (prospect ? 0.7 : b2b ? 0.55 : 0.25);
            int channel = Rand.pick(r, outbound ? Catalog.OUTBOUND_CHANNEL : Catalog.INBOUND_CHANNEL);
            String topic = prospect ? Rand.any(r, Catalog.PROSPECT_TOPICS)
                    : Rand.any(r, outbound ? Catalog.OUTBOUND_TOPICS : Catalog.INBOUND_TOPICS);
            interaction(t, channel, outbound, topic);
        }
    }

    private void interaction(long t, int channel, boolean outbound, String topic) {
        if (interactionSeq >= MAX_INTERACTIONS) {
            return;
        }
        StringBuilder sb = interactions;
        sb.append('I').append(digits);
        Csv.padded(sb, ++interactionSeq, 3).append(',').append(id).append(',');
        h.timestamp(sb, t).append(',').append(Catalog.INTERACTION_CHANNELS[channel]).append(',')
                .append(outbound ? "outbound" : "inbound").append(',').append(topic).append(',');
        // Chat bots answer some chats without an agent.
        if (channel != 2 || r.nextDouble() < 0.7) {
            sb.append('A');
            Csv.padded(sb, 1 + r.nextInt(Catalog.AGENTS), 3);
        }
        out.endRow(Chunk.INTERACTIONS);
    }
}
