package io.clientele.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceContractsTest {

    @Test
    void allNineSourcesOfTheContractAreDescribed() {
        assertEquals(List.of("customers", "products", "contracts", "interactions", "orders", "order_lines",
                "complaints", "surveys", "marketing_spend"),
                SourceContracts.all().stream().map(SourceContract::source).toList());
    }

    @Test
    void onlyOrdersAndOrderLinesAreRequiredFiles() {
        assertEquals(List.of("orders", "order_lines"),
                SourceContracts.all().stream().filter(SourceContract::requiredFile).map(SourceContract::source).toList());
    }

    @Test
    void requiredColumnsMatchContractSectionOne() {
        // Bold columns of CONTRACT.md §1, copied from the contract by hand.
        assertEquals(List.of("order_id", "line_no", "quantity", "unit_price"),
                SourceContracts.get("order_lines").requiredColumnNames());
        assertEquals(List.of("response_id", "customer_id", "responded_at", "kind", "score"),
                SourceContracts.get("surveys").requiredColumnNames());
        assertEquals(List.of("customer_id", "created_at"), SourceContracts.get("customers").requiredColumnNames());
        assertTrue(SourceContracts.get("customers").column("email").orElseThrow().hashed());
    }
}
