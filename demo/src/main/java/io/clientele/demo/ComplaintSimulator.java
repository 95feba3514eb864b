package io.clientele.demo;

import static io.clientele.demo.History.DAY;
import static io.clientele.demo.History.HOUR;
import static io.clientele.demo.History.MINUTE;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Complaints (complaints.csv) and what they lead to. A badly handled complaint (late, never
 * closed, or rejected) often makes the customer leave, and a contract customer then cancels
 * the running contracts within two months. Complaints about a running contract (billing,
 * service) come at their own pace besides the order complaints.
 */
final class ComplaintSimulator {

    /** The columns each row is written in: the order of schemas/sources/complaints.json. */
    static final List<String> COLUMNS = List.of(
            "complaint_id",
            "customer_id",
            "order_id",
            "received_at",
            "channel",
            "category",
            "severity",
            "status",
            "justified",
            "resolved_at",
            "compensation_amount",
            "root_cause",
            "updated_at");

    /** Chance that a complaint ends the running contracts: badly handled, or otherwise. */
    private static final double CANCEL_AFTER_BAD_COMPLAINT = 0.65;

    private static final double CANCEL_AFTER_COMPLAINT = 0.15;

    private final History h;
    private final Output o;
    private final CustomerState c;
    private final InteractionSimulator interactions;
    private final SurveySimulator surveys;

    ComplaintSimulator(
            History h, Output o, CustomerState c, InteractionSimulator interactions, SurveySimulator surveys) {
        this.h = h;
        this.o = o;
        this.c = c;
        this.interactions = interactions;
        this.surveys = surveys;
    }

    /** Complaints about the contracts up to {@code t}, while one runs and the customer has not cancelled. */
    void contractComplaintsUntil(long t) {
        while (c.contractCount > 0
                && c.nextContractComplaint <= t
                && c.nextContractComplaint < c.quit
                && c.complaintSeq < CustomerState.MAX_COMPLAINTS) {
            long at = c.nextContractComplaint;
            c.nextContractComplaint += (long) (Rand.exponential(c.r, c.contractComplaintMeanDays) * DAY);
            if (c.running(at)) {
                complaint(at, 0, 0, -1);
            }
        }
    }

    /** Settles the complaint consequences due before {@code t}; true if the customer has left. */
    boolean leavesAfterComplaint(long t) {
        for (int i = c.effectsSettled; i < c.effects; i++) {
            if (c.effectAt[i] <= t && c.effectDrop[i] > 0) {
                double drop = c.effectDrop[i];
                c.effectDrop[i] = 0;
                if (c.r.nextDouble() < drop) {
                    c.churnAt = c.effectAt[i];
                    c.leftAfterComplaint = true;
                    return true;
                }
            }
        }
        while (c.effectsSettled < c.effects && c.effectDrop[c.effectsSettled] == 0) {
            c.effectsSettled++;
        }
        return false;
    }

    /**
     * A complaint received at {@code received}, about order {@code orderSeqOrZero} (0: none) of
     * that value and {@link OrderSimulator} status (-1: none); nothing after the horizon.
     */
    void complaint(long received, int orderSeqOrZero, long orderValue, int orderStatus) {
        if (received > o.horizon || c.complaintSeq >= CustomerState.MAX_COMPLAINTS) {
            return;
        }
        int seq = ++c.complaintSeq;
        int channel = Rand.pick(c.r, Catalog.COMPLAINT_CHANNEL);
        double[] categories = orderSeqOrZero == 0
                ? Catalog.UNLINKED_COMPLAINT_CATEGORY
                : orderStatus == OrderSimulator.CANCELLED
                        ? Catalog.CANCELLED_COMPLAINT_CATEGORY
                        : orderStatus == OrderSimulator.RETURNED
                                ? Catalog.RETURNED_COMPLAINT_CATEGORY
                                : Catalog.COMPLETED_COMPLAINT_CATEGORY;
        int category = Rand.pick(c.r, categories);
        int severity = Rand.pick(c.r, Catalog.SEVERITY_WEIGHTS);
        boolean neverClosed = c.r.nextDouble() < 0.035;
        boolean late = c.r.nextDouble() < 0.12;
        long delay = late
                ? (long) ((30 + 90 * c.r.nextDouble()) * DAY)
                : (long) (Math.min(29.5, Rand.logNormal(c.r, 3.5, 0.9)) * DAY);
        boolean justified = c.r.nextDouble() < (severity >= 2 ? 0.72 : 0.58);
        boolean rejected = !justified && c.r.nextDouble() < 0.75;
        long resolved = received + delay;
        boolean open = neverClosed || resolved > o.horizon;
        boolean compensated = !open && justified && c.r.nextDouble() < 0.45;
        String[] causes = Catalog.ROOT_CAUSES[category];
        String cause = causes[c.r.nextInt(causes.length)];

        StringBuilder sb = o.complaints;
        complaintHead(sb, seq, orderSeqOrZero, received, channel, category, severity);
        if (open) {
            // status, justified, resolved_at, compensation_amount
            sb.append("open,,,,");
            // root_cause: often only known once the case is closed.
            if (c.r.nextDouble() < 0.4) {
                sb.append(cause);
            }
            sb.append(',');
            // updated_at
            h.timestamp(sb, Math.min(o.horizon, received + 10 * MINUTE + c.r.nextInt((int) DAY)));
        } else {
            closedComplaint(sb, c.r, rejected, justified, resolved, compensated, orderValue, cause);
        }
        o.out.endRow(Chunk.COMPLAINTS);
        if (open && !neverClosed && o.nextDay != null && o.simulatingHistory && resolved <= h.nextEnd) {
            // Closed on the next day: the delta carries the case again, closed.
            StringBuilder closed = o.nextDay.out[Chunk.COMPLAINTS];
            complaintHead(closed, seq, orderSeqOrZero, received, channel, category, severity);
            closedComplaint(
                    closed,
                    c.next,
                    rejected,
                    justified,
                    resolved,
                    justified && c.next.nextDouble() < 0.45,
                    orderValue,
                    cause);
            o.nextDay.endRow(Chunk.COMPLAINTS);
        }
        boolean handledBadly = open || late || rejected;
        c.complaintAt[seq - 1] = received;
        c.complaintBad[seq - 1] = handledBadly;
        long cancelAt = cancelAfter(received, handledBadly);
        if (cancelAt < c.quit) {
            c.quit = cancelAt;
            c.quitBad = handledBadly;
        }

        // Late, never closed or (as the customer sees it) wrongly rejected: likely to leave.
        boolean bad = neverClosed || late || (rejected && c.r.nextDouble() < 0.9);
        c.effectAt[c.effects] = received + Math.min(neverClosed ? 30 * DAY : delay, 30 * DAY);
        c.effectDrop[c.effects] = bad ? 0.9 : 0.5;
        c.effectBad[c.effects] = bad;
        c.effects++;
        c.dropout = bad ? Math.max(0.6, c.dropout) : Math.min(0.9, c.dropout * 1.5);

        if (channel != 2) {
            int interactionChannel = channel == 0 ? 1 : channel == 1 ? 0 : 2;
            interactions.interaction(received, interactionChannel, false, "complaint");
        }
        if (!open && c.r.nextDouble() < 0.35) {
            double mean = rejected ? 1.9 : 3.5 + (compensated ? 0.5 : 0) - (late ? 0.8 : 0);
            int score = CustomerState.clamp((int) Math.round(mean + c.satisfaction + Rand.normal(c.r)), 1, 5);
            long answered = resolved + HOUR + (long) (Rand.exponential(c.r, 1.0) * DAY);
            surveys.survey(answered, "CSAT", score, "complaint", 'C', seq);
        }
    }

    /** complaint_id, customer_id, order_id, received_at, channel, category, severity (and the comma after it). */
    private void complaintHead(
            StringBuilder sb, int seq, int orderSeqOrZero, long received, int channel, int category, int severity) {
        sb.append("CP").append(c.digits);
        Csv.padded(sb, seq, 2).append(',').append(c.id).append(',');
        if (orderSeqOrZero > 0) {
            c.orderId(sb, orderSeqOrZero);
        }
        sb.append(',');
        h.timestamp(sb, received)
                .append(',')
                .append(Catalog.CONTACT_CHANNELS[channel])
                .append(',')
                .append(Catalog.COMPLAINT_CATEGORIES[category])
                .append(',')
                .append(Catalog.SEVERITIES[severity])
                .append(',');
    }

    /** status, justified, resolved_at, compensation_amount, root_cause, updated_at of a closed case. */
    private void closedComplaint(
            StringBuilder sb,
            SplittableRandom rand,
            boolean rejected,
            boolean justified,
            long resolved,
            boolean compensated,
            long orderValue,
            String cause) {
        sb.append(rejected ? "rejected" : "resolved")
                .append(',')
                .append(justified)
                .append(',');
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

    /** When a complaint at {@code t} makes the customer cancel the running contracts; never is MAX_VALUE. */
    private long cancelAfter(long t, boolean bad) {
        if (c.contractCount == 0 || !c.running(t)) {
            return Long.MAX_VALUE;
        }
        if (c.r.nextDouble() >= (bad ? CANCEL_AFTER_BAD_COMPLAINT : CANCEL_AFTER_COMPLAINT)) {
            return Long.MAX_VALUE;
        }
        return t + (long) ((5 + 55 * c.r.nextDouble()) * DAY);
    }
}
