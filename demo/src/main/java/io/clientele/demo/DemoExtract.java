package io.clientele.demo;

import java.nio.file.Path;
import java.util.Locale;

/** Where a demo extract was written and how many data rows (header excluded) each file holds. */
public record DemoExtract(
        Path inbox,
        long customers,
        long products,
        long contracts,
        long interactions,
        long orders,
        long orderLines,
        long complaints,
        long surveys,
        long marketingSpend) {

    /** All data rows in the nine files. */
    public long totalRows() {
        return customers
                + products
                + contracts
                + interactions
                + orders
                + orderLines
                + complaints
                + surveys
                + marketingSpend;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%,d customers, %,d products, %,d contracts, %,d interactions, %,d orders, %,d order lines, "
                        + "%,d complaints, %,d surveys, %,d marketing spend rows in %s",
                customers,
                products,
                contracts,
                interactions,
                orders,
                orderLines,
                complaints,
                surveys,
                marketingSpend,
                inbox);
    }
}
