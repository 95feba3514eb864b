package io.clientele.demo;

import static io.clientele.demo.History.DAY;
import static io.clientele.demo.History.HOUR;
import static io.clientele.demo.History.YEAR;

import java.util.List;

/** A customer's contacts with the company (interactions.csv): calls, e-mails, chats, visits. */
final class InteractionSimulator {

    /** The columns each row is written in: the order of schemas/sources/interactions.json. */
    static final List<String> COLUMNS =
            List.of("interaction_id", "customer_id", "occurred_at", "channel", "direction", "topic", "agent_id");

    private final History h;
    private final Output o;
    private final CustomerState c;

    InteractionSimulator(History h, Output o, CustomerState c) {
        this.h = h;
        this.o = o;
        this.c = c;
    }

    /** Contacts over the customer's life: a prospect's first months, or until half a year after they stopped. */
    void interactions(boolean prospect) {
        long until;
        int n;
        if (prospect) {
            until = Math.min(o.horizon, c.created + 120 * DAY);
            n = 1 + c.r.nextInt(2);
        } else {
            until = c.churnAt >= 0 ? Math.min(o.horizon, c.churnAt + 180 * DAY) : o.horizon;
            n = Rand.poisson(c.r, (c.b2b ? 3.0 : 0.9) * (until - c.created) / YEAR);
        }
        for (int i = 0; i < n; i++) {
            long day = (c.created + (long) (c.r.nextDouble() * (until - c.created))) / DAY;
            long t = Math.max(c.created, day * DAY + 8 * HOUR + c.r.nextInt((int) (10 * HOUR)));
            if (t > o.horizon) {
                continue;
            }
            contact(t, prospect);
        }
    }

    /** A contact on the day after the run date, at the rate of {@link #interactions(boolean)}. */
    void nextDay(long day, boolean prospect) {
        boolean inTouch = prospect ? c.created + 120 * DAY > h.end : c.churnAt < 0 || c.churnAt + 180 * DAY > h.end;
        if (inTouch && c.r.nextDouble() < (prospect ? 1.5 / 120 : (c.b2b ? 3.0 : 0.9) / 365.25)) {
            long t = day + 8 * HOUR + c.r.nextInt((int) (10 * HOUR));
            contact(t, prospect);
        }
    }

    /** Draws the direction, channel and topic of a contact at {@code t} and writes it. */
    private void contact(long t, boolean prospect) {
        boolean outbound = c.r.nextDouble() < (prospect ? 0.7 : c.b2b ? 0.55 : 0.25);
        int channel = Rand.pick(c.r, outbound ? Catalog.OUTBOUND_CHANNEL : Catalog.INBOUND_CHANNEL);
        String topic = prospect
                ? Rand.any(c.r, Catalog.PROSPECT_TOPICS)
                : Rand.any(c.r, outbound ? Catalog.OUTBOUND_TOPICS : Catalog.INBOUND_TOPICS);
        interaction(t, channel, outbound, topic);
    }

    /** Writes one contact: {@link #COLUMNS}. */
    void interaction(long t, int channel, boolean outbound, String topic) {
        if (c.interactionSeq >= CustomerState.MAX_INTERACTIONS) {
            return;
        }
        StringBuilder sb = o.interactions;
        // interaction_id, customer_id
        sb.append('I').append(c.digits);
        Csv.padded(sb, ++c.interactionSeq, 3).append(',').append(c.id).append(',');
        // occurred_at, channel, direction, topic
        h.timestamp(sb, t)
                .append(',')
                .append(Catalog.INTERACTION_CHANNELS[channel])
                .append(',')
                .append(outbound ? "outbound" : "inbound")
                .append(',')
                .append(topic)
                .append(',');
        // agent_id: chat bots answer some chats without an agent.
        if (channel != 2 || c.r.nextDouble() < 0.7) {
            sb.append('A');
            Csv.padded(sb, 1 + c.r.nextInt(Catalog.AGENTS), 3);
        }
        o.out.endRow(Chunk.INTERACTIONS);
    }
}
