package io.clientele.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceContractsTest {

    @Test
    void allNineSourcesOfTheContractAreDescribed() {
        assertEquals(
                List.of(
                        "customers",
                        "products",
                        "contracts",
                        "interactions",
                        "orders",
                        "order_lines",
                        "complaints",
                        "surveys",
                        "marketing_spend"),
                SourceContracts.all().stream().map(SourceContract::source).toList());
    }

    @Test
    void onlyOrdersAndOrderLinesAreRequiredFiles() {
        assertEquals(
                List.of("orders", "order_lines"),
                SourceContracts.all().stream()
                        .filter(SourceContract::requiredFile)
                        .map(SourceContract::source)
                        .toList());
    }

    @Test
    void requiredColumnsMatchContractSectionOne() {
        // Bold columns of docs/contract.md §1, copied from the contract by hand.
        assertEquals(
                List.of("order_id", "line_no", "quantity", "unit_price"),
                SourceContracts.get("order_lines").requiredColumnNames());
        assertEquals(
                List.of("response_id", "customer_id", "responded_at", "kind", "score"),
                SourceContracts.get("surveys").requiredColumnNames());
        assertEquals(
                List.of("customer_id", "created_at"),
                SourceContracts.get("customers").requiredColumnNames());
        assertTrue(
                SourceContracts.get("customers").column("email").orElseThrow().hashed());
    }

    @Test
    void everyShippedContractLoadsUnderTheStrictReader() {
        assertEquals(9, SourceContracts.all().size());
    }

    @Test
    void aMisspelledColumnRuleFailsNamingTheFileAndTheKey() {
        String json = """
                {"source": "surveys", "natural_key": ["response_id"], "required_file": false,
                 "columns": [{"name": "response_id", "type": "string", "required": true},
                             {"name": "score", "type": "integer", "requried": true}]}
                """;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse("surveys.json", json));
        assertEquals(
                "schemas/sources/surveys.json: unknown key \"requried\" in columns[1] (known keys: default, enum, "
                        + "fold, max, min, name, pii, range_by, required, type)",
                e.getMessage());
    }

    @Test
    void aMisspelledTopLevelKeyFailsToo() {
        String json = """
                {"$comment": "comments are allowed", "source": "orders", "natural_key": ["order_id"],
                 "event_colum": "ordered_at", "columns": []}
                """;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse("orders.json", json));
        assertTrue(
                e.getMessage().startsWith("schemas/sources/orders.json: unknown key \"event_colum\" (known keys: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("event_column"), e.getMessage());
    }

    @Test
    void aRuleGivenTwiceFails() {
        String json = """
                {"source": "orders", "natural_key": ["order_id"], "columns": [],
                 "event_column": "ordered_at", "event_column": "updated_at"}
                """;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse("orders.json", json));
        assertTrue(
                e.getMessage().startsWith("schemas/sources/orders.json: Duplicate field 'event_column'"),
                e.getMessage());
    }

    private static SourceContract parse(String file, String json) throws Exception {
        return SourceContracts.parse(
                file, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), SourceContract.class);
    }
}
