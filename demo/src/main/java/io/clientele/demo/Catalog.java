package io.clientele.demo;

import java.util.SplittableRandom;

/** Reference data of the demo: people, places, channels and the product catalogue. */
final class Catalog {

    static final String[] ACQUISITION_CHANNELS = {"organic", "paid_search", "social", "referral", "email", "partner"};
    static final double[] B2C_ACQUISITION = Rand.cumulative(32, 26, 17, 11, 9, 5);
    static final double[] B2B_ACQUISITION = Rand.cumulative(22, 20, 4, 18, 8, 28);
    /** Euros spent per new customer and a fixed monthly base per 1,000 demo customers; paid channels cost most. */
    static final double[] COST_PER_ACQUISITION = {4, 48, 34, 12, 6, 30};

    static final double[] MONTHLY_BASE_PER_1000 = {260, 700, 480, 40, 120, 220};

    static final String[] COUNTRIES = {"Germany", "Austria", "Switzerland", "Netherlands", "France", "Belgium"};
    static final double[] COUNTRY_WEIGHTS = Rand.cumulative(46, 12, 9, 12, 14, 7);
    static final String[] DIAL_CODES = {"+49", "+43", "+41", "+31", "+33", "+32"};
    static final String[] COMPANY_SUFFIX = {"GmbH", "GmbH", "AG", "B.V.", "SARL", "BV"};
    static final String[][] CITIES = {
        {"Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Leipzig", "Stuttgart"},
        {"Wien", "Graz", "Linz", "Salzburg"},
        {"Zürich", "Genève", "Basel", "Bern"},
        {"Amsterdam", "Rotterdam", "Utrecht", "Den Haag"},
        {"Paris", "Lyon", "Marseille", "Toulouse", "Lille"},
        {"Bruxelles", "Antwerpen", "Gent"},
    };

    /** Display name and its ASCII form for e-mail addresses. */
    static final String[][] FIRST_NAMES = {
        {"Anna", "anna"}, {"Lukas", "lukas"}, {"Sophie", "sophie"}, {"Jonas", "jonas"}, {"Marie", "marie"},
        {"Felix", "felix"}, {"Lena", "lena"}, {"Paul", "paul"}, {"Emma", "emma"}, {"Leon", "leon"},
        {"Mia", "mia"}, {"Noah", "noah"}, {"Hannah", "hannah"}, {"Elias", "elias"}, {"Clara", "clara"},
        {"Julien", "julien"}, {"Camille", "camille"}, {"Léa", "lea"}, {"Hugo", "hugo"}, {"Chloé", "chloe"},
        {"Daan", "daan"}, {"Sanne", "sanne"}, {"Bram", "bram"}, {"Femke", "femke"}, {"Jürgen", "juergen"},
        {"Sabine", "sabine"}, {"Thomas", "thomas"}, {"Petra", "petra"}, {"Stefan", "stefan"}, {"Katrin", "katrin"},
        {"Ömer", "oemer"}, {"Aylin", "aylin"}, {"Marco", "marco"}, {"Giulia", "giulia"}, {"Nina", "nina"},
        {"Tobias", "tobias"}, {"Laura", "laura"}, {"Maximilian", "maximilian"}, {"Sarah", "sarah"}, {"David", "david"},
    };

    static final String[][] LAST_NAMES = {
        {"Müller", "mueller"}, {"Schmidt", "schmidt"}, {"Schneider", "schneider"}, {"Fischer", "fischer"},
        {"Weber", "weber"}, {"Meyer", "meyer"}, {"Wagner", "wagner"}, {"Becker", "becker"},
        {"Schulz", "schulz"}, {"Hoffmann", "hoffmann"}, {"Schröder", "schroeder"}, {"Koch", "koch"},
        {"Bauer", "bauer"}, {"Richter", "richter"}, {"Klein", "klein"}, {"Wolf", "wolf"},
        {"Weiß", "weiss"}, {"Huber", "huber"}, {"Gruber", "gruber"}, {"Steiner", "steiner"},
        {"Dubois", "dubois"}, {"Martin", "martin"}, {"Lefèvre", "lefevre"}, {"Moreau", "moreau"},
        {"de Vries", "devries"}, {"Jansen", "jansen"}, {"van Dijk", "vandijk"}, {"Bakker", "bakker"},
        {"Peeters", "peeters"}, {"Maes", "maes"}, {"Keller", "keller"}, {"Brunner", "brunner"},
        {"Yılmaz", "yilmaz"}, {"Rossi", "rossi"}, {"Kowalski", "kowalski"}, {"Novak", "novak"},
        {"Hartmann", "hartmann"}, {"Krüger", "krueger"}, {"Lange", "lange"}, {"Zimmermann", "zimmermann"},
    };
    static final String[] COMPANY_WORDS = {
        "Nordlicht", "Alpen", "Rhein", "Blauwater", "Sonnenhof", "Atlas", "Horizon", "Kompass", "Linde", "Brückner",
        "Meridian", "Vektor", "Eiche", "Polaris", "Havn", "Kristall", "Falke", "Quelle", "Lumen", "Orbit",
    };
    static final String[] COMPANY_TRADES = {
        "Logistik", "Bau", "Handel", "Medien", "Consulting", "Technik", "Gastro", "Immobilien", "Software", "Design",
    };
    static final String[] EMAIL_DOMAINS = {"example.com", "example.net", "example.org", "mail.example.com"};

    static final String[] ACCOUNT_OWNERS = {
        "Katharina Vogel", "Martin Lehmann", "Julia Braun", "Andreas Krause", "Nadine Schuster", "Pierre Laurent",
        "Eva Lindner", "Sven Berger", "Marloes Visser", "Thomas Haas", "Isabelle Roux", "Markus Frank",
    };

    static final String[] ORDER_CHANNELS = {"web", "mobile_app", "phone", "store", "sales_rep"};
    static final double[] B2C_ORDER_CHANNEL = Rand.cumulative(55, 30, 4, 11, 0);
    static final double[] B2B_ORDER_CHANNEL = Rand.cumulative(45, 3, 22, 2, 28);

    static final String[] CONTACT_CHANNELS = {"email", "phone", "web", "chat"};
    static final double[] COMPLAINT_CHANNEL = Rand.cumulative(35, 30, 24, 11);
    static final String[] COMPLAINT_CATEGORIES = {"delivery", "billing", "product_quality", "service", "other"};
    static final double[] COMPLETED_COMPLAINT_CATEGORY = Rand.cumulative(34, 14, 30, 14, 8);
    static final double[] CANCELLED_COMPLAINT_CATEGORY = Rand.cumulative(40, 30, 0, 25, 5);
    static final double[] RETURNED_COMPLAINT_CATEGORY = Rand.cumulative(20, 22, 48, 8, 2);
    static final double[] UNLINKED_COMPLAINT_CATEGORY = Rand.cumulative(0, 45, 0, 40, 15);
    static final String[][] ROOT_CAUSES = {
        {"carrier_delay", "wrong_address", "damaged_in_transit", "warehouse_error"},
        {"double_charge", "wrong_price", "refund_delay", "invoice_error"},
        {"defect", "not_as_described", "missing_parts"},
        {"long_wait", "no_callback", "wrong_information", "unfriendly_agent"},
        {"website_issue", "unknown"},
    };
    static final String[] SEVERITIES = {"low", "medium", "high", "critical"};
    static final double[] SEVERITY_WEIGHTS = Rand.cumulative(30, 42, 20, 8);

    static final String[] INTERACTION_CHANNELS = {"phone", "email", "chat"};
    static final double[] INBOUND_CHANNEL = Rand.cumulative(40, 42, 18);
    static final double[] OUTBOUND_CHANNEL = Rand.cumulative(55, 45, 0);
    static final String[] INBOUND_TOPICS = {"order_status", "delivery", "billing", "product_info", "returns", "account"
    };
    static final String[] OUTBOUND_TOPICS = {"onboarding", "renewal", "upsell", "feedback_call", "payment_reminder"};
    static final String[] PROSPECT_TOPICS = {"product_info", "onboarding", "upsell"};
    static final int AGENTS = 40;

    static final String[] CANCEL_REASONS = {"price", "switched_provider", "no_longer_needed", "business_closed"};
    static final double[] CANCEL_REASON_WEIGHTS = Rand.cumulative(35, 30, 25, 10);

    /** More orders before Christmas, fewer in summer. */
    static final double[] SEASONALITY = {0.90, 0.85, 0.95, 0.95, 0.95, 0.80, 0.72, 0.75, 0.95, 1.05, 1.50, 1.65};

    static final double MAX_SEASONALITY = 1.65;
    /** Cumulative weights of the hour of day an order is placed. */
    static final double[] B2C_HOURS = Rand.cumulative(
            1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 4, 4.5, 5, 5.5, 5, 4.5, 4.5, 5, 5.5, 6.5, 8, 8.5, 7, 4.5, 2.5);

    static final double[] B2B_HOURS = Rand.cumulative(
            0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 1, 4, 9, 10, 10, 9, 6, 8, 9, 9, 7, 4, 1.5, 0.8, 0.5, 0.3, 0.2, 0.1);

    // The catalogue: the last category holds the subscription plans that contracts sell.
    static final String[] CATEGORIES = {
        "electronics", "home_kitchen", "garden", "sports", "toys", "books", "fashion", "beauty", "office", "services",
    };
    static final int SERVICES = CATEGORIES.length - 1;
    static final int PRODUCTS_PER_CATEGORY = 20;
    private static final double[] CATEGORY_BASE_PRICE = {140, 45, 38, 55, 26, 17, 42, 21, 28, 49};
    /** What a unit costs the business, as a share of its list price, by category. */
    private static final double[] CATEGORY_COST_SHARE = {0.72, 0.50, 0.45, 0.55, 0.48, 0.60, 0.38, 0.30, 0.52, 0.20};

    private static final double[] CATEGORY_POPULARITY = {14, 16, 8, 11, 9, 10, 15, 10, 7};
    static final double[] SHOPPING_CATEGORY = Rand.cumulative(CATEGORY_POPULARITY);
    private static final String[] ADJECTIVES = {"Classic", "Pro", "Eco", "Compact", "Deluxe", "Smart", "Basic", "Nordic"
    };
    private static final String[][] NOUNS = {
        {"Headphones", "Speaker", "Charger", "Tablet Stand", "Webcam", "Smartwatch"},
        {"Kettle", "Pan Set", "Knife Block", "Coffee Grinder", "Blender", "Storage Jars"},
        {"Hose", "Pruning Shears", "Planter", "Garden Light", "Seed Kit", "Lawn Rake"},
        {"Yoga Mat", "Dumbbells", "Running Belt", "Water Bottle", "Tent", "Bike Lock"},
        {"Puzzle", "Building Blocks", "Plush Bear", "Board Game", "Toy Car", "Art Set"},
        {"Cookbook", "Novel", "Travel Guide", "Atlas", "Notebook", "Calendar"},
        {"T-Shirt", "Rain Jacket", "Scarf", "Sneakers", "Backpack", "Cap"},
        {"Face Cream", "Shampoo", "Soap Set", "Perfume", "Lip Balm", "Hand Lotion"},
        {"Desk Lamp", "Office Chair", "Paper Pack", "Pen Set", "Monitor Arm", "Binder"},
        {"Support Plan", "Maintenance Plan", "Cloud Backup", "Extended Warranty", "Delivery Flat", "Insurance"},
    };

    final String[] productId;
    final String[] productName;
    final long[] listCents;
    /** What a unit costs, in cents; -1 (an empty unit_cost) for each category's last, rarely sold product. */
    final long[] unitCostCents;

    final long[] productUpdatedAt;

    private Catalog(int products) {
        productId = new String[products];
        productName = new String[products];
        listCents = new long[products];
        unitCostCents = new long[products];
        productUpdatedAt = new long[products];
    }

    /** Products of a category are the consecutive ids {@code category * PRODUCTS_PER_CATEGORY + rank}. */
    static Catalog create(History history, long seed) {
        SplittableRandom r = new SplittableRandom(Rand.mix(seed, -2));
        Catalog c = new Catalog(CATEGORIES.length * PRODUCTS_PER_CATEGORY);
        int combinations = ADJECTIVES.length * NOUNS[0].length;
        int[] order = new int[combinations];
        for (int cat = 0; cat < CATEGORIES.length; cat++) {
            for (int i = 0; i < combinations; i++) {
                order[i] = i;
            }
            for (int i = combinations - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int rank = 0; rank < PRODUCTS_PER_CATEGORY; rank++) {
                int p = cat * PRODUCTS_PER_CATEGORY + rank;
                c.productId[p] = "P" + Csv.padded(p + 1, 4);
                c.productName[p] =
                        ADJECTIVES[order[rank] % ADJECTIVES.length] + " " + NOUNS[cat][order[rank] / ADJECTIVES.length];
                double euros = Math.max(2.5, Rand.logNormal(r, CATEGORY_BASE_PRICE[cat], 0.55));
                // Shop prices end in .99 or .49.
                long whole = Math.max(2, Math.round(euros));
                c.listCents[p] = whole * 100 - (r.nextInt(3) == 0 ? 51 : 1);
                c.productUpdatedAt[p] = (long) (r.nextDouble() * (history.end + 1));
                // drawn from no random stream, so that every other value of the demo stays as it was
                c.unitCostCents[p] = rank == PRODUCTS_PER_CATEGORY - 1
                        ? -1
                        : Math.round(c.listCents[p] * (CATEGORY_COST_SHARE[cat] + 0.02 * (rank % 5)));
            }
        }
        return c;
    }

    int products() {
        return productId.length;
    }
}
