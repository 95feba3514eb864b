package io.clientele.demo;

import static io.clientele.demo.History.DAY;
import static io.clientele.demo.History.YEAR;

import java.util.List;

/** Survey responses (surveys.csv): relationship NPS, and CSAT after orders and complaints. */
final class SurveySimulator {

    /** The columns each row is written in: the order of schemas/sources/surveys.json. */
    static final List<String> COLUMNS =
            List.of("response_id", "customer_id", "responded_at", "kind", "score", "touchpoint", "related_id");

    private final History h;
    private final Output o;
    private final CustomerState c;

    SurveySimulator(History h, Output o, CustomerState c) {
        this.h = h;
        this.o = o;
        this.c = c;
    }

    /** Relationship NPS answers from the first order on; complaints and leaving lower the score. */
    void nps() {
        if (c.firstOrder < 0) {
            return;
        }
        long until = c.churnAt >= 0 ? Math.min(o.horizon, c.churnAt + 365 * DAY) : o.horizon;
        int n = Rand.poisson(c.r, 0.3 * (until - c.firstOrder) / YEAR);
        for (int i = 0; i < n; i++) {
            long t = c.firstOrder + (long) (c.r.nextDouble() * (until - c.firstOrder));
            double score = 7.6 + 2 * c.satisfaction + 1.6 * Rand.normal(c.r);
            for (int k = 0; k < c.effects; k++) {
                if (c.effectAt[k] <= t) {
                    score -= c.effectBad[k] ? 3.0 : 0.7;
                }
            }
            if (c.churnAt >= 0 && t > c.churnAt) {
                score -= 1.5;
            }
            survey(t, "NPS", CustomerState.clamp((int) Math.round(score), 0, 10), "relationship", ' ', 0);
        }
    }

    /** An NPS answer on the day after the run date, at the rate of {@link #nps()}. */
    void nextDay(long day) {
        if (c.firstOrder >= 0 && (c.churnAt < 0 || c.churnAt + 365 * DAY > h.end) && c.r.nextDouble() < 0.3 / 365.25) {
            long t = day + c.timeOfDay(Catalog.B2C_HOURS);
            double score = 7.6 + 2 * c.satisfaction + 1.6 * Rand.normal(c.r);
            for (int k = 0; k < c.effects; k++) {
                score -= c.effectBad[k] ? 3.0 : 0.7;
            }
            if (c.churnAt >= 0) {
                score -= 1.5;
            }
            survey(t, "NPS", CustomerState.clamp((int) Math.round(score), 0, 10), "relationship", ' ', 0);
        }
    }

    /** Writes one response ({@link #COLUMNS}); {@code related} 'O' for an order, 'C' for a complaint, else none. */
    void survey(long t, String kind, int score, String touchpoint, char related, int relatedSeq) {
        if (t > o.horizon || c.surveySeq >= CustomerState.MAX_SURVEYS) {
            return;
        }
        StringBuilder sb = o.surveys;
        // response_id, customer_id
        sb.append('R').append(c.digits);
        Csv.padded(sb, ++c.surveySeq, 3).append(',').append(c.id).append(',');
        // responded_at, kind, score, touchpoint
        h.timestamp(sb, t)
                .append(',')
                .append(kind)
                .append(',')
                .append(score)
                .append(',')
                .append(touchpoint)
                .append(',');
        // related_id
        if (related == 'O') {
            c.orderId(sb, relatedSeq);
        } else if (related == 'C') {
            sb.append("CP").append(c.digits);
            Csv.padded(sb, relatedSeq, 2);
        }
        o.out.endRow(Chunk.SURVEYS);
    }
}
