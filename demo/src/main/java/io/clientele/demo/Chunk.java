package io.clientele.demo;

/**
 * The rows of a consecutive range of customers, built in memory by one worker and then
 * written in customer order, so that the files do not depend on the number of threads.
 */
final class Chunk {

    // Positions of the sources in load order (schemas/sources/index.json).
    static final int CUSTOMERS = 0;
    static final int PRODUCTS = 1;
    static final int CONTRACTS = 2;
    static final int INTERACTIONS = 3;
    static final int ORDERS = 4;
    static final int ORDER_LINES = 5;
    static final int COMPLAINTS = 6;
    static final int SURVEYS = 7;
    static final int MARKETING_SPEND = 8;
    static final String[] SOURCES = {
        "customers",
        "products",
        "contracts",
        "interactions",
        "orders",
        "order_lines",
        "complaints",
        "surveys",
        "marketing_spend",
    };

    final int from;
    final int to;
    final StringBuilder[] out = new StringBuilder[SOURCES.length];
    final long[] rows = new long[SOURCES.length];
    /** Order rows that an upsert repeats; the extract carries them after all other order rows. */
    final StringBuilder orderUpdates = new StringBuilder();

    long orderUpdateRows;
    /** New customers per history month and acquisition channel, for the marketing spend. */
    final int[][] newCustomers;
    /** The rows new or changed on the day after the run date, if a next-day delta is wanted. */
    Chunk nextDay;

    Chunk(int from, int to, int months) {
        this(from, to, months, 1.0);
    }

    /** @param share the expected share of a whole history's rows, to size the buffers */
    Chunk(int from, int to, int months, double share) {
        this.from = from;
        this.to = to;
        int n = (int) Math.ceil((to - from) * share);
        int[] bytesPerCustomer = {140, 0, 20, 200, 260, 330, 20, 40, 0};
        for (int i = 0; i < SOURCES.length; i++) {
            if (bytesPerCustomer[i] > 0) {
                out[i] = new StringBuilder(n * bytesPerCustomer[i] + 256);
            }
        }
        newCustomers = new int[months][Catalog.ACQUISITION_CHANNELS.length];
    }

    /** Ends the current row of {@code source}. */
    void endRow(int source) {
        out[source].append('\n');
        rows[source]++;
    }
}
