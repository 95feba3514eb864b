package io.clientele.demo;

import static io.clientele.demo.History.DAY;
import static io.clientele.demo.History.HOUR;
import static io.clientele.demo.History.MINUTE;
import static io.clientele.demo.History.YEAR;

import java.util.List;

/**
 * A customer's purchases (orders.csv and order_lines.csv). Purchasing follows BG/NBD: a
 * gamma-distributed personal order rate, and after each order a beta-distributed chance to
 * drop out for good; order value varies around a gamma-distributed personal spend level
 * (gamma-gamma). Seasonality thins the order stream.
 */
final class OrderSimulator {

    /** The columns each row is written in: the order of schemas/sources/orders.json and order_lines.json. */
    static final List<String> ORDER_COLUMNS =
            List.of("order_id", "customer_id", "order_ts", "channel", "status", "updated_at");

    static final List<String> LINE_COLUMNS =
            List.of("order_id", "line_no", "product_id", "quantity", "unit_price", "discount_amount");

    static final int COMPLETED = 0;
    static final int CANCELLED = 1;
    static final int RETURNED = 2;
    private static final String[] ORDER_STATUS = {"completed", "cancelled", "returned"};

    private static final int MAX_LINES = 5;
    /** Mean orders per day before seasonality. */
    private static final double MEAN_ORDER_RATE = 1.0 / 28;

    private static final double[] LINE_COUNT = Rand.cumulative(40, 26, 17, 10, 7);
    private static final double CANCEL_SHARE = 0.04;
    private static final double RETURN_SHARE = 0.031;
    private static final double RETURN_LINE_SHARE = 0.035;
    /** Share of changed orders whose earlier state the extract still carries (0.5 % of all orders). */
    private static final double UPSERT_SHARE_OF_CHANGED = 0.07;
    /** Chance that a customer who stopped buying complains once more before leaving for good. */
    private static final double LATE_COMPLAINT_SHARE = 0.11;

    private final History h;
    private final Catalog catalog;
    private final Output o;
    private final CustomerState c;
    private final ComplaintSimulator complaints;
    private final SurveySimulator surveys;
    // Lines of the current order, for a return line.
    private final int[] lineProduct = new int[MAX_LINES];
    private final int[] lineQuantity = new int[MAX_LINES];
    private final long[] linePrice = new long[MAX_LINES];

    OrderSimulator(
            History h,
            Catalog catalog,
            Output o,
            CustomerState c,
            ComplaintSimulator complaints,
            SurveySimulator surveys) {
        this.h = h;
        this.catalog = catalog;
        this.o = o;
        this.c = c;
        this.complaints = complaints;
        this.surveys = surveys;
    }

    /** Draws the customer's buying traits and places orders until they drop out or the horizon. */
    void purchases() {
        c.orderRate = Math.min(0.4, Rand.gamma(c.r, 0.9, MEAN_ORDER_RATE / 0.9) * (c.b2b ? 1.8 : 1.0));
        c.dropout = c.b2b ? Rand.beta(c.r, 1.0, 6.0) : Rand.beta(c.r, 1.4, 4.2);
        c.spend = Rand.gamma(c.r, 2.5, 0.4);
        c.favourite1 = Rand.pick(c.r, Catalog.SHOPPING_CATEGORY);
        c.favourite2 = Rand.pick(c.r, Catalog.SHOPPING_CATEGORY);

        // Most first orders come with the sign-up itself.
        long t = c.created
                + (c.r.nextDouble() < 0.55
                        ? 5 * MINUTE + c.r.nextInt((int) (2 * HOUR))
                        : (long) (Rand.exponential(c.r, 8) * DAY));
        while (t <= o.horizon && c.orderSeq < CustomerState.MAX_ORDERS) {
            complaints.contractComplaintsUntil(t);
            if (c.quit <= t) {
                // Cancelled the contracts after a complaint, and buys nothing more either.
                c.churnAt = c.quit;
                c.leftAfterComplaint = true;
                break;
            }
            if (complaints.leavesAfterComplaint(t)) {
                break;
            }
            order(t);
            if (c.r.nextDouble() < c.dropout) {
                c.churnAt = t;
                break;
            }
            t = nextOrder(t);
        }
        if (c.churnAt >= 0 && !c.leftAfterComplaint) {
            lateComplaint();
        }
    }

    /** An order on the day after the run date, at the customer's current rate, if still buying. */
    void nextDay(long day, boolean prospect) {
        boolean buying = !prospect && c.firstOrder >= 0 && c.churnAt < 0 && c.quit > h.end;
        if (buying
                && !complaints.leavesAfterComplaint(day)
                && c.r.nextDouble() < -Math.expm1(-c.orderRate * Catalog.SEASONALITY[h.monthOfYear(day)])) {
            order(day + c.timeOfDay(c.b2b ? Catalog.B2B_HOURS : Catalog.B2C_HOURS));
        }
    }

    /**
     * Customers who have stopped buying sometimes complain once more before they are gone for
     * good: a bill, the service, or a late follow-up on their last order, two to seven months
     * after that order. Unhappy customers do so more often.
     */
    private void lateComplaint() {
        double chance = LATE_COMPLAINT_SHARE * (c.satisfaction < 0 ? 1.5 : 0.5);
        if (c.r.nextDouble() >= chance) {
            return;
        }
        long day = c.lastOrder / DAY + 60 + (long) (140 * Rand.beta(c.r, 4.0, 2.2));
        long received = day * DAY + c.timeOfDay(c.b2b ? Catalog.B2B_HOURS : Catalog.B2C_HOURS);
        if (c.r.nextDouble() < 0.3) {
            complaints.complaint(received, c.orderSeq, c.lastOrderValue, c.lastOrderStatus);
        } else {
            complaints.complaint(received, 0, 0, -1);
        }
    }

    /** The next order: a Poisson stream at the peak rate, thinned by the month's seasonality. */
    private long nextOrder(long previous) {
        double peakMeanDays = 1.0 / (c.orderRate * Catalog.MAX_SEASONALITY);
        long t = previous;
        while (true) {
            t += (long) (Rand.exponential(c.r, peakMeanDays) * DAY);
            if (t > o.horizon) {
                return t;
            }
            if (c.r.nextDouble() * Catalog.MAX_SEASONALITY < Catalog.SEASONALITY[h.monthOfYear(t)]) {
                break;
            }
        }
        long placed = (t / DAY) * DAY + c.timeOfDay(c.b2b ? Catalog.B2B_HOURS : Catalog.B2C_HOURS);
        return placed > previous ? placed : previous + 10 * MINUTE + c.r.nextInt((int) (2 * HOUR));
    }

    /** An order placed at {@code t}: its lines, its status, and the complaint or survey it may bring. */
    void order(long t) {
        int seq = ++c.orderSeq;
        if (c.firstOrder < 0) {
            c.firstOrder = t;
        }
        c.lastOrder = t;
        int channel = Rand.pick(c.r, c.b2b ? Catalog.B2B_ORDER_CHANNEL : Catalog.B2C_ORDER_CHANNEL);
        // Past prices were lower than today's list price.
        double priceLevel = 1.0 - 0.03 * ((o.horizon - t) / YEAR);
        double orderScale = c.spend * Rand.gamma(c.r, 4.0, 0.25);
        int n = 1 + Rand.pick(c.r, LINE_COUNT);
        long value = 0;
        for (int i = 0; i < n; i++) {
            int product = product();
            int quantity = 1 + (int) Rand.exponential(c.r, (c.b2b ? 4.0 : 0.45) * orderScale);
            quantity = Math.min(quantity, 999);
            double price = catalog.listCents[product] * priceLevel;
            if (c.r.nextDouble() < 0.22) {
                price *= 0.85 + 0.13 * c.r.nextDouble();
            }
            long unit = Math.max(1, Math.round(price));
            long discount = -1;
            if (c.r.nextDouble() < (c.b2b ? 0.35 : 0.1)) {
                discount = Math.round(quantity * unit * (0.05 + 0.2 * c.r.nextDouble()));
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
        double u = c.r.nextDouble();
        if (u < CANCEL_SHARE) {
            status = CANCELLED;
            updated = t + 5 * MINUTE + c.r.nextInt((int) (48 * HOUR));
        } else if (u < CANCEL_SHARE + RETURN_SHARE) {
            updated = t + (long) ((3 + 27 * c.r.nextDouble()) * DAY);
            // A return after the run date has not happened yet (but may tomorrow).
            status = updated <= o.horizon ? RETURNED : COMPLETED;
            if (status == COMPLETED && o.nextDay != null && o.simulatingHistory && updated <= h.nextEnd) {
                returnedNextDay = updated;
            }
        }
        if (status == COMPLETED) {
            updated = t + HOUR + c.r.nextInt((int) (72 * HOUR));
            if (c.r.nextDouble() < RETURN_LINE_SHARE) {
                int k = c.r.nextInt(n);
                int back = 1 + c.r.nextInt(lineQuantity[k]);
                value -= back * linePrice[k];
                orderLine(seq, n + 1, lineProduct[k], -back, linePrice[k], -1);
            }
        }
        updated = Math.min(updated, o.horizon);

        Chunk out = o.out;
        if (status != COMPLETED && c.r.nextDouble() < UPSERT_SHARE_OF_CHANGED) {
            // The extract first saw the order completed; the change arrives as a later row.
            orderRow(o.orders, seq, t, channel, COMPLETED, t + (updated - t) / 3);
            out.endRow(Chunk.ORDERS);
            orderRow(out.orderUpdates, seq, t, channel, status, updated);
            out.orderUpdates.append('\n');
            out.orderUpdateRows++;
        } else {
            orderRow(o.orders, seq, t, channel, status, updated);
            out.endRow(Chunk.ORDERS);
        }
        if (returnedNextDay >= 0) {
            orderRow(o.nextDay.out[Chunk.ORDERS], seq, t, channel, RETURNED, returnedNextDay);
            o.nextDay.endRow(Chunk.ORDERS);
        }

        afterOrder(seq, t, updated, status, value);
    }

    /** A product: mostly from the customer's two favourite categories, a few best sellers each. */
    private int product() {
        int category;
        double u = c.r.nextDouble();
        if (u < 0.4) {
            category = c.favourite1;
        } else if (u < 0.65) {
            category = c.favourite2;
        } else {
            category = Rand.pick(c.r, Catalog.SHOPPING_CATEGORY);
        }
        double v = c.r.nextDouble();
        // A few best sellers per category.
        return category * Catalog.PRODUCTS_PER_CATEGORY + (int) (Catalog.PRODUCTS_PER_CATEGORY * v * v);
    }

    /** One order row: {@link #ORDER_COLUMNS}. */
    private void orderRow(StringBuilder sb, int seq, long t, int channel, int status, long updated) {
        // order_id, customer_id, order_ts, channel, status, updated_at
        c.orderId(sb, seq).append(',').append(c.id).append(',');
        h.timestamp(sb, t)
                .append(',')
                .append(Catalog.ORDER_CHANNELS[channel])
                .append(',')
                .append(ORDER_STATUS[status])
                .append(',');
        h.timestamp(sb, updated);
    }

    /** One order line: {@link #LINE_COLUMNS}; no discount is -1. */
    private void orderLine(int seq, int lineNo, int product, int quantity, long unit, long discount) {
        StringBuilder sb = o.lines;
        // order_id, line_no, product_id, quantity, unit_price, discount_amount
        c.orderId(sb, seq)
                .append(',')
                .append(lineNo)
                .append(',')
                .append(catalog.productId[product])
                .append(',')
                .append(quantity)
                .append(',');
        Csv.cents(sb, unit).append(',');
        if (discount >= 0) {
            Csv.cents(sb, discount);
        }
        o.out.endRow(Chunk.ORDER_LINES);
    }

    /** What an order may bring: a complaint (more often after a cancellation or return), a CSAT survey. */
    private void afterOrder(int seq, long t, long updated, int status, long value) {
        c.lastOrderStatus = status;
        c.lastOrderValue = value;
        double complaintChance = status == COMPLETED ? 0.004 : status == CANCELLED ? 0.06 : 0.08;
        if (c.r.nextDouble() < complaintChance) {
            long base = status == RETURNED ? updated : t;
            long received = base + HOUR + (long) (Rand.exponential(c.r, 2.5) * DAY);
            complaints.complaint(received, c.r.nextDouble() < 0.85 ? seq : 0, value, status);
        } else if (c.r.nextDouble() < 0.0015) {
            // Billing or service trouble that is not about one order.
            complaints.complaint(t + (long) (Rand.exponential(c.r, 20) * DAY), 0, 0, -1);
        }
        double surveyChance = status == COMPLETED ? 0.1 : status == RETURNED ? 0.15 : 0.08;
        if (c.r.nextDouble() < surveyChance) {
            double mean = status == COMPLETED ? 4.25 : 2.9;
            int score = CustomerState.clamp((int) Math.round(mean + c.satisfaction + Rand.normal(c.r) * 0.9), 1, 5);
            long answered = updated + HOUR + (long) (Rand.exponential(c.r, 1.5) * DAY);
            surveys.survey(answered, "CSAT", score, "order", 'O', seq);
        }
    }
}
