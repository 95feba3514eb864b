package io.clientele.warehouse.pipeline;

import io.clientele.schemas.SourceContracts;
import io.clientele.warehouse.erasure.CustomerErasure;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.publish.WarehousePublisher;
import java.time.LocalDate;

/** {@code clientele forget} as the warehouse runs it: the erasure, wired to the publisher that rebuilds the file. */
public final class Erasures {

    private Erasures() {}

    /** The erasure of customers in the warehouse at {@code layout}, over every source's personal columns. */
    public static CustomerErasure customerErasure(WarehouseLayout layout) {
        WarehousePublisher publisher = new WarehousePublisher(layout);
        return new CustomerErasure(layout, SourceContracts.all(), new CustomerErasure.PublishedFile() {
            @Override
            public LocalDate asOfDate() {
                return WarehousePublisher.publishedInfo(layout).asOfDate();
            }

            @Override
            public void rebuild() {
                publisher.republish();
            }
        });
    }
}
