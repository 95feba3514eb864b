package io.clientele.demo;

/**
 * Where the simulators' rows go: the history's chunk, or the next day's delta while that day
 * is simulated, and the last second that may be written to it.
 */
final class Output {

    private final History h;
    /** Where the history's rows go, and (null if none is wanted) the next day's delta rows. */
    final Chunk history;

    final Chunk nextDay;
    // The chunk rows go to now (history, or nextDay while the next day is simulated) and its buffers.
    Chunk out;
    StringBuilder customers;
    StringBuilder contracts;
    StringBuilder interactions;
    StringBuilder orders;
    StringBuilder lines;
    StringBuilder complaints;
    StringBuilder surveys;
    /** The last second simulated: the run date's, or the next day's while simulating it. */
    long horizon;
    /** True while the history is simulated (not the next day). */
    boolean simulatingHistory;

    /** @param nextDay where the rows new or changed on the day after the run date go; null for none */
    Output(History h, Chunk history, Chunk nextDay) {
        this.h = h;
        this.history = history;
        this.nextDay = nextDay;
        writeTo(history, h.end);
    }

    /** Writes the history's rows from now on. */
    void toHistory() {
        writeTo(history, h.end);
    }

    /** Writes the next day's delta rows from now on. */
    void toNextDay() {
        writeTo(nextDay, h.nextEnd);
    }

    /** Whether a next-day delta is wanted. */
    boolean withNextDay() {
        return nextDay != null;
    }

    private void writeTo(Chunk chunk, long until) {
        out = chunk;
        customers = chunk.out[Chunk.CUSTOMERS];
        contracts = chunk.out[Chunk.CONTRACTS];
        interactions = chunk.out[Chunk.INTERACTIONS];
        orders = chunk.out[Chunk.ORDERS];
        lines = chunk.out[Chunk.ORDER_LINES];
        complaints = chunk.out[Chunk.COMPLAINTS];
        surveys = chunk.out[Chunk.SURVEYS];
        horizon = until;
        simulatingHistory = until == h.end;
    }
}
