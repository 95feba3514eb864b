package io.clientele.demo;

import static io.clientele.demo.History.DAY;
import static io.clientele.demo.History.HOUR;

import java.util.List;
import java.util.Locale;

/** The customer rows (customers.csv): who the customer is, and now and then a new version of them. */
final class CustomerRowSimulator {

    /** The columns each row is written in: the order of schemas/sources/customers.json. */
    static final List<String> COLUMNS = List.of(
            "customer_id",
            "name",
            "email",
            "phone",
            "country",
            "city",
            "customer_type",
            "acquisition_channel",
            "account_owner",
            "created_at",
            "updated_at");

    /** Chance that a customer gets a new version (a new account owner) on the next day: about 2 % a life. */
    private static final double NEXT_DAY_CUSTOMER_CHANGE = 1e-4;

    private final History h;
    private final Output o;
    private final CustomerState c;

    CustomerRowSimulator(History h, Output o, CustomerState c) {
        this.h = h;
        this.o = o;
        this.c = c;
    }

    /** Draws the customer's name, contact details, place and acquisition channel, and writes the row. */
    void customerRow() {
        StringBuilder sb = o.customers;
        int rowStart = sb.length();
        int country = Rand.pick(c.r, Catalog.COUNTRY_WEIGHTS);
        String[] first = Rand.any(c.r, Catalog.FIRST_NAMES);
        String[] last = Rand.any(c.r, Catalog.LAST_NAMES);
        String name;
        String email;
        if (c.b2b) {
            String word = Rand.any(c.r, Catalog.COMPANY_WORDS);
            String suffix = Catalog.COMPANY_SUFFIX[country];
            String slug;
            int style = c.r.nextInt(10);
            if (style < 4) {
                name = word + " " + Rand.any(c.r, Catalog.COMPANY_TRADES) + " " + suffix;
                slug = ascii(word);
            } else if (style < 7) {
                name = last[0] + " " + Rand.any(c.r, Catalog.COMPANY_TRADES) + " " + suffix;
                slug = last[1];
            } else if (style < 9) {
                String[] partner = Rand.any(c.r, Catalog.LAST_NAMES);
                name = last[0] + ", " + partner[0] + " & Partner";
                slug = last[1] + "-" + partner[1];
            } else {
                name = "Café \"" + word + "\" " + suffix;
                slug = "cafe-" + ascii(word);
            }
            email = (c.r.nextBoolean() ? "info@" : "orders@") + slug + "." + Catalog.EMAIL_DOMAINS[c.r.nextInt(3)];
        } else {
            name = first[0] + " " + last[0];
            email = first[1] + "." + last[1] + (c.r.nextBoolean() ? Integer.toString(1 + c.r.nextInt(99)) : "") + "@"
                    + Rand.any(c.r, Catalog.EMAIL_DOMAINS);
        }
        int channel = Rand.pick(c.r, c.b2b ? Catalog.B2B_ACQUISITION : Catalog.B2C_ACQUISITION);
        o.out.newCustomers[h.monthIndex(c.created)][channel]++;

        // customer_id, name
        sb.append(c.id).append(',');
        Csv.text(sb, name).append(',');
        // email
        if (c.r.nextDouble() >= 0.05) {
            sb.append(email);
        }
        sb.append(',');
        // phone
        if (c.r.nextDouble() >= 0.1) {
            sb.append(Catalog.DIAL_CODES[country])
                    .append(' ')
                    .append(100 + c.r.nextInt(900))
                    .append(' ');
            Csv.padded(sb, c.r.nextInt(10_000_000), 7);
        }
        // country, city
        sb.append(',').append(Catalog.COUNTRIES[country]).append(',');
        if (c.r.nextDouble() >= 0.03) {
            sb.append(Rand.any(c.r, Catalog.CITIES[country]));
        }
        // customer_type, acquisition_channel
        sb.append(',')
                .append(c.b2b ? "B2B" : "B2C")
                .append(',')
                .append(Catalog.ACQUISITION_CHANNELS[channel])
                .append(',');
        if (o.nextDay != null) {
            c.customerHead = sb.substring(rowStart);
        }
        // account_owner
        if (c.b2b || c.r.nextDouble() < 0.35) {
            sb.append(Rand.any(c.r, Catalog.ACCOUNT_OWNERS));
        }
        sb.append(',');
        // created_at, updated_at
        h.timestamp(sb, c.created).append(',');
        // A few customers changed later (e.g. a new account owner); the row carries the change's stamp.
        long updated = c.created;
        if (c.r.nextDouble() < 0.02 && o.horizon - c.created > DAY) {
            updated = c.created + DAY + (long) (c.r.nextDouble() * (o.horizon - c.created - DAY));
        }
        h.timestamp(sb, updated);
        o.out.endRow(Chunk.CUSTOMERS);
    }

    /** Now and then a new account owner on the day after the run date: a new version of the row (SCD2). */
    void nextDay(long day) {
        if (c.r.nextDouble() < NEXT_DAY_CUSTOMER_CHANGE) {
            StringBuilder sb = o.customers;
            sb.append(c.customerHead)
                    .append(Rand.any(c.r, Catalog.ACCOUNT_OWNERS))
                    .append(',');
            h.timestamp(sb, c.created).append(',');
            h.timestamp(sb, day + 8 * HOUR + c.r.nextInt((int) (9 * HOUR)));
            o.out.endRow(Chunk.CUSTOMERS);
        }
    }

    private static String ascii(String word) {
        return word.toLowerCase(Locale.ROOT)
                .replace("ü", "ue")
                .replace("ö", "oe")
                .replace("ä", "ae");
    }
}
