package io.clientele.warehouse.predict;

/** Wall time of the parts of a fit, for the log: where the minute goes. */
final class FitTimings {

    private final StringBuilder parts = new StringBuilder();
    private long since = System.nanoTime();

    /** Ends the part that started at the previous lap (or at creation) and names it. */
    void lap(String part) {
        long now = System.nanoTime();
        parts.append(parts.length() == 0 ? "" : ", ")
                .append(part)
                .append(' ')
                .append((now - since) / 1_000_000)
                .append(" ms");
        since = now;
    }

    @Override
    public String toString() {
        return parts.toString();
    }
}
