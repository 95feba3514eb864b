package io.clientele.demo;

import static io.clientele.demo.History.HOUR;

import java.util.SplittableRandom;

/**
 * The customer being simulated: its random streams, id, traits, and what has happened to it
 * so far. {@link CustomerSimulator} resets it for each customer ({@link #begin(int)}); the
 * per-entity simulators read and change it.
 */
final class CustomerState {

    static final int MAX_ORDERS = 999;
    static final int MAX_COMPLAINTS = 99;
    static final int MAX_SURVEYS = 999;
    static final int MAX_INTERACTIONS = 999;
    static final int MAX_CONTRACTS = 2;

    /** The stream every draw comes from: the customer's history stream, or the next day's while simulating it. */
    SplittableRandom r;
    /**
     * The next day's own random stream, so that the history draws exactly what it draws
     * without a delta and its files stay byte-identical.
     */
    SplittableRandom next;
    /** The customer row up to (without) the account owner, for a changed version on the next day. */
    String customerHead;

    String digits;
    String id;
    boolean b2b;
    long created;
    double orderRate;
    double dropout;
    double spend;
    double satisfaction;
    int favourite1;
    int favourite2;
    int orderSeq;
    int complaintSeq;
    int surveySeq;
    int interactionSeq;
    long firstOrder;
    long lastOrder;
    int lastOrderStatus;
    long lastOrderValue;
    long churnAt;
    boolean leftAfterComplaint;
    // Complaint consequences: when the customer weighs leaving, and how likely.
    final long[] effectAt = new long[MAX_COMPLAINTS];
    final double[] effectDrop = new double[MAX_COMPLAINTS];
    final boolean[] effectBad = new boolean[MAX_COMPLAINTS];
    int effects;
    int effectsSettled;
    // Every complaint written for the customer: when it came in, and whether it was handled badly
    // (rejected as unjustified, still open, or resolved after more than 30 days).
    final long[] complaintAt = new long[MAX_COMPLAINTS];
    final boolean[] complaintBad = new boolean[MAX_COMPLAINTS];
    // The customer's contracts, planned before the purchases so that complaints can end them.
    int contractCount;
    final long[] contractStart = new long[MAX_CONTRACTS];
    /** Until when each contract runs unless a complaint ends it sooner. */
    final long[] contractRunsUntil = new long[MAX_CONTRACTS];

    final int[] contractProduct = new int[MAX_CONTRACTS];
    final long[] contractFee = new long[MAX_CONTRACTS];
    final long[] contractCancelled = new long[MAX_CONTRACTS];
    final String[] contractReason = new String[MAX_CONTRACTS];
    final long[] contractEnd = new long[MAX_CONTRACTS];
    /** A cancellation that falls on the day after the run date (-1: none), for the next-day delta. */
    final long[] cancelledNextDay = new long[MAX_CONTRACTS];

    final String[] reasonNextDay = new String[MAX_CONTRACTS];
    double contractComplaintMeanDays;
    long nextContractComplaint;
    /** When the customer cancels the running contracts after a complaint (MAX_VALUE: never). */
    long quit;

    boolean quitBad;

    /** Starts customer number {@code index} (ids count from 1). */
    void begin(int index) {
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

    /** A second of a day, its hour drawn from {@code hours} (cumulative weights). */
    long timeOfDay(double[] hours) {
        return Rand.pick(r, hours) * HOUR + r.nextInt((int) HOUR);
    }

    /** The id of the customer's order {@code seq}, e.g. O0000042007. */
    StringBuilder orderId(StringBuilder sb, int seq) {
        sb.append('O').append(digits);
        return Csv.padded(sb, seq, 3);
    }

    /** Whether one of the customer's contracts runs at {@code t}. */
    boolean running(long t) {
        for (int k = 0; k < contractCount; k++) {
            if (contractStart[k] <= t && t <= contractRunsUntil[k]) {
                return true;
            }
        }
        return false;
    }

    static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
