package io.clientele.demo;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What the demo extract should look like.
 *
 * @param customers number of customers (ids are seven digits, hence the upper bound)
 * @param seed      same seed and options give byte-identical files
 * @param runDate   the last day of the history; nothing in the extract happens after it
 */
public record DemoOptions(int customers, long seed, LocalDate runDate) {

    public static final int MAX_CUSTOMERS = 9_999_999;

    public DemoOptions {
        Objects.requireNonNull(runDate, "runDate");
        if (customers < 1 || customers > MAX_CUSTOMERS) {
            throw new IllegalArgumentException("customers must be between 1 and " + MAX_CUSTOMERS + ": " + customers);
        }
    }
}
