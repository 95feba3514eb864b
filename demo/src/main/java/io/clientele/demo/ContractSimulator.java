package io.clientele.demo;

import static io.clientele.demo.History.DAY;
import static io.clientele.demo.History.HOUR;

import java.util.List;

/**
 * Service contracts of most B2B customers and subscriptions of a few B2C customers
 * (contracts.csv): planned before the purchases, so that complaints can end them, and
 * ended and written after them.
 */
final class ContractSimulator {

    /** The columns each row is written in: the order of schemas/sources/contracts.json. */
    static final List<String> COLUMNS = List.of(
            "contract_id",
            "customer_id",
            "product_id",
            "start_date",
            "end_date",
            "cancelled_at",
            "cancel_reason",
            "monthly_fee",
            "updated_at");

    /** Share of B2B customers with service contracts, and of B2C customers with a subscription. */
    private static final double B2B_CONTRACT_SHARE = 0.85;

    private static final double B2C_SUBSCRIPTION_SHARE = 0.10;
    /** Complaints per year about a running contract (billing, service), apart from order complaints. */
    private static final double B2B_CONTRACT_COMPLAINTS_PER_YEAR = 0.22;

    private static final double B2C_CONTRACT_COMPLAINTS_PER_YEAR = 0.08;

    private final History h;
    private final Catalog catalog;
    private final Output o;
    private final CustomerState c;
    private final ComplaintSimulator complaints;

    ContractSimulator(History h, Catalog catalog, Output o, CustomerState c, ComplaintSimulator complaints) {
        this.h = h;
        this.catalog = catalog;
        this.o = o;
        this.c = c;
        this.complaints = complaints;
    }

    /**
     * When the customer's contracts start, their terms and fees, and when the first complaint
     * about them comes.
     */
    void plan() {
        if (c.r.nextDouble() >= (c.b2b ? B2B_CONTRACT_SHARE : B2C_SUBSCRIPTION_SHARE)) {
            return;
        }
        int count = c.b2b && c.r.nextDouble() >= 0.7 ? 2 : 1;
        long start = c.created;
        for (int k = 0; k < count; k++) {
            start += (long) (Rand.exponential(c.r, k == 0 ? (c.b2b ? 45 : 20) : 200) * DAY);
            if (start > o.horizon) {
                break;
            }
            int product = Catalog.SERVICES * Catalog.PRODUCTS_PER_CATEGORY + c.r.nextInt(Catalog.PRODUCTS_PER_CATEGORY);
            int seats = c.b2b ? 1 + (int) Rand.exponential(c.r, 3) : 1;
            c.contractStart[k] = start;
            c.contractProduct[k] = product;
            c.contractFee[k] = Math.round(catalog.listCents[product] * seats * (1 - 0.15 * c.r.nextDouble()));
            c.contractCancelled[k] = -1;
            c.contractReason[k] = null;
            c.cancelledNextDay[k] = -1;
            c.contractEnd[k] = -1;
            if (c.r.nextDouble() < 0.15) {
                // Fixed terms that ran out.
                long end = start / DAY * DAY + (c.r.nextBoolean() ? 365 : 730) * DAY;
                c.contractEnd[k] = end <= o.horizon ? end : -1;
            }
            c.contractRunsUntil[k] = c.contractEnd[k] >= 0 ? c.contractEnd[k] + DAY - 1 : o.horizon;
            c.contractCount++;
        }
        if (c.contractCount > 0) {
            c.contractComplaintMeanDays =
                    365.25 / (c.b2b ? B2B_CONTRACT_COMPLAINTS_PER_YEAR : B2C_CONTRACT_COMPLAINTS_PER_YEAR);
            c.nextContractComplaint =
                    c.contractStart[0] + (long) (Rand.exponential(c.r, c.contractComplaintMeanDays) * DAY);
        }
    }

    /**
     * Ends and writes the contracts. A contract ends when the customer stops buying, now and
     * then for other reasons, and often after a complaint: a badly handled one (rejected,
     * left open, resolved late) makes the customer cancel what runs within two months more
     * often than not.
     */
    void endAndWrite() {
        if (c.contractCount == 0) {
            return;
        }
        for (int k = 0; k < c.contractCount; k++) {
            long start = c.contractStart[k];
            long cancelled = -1;
            String reason = null;
            if (c.churnAt >= 0 && c.r.nextDouble() < 0.45) {
                // A customer who stops buying also ends the subscription.
                cancelled = Math.max(start + DAY, c.churnAt + 14 * DAY + (long) (Rand.exponential(c.r, 40) * DAY));
                reason = c.leftAfterComplaint
                        ? "service_issues"
                        : Catalog.CANCEL_REASONS[Rand.pick(c.r, Catalog.CANCEL_REASON_WEIGHTS)];
            } else if (c.r.nextDouble() < 0.06) {
                cancelled = start + 30 * DAY + (long) (c.r.nextDouble() * Math.max(DAY, o.horizon - start));
                reason = Catalog.CANCEL_REASONS[Rand.pick(c.r, Catalog.CANCEL_REASON_WEIGHTS)];
            }
            if (cancelled >= 0 && cancelled <= o.horizon && cancelled < c.contractRunsUntil[k]) {
                c.contractCancelled[k] = cancelled;
                c.contractReason[k] = reason;
                c.contractRunsUntil[k] = cancelled;
            } else if (cancelled > o.horizon && cancelled <= h.nextEnd && c.contractEnd[k] < 0) {
                c.cancelledNextDay[k] = cancelled;
                c.reasonNextDay[k] = reason;
            }
        }
        // Complaints about the contracts after the last order.
        complaints.contractComplaintsUntil(o.horizon);

        for (int k = 0; k < c.contractCount; k++) {
            long start = c.contractStart[k];
            if (start > c.quit) {
                // Nobody signs another contract after cancelling over a complaint.
                break;
            }
            if (c.quit <= o.horizon && c.quit <= c.contractRunsUntil[k]) {
                c.contractCancelled[k] = c.quit;
                c.contractReason[k] = c.quitBad ? "complaint" : "service_issues";
            } else if (c.quit > o.horizon
                    && c.quit <= h.nextEnd
                    && c.contractEnd[k] < 0
                    && c.contractCancelled[k] < 0
                    && (c.cancelledNextDay[k] < 0 || c.quit < c.cancelledNextDay[k])) {
                c.cancelledNextDay[k] = c.quit;
                c.reasonNextDay[k] = c.quitBad ? "complaint" : "service_issues";
            }
            long cancelled = c.contractCancelled[k];
            long endDate = c.contractEnd[k];
            if (cancelled >= 0) {
                endDate = (cancelled / DAY + 30) * DAY;
                if (endDate > o.horizon) {
                    endDate = -1;
                }
            }
            long updated = Math.max(start + HOUR, Math.max(cancelled, endDate));
            contractRow(o.contracts, k, endDate, cancelled, c.contractReason[k], Math.min(o.horizon, updated));
            o.out.endRow(Chunk.CONTRACTS);
            if (o.nextDay != null && c.cancelledNextDay[k] >= 0) {
                // Cancelled on the next day: the delta carries the contract again (its end lies 30 days on).
                contractRow(
                        o.nextDay.out[Chunk.CONTRACTS],
                        k,
                        -1,
                        c.cancelledNextDay[k],
                        c.reasonNextDay[k],
                        c.cancelledNextDay[k]);
                o.nextDay.endRow(Chunk.CONTRACTS);
            }
        }
    }

    /** One contract row: {@link #COLUMNS}. */
    private void contractRow(StringBuilder sb, int k, long endDate, long cancelled, String reason, long updated) {
        // contract_id, customer_id, product_id, start_date
        sb.append('K')
                .append(c.digits)
                .append(k + 1)
                .append(',')
                .append(c.id)
                .append(',')
                .append(catalog.productId[c.contractProduct[k]])
                .append(',');
        h.date(sb, c.contractStart[k]).append(',');
        // end_date
        if (endDate >= 0) {
            h.date(sb, endDate);
        }
        sb.append(',');
        // cancelled_at
        if (cancelled >= 0) {
            h.timestamp(sb, cancelled);
        }
        sb.append(',');
        // cancel_reason
        if (reason != null) {
            sb.append(reason);
        }
        sb.append(',');
        // monthly_fee, updated_at
        Csv.cents(sb, c.contractFee[k]).append(',');
        h.timestamp(sb, updated);
    }
}
