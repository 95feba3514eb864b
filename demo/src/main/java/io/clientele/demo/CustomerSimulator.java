package io.clientele.demo;

import static io.clientele.demo.History.DAY;

import java.util.SplittableRandom;

/**
 * Simulates one customer's life at a time and appends its rows to a {@link Chunk}: signs
 * the customer up ({@link CustomerRowSimulator}), plans their contracts
 * ({@link ContractSimulator}), lets them buy ({@link OrderSimulator}; complaints, surveys
 * and contacts follow from {@link ComplaintSimulator}, {@link SurveySimulator} and
 * {@link InteractionSimulator}), ends and writes the contracts, and adds relationship
 * surveys and contacts. The customer's state is a {@link CustomerState}; where rows go, an
 * {@link Output}.
 *
 * <p>Complaints come after bad orders, about running contracts, and from customers who
 * have stopped buying, months after their last order, before they are gone for good.
 *
 * <p>Each customer draws from its own {@code SplittableRandom} seeded from (seed, index),
 * and ids are built from the customer number, so chunks can be simulated in any order on
 * any thread and still give the same bytes. The draws happen in a fixed order: changing
 * that order changes every file after it.
 */
final class CustomerSimulator {

    private static final double B2B_SHARE = 0.15;
    private static final double PROSPECT_SHARE = 0.03;
    /** Customers per day grow by this factor from the first to the last day of the history. */
    static final double GROWTH = 2.5;

    private static final double LOG_GROWTH = StrictMath.log(GROWTH);
    /** Salt of the next day's random streams (any constant; it only has to differ from the history's). */
    private static final long NEXT_DAY_SALT = 0x6E65787464617921L;

    private final long seed;
    private final int customerCount;
    private final History h;
    private final CustomerState c = new CustomerState();
    private final Output o;
    private final CustomerRowSimulator customerRows;
    private final InteractionSimulator interactions;
    private final SurveySimulator surveys;
    private final ComplaintSimulator complaints;
    private final ContractSimulator contracts;
    private final OrderSimulator orders;

    CustomerSimulator(long seed, int customerCount, History history, Catalog catalog, Chunk out) {
        this(seed, customerCount, history, catalog, out, null);
    }

    /** @param nextDay where the rows new or changed on the day after the run date go; null for none */
    CustomerSimulator(long seed, int customerCount, History history, Catalog catalog, Chunk out, Chunk nextDay) {
        this.seed = seed;
        this.customerCount = customerCount;
        this.h = history;
        this.o = new Output(history, out, nextDay);
        this.customerRows = new CustomerRowSimulator(h, o, c);
        this.interactions = new InteractionSimulator(h, o, c);
        this.surveys = new SurveySimulator(h, o, c);
        this.complaints = new ComplaintSimulator(h, o, c, interactions, surveys);
        this.contracts = new ContractSimulator(h, catalog, o, c, complaints);
        this.orders = new OrderSimulator(h, catalog, o, c, complaints, surveys);
    }

    void simulateAll() {
        for (int i = o.history.from; i < o.history.to; i++) {
            simulate(i);
        }
    }

    /** Customers who sign up on the day after the run date: the ids of the next-day chunk's range. */
    void simulateNewCustomers() {
        for (int i = o.nextDay.from; i < o.nextDay.to; i++) {
            newCustomer(i);
        }
    }

    private void simulate(int index) {
        o.toHistory();
        c.r = new SplittableRandom(Rand.mix(seed, index));
        c.next = o.withNextDay() ? new SplittableRandom(Rand.mix(seed ^ NEXT_DAY_SALT, index)) : null;
        c.begin(index);
        c.created = createdAt(index);
        boolean prospect = signUp();
        if (!prospect) {
            contracts.plan();
            orders.purchases();
            contracts.endAndWrite();
            surveys.nps();
        }
        interactions.interactions(prospect);
        if (o.withNextDay()) {
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
        o.toNextDay();
        c.r = c.next;
        long day = h.end + 1;
        orders.nextDay(day, prospect);
        interactions.nextDay(day, prospect);
        surveys.nextDay(day);
        customerRows.nextDay(day);
    }

    /** Draws a new customer's kind and mood (after their created time), writes their row; @return a prospect? */
    private boolean signUp() {
        c.b2b = c.r.nextDouble() < B2B_SHARE;
        boolean prospect = c.r.nextDouble() < PROSPECT_SHARE;
        c.satisfaction = 0.45 * Rand.normal(c.r);
        customerRows.customerRow();
        c.contractCount = 0;
        c.quit = Long.MAX_VALUE;
        c.quitBad = false;
        return prospect;
    }

    /** A customer who signs up on the day after the run date, and perhaps orders at once. */
    private void newCustomer(int index) {
        o.toNextDay();
        c.r = new SplittableRandom(Rand.mix(seed ^ NEXT_DAY_SALT, index));
        c.next = c.r;
        c.begin(index);
        c.created = h.end + 1 + c.timeOfDay(Catalog.B2C_HOURS);
        boolean prospect = signUp();
        if (!prospect) {
            orders.purchases();
        }
    }

    /** Customer ids grow with created_at; sign-ups per day grow exponentially over the history. */
    private long createdAt(int index) {
        double u = (index + c.r.nextDouble()) / customerCount;
        double x = StrictMath.log1p(u * (GROWTH - 1)) / LOG_GROWTH;
        int day = Math.min(h.days - 1, (int) (x * h.days));
        return day * DAY + c.timeOfDay(Catalog.B2C_HOURS);
    }
}
