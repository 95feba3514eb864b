package io.clientele.warehouse.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.List;

/**
 * A column that names a row of a dimension: {@code customer_key: dim_customer.customer_key}.
 * Never null, unless {@code nullableWhenNull} names a column whose null allows it
 * ({@code product_key: {references: dim_product.product_key, nullable_when_null: product_id}}:
 * an order line without a product_id has no product_key).
 *
 * @param table            the dimension
 * @param column           its key column
 * @param nullableWhenNull a column of the same table, or null
 */
@JsonDeserialize(using = ForeignKey.Reader.class)
public record ForeignKey(String table, String column, String nullableWhenNull) {

    public ForeignKey {
        if (table == null || table.isBlank() || column == null || column.isBlank()) {
            throw new IllegalArgumentException("a foreign key names <table>.<column>");
        }
    }

    /** Parses {@code table.column}. */
    public static ForeignKey parse(String reference, String nullableWhenNull) {
        int dot = reference == null ? -1 : reference.indexOf('.');
        if (dot <= 0 || dot == reference.length() - 1) {
            throw new IllegalArgumentException("a foreign key names <table>.<column>, got '" + reference + "'");
        }
        return new ForeignKey(
                reference.substring(0, dot).trim(), reference.substring(dot + 1).trim(), nullableWhenNull);
    }

    public String reference() {
        return table + "." + column;
    }

    /** Reads either {@code dim.key} or {@code {references: dim.key, nullable_when_null: col}}. */
    static final class Reader extends JsonDeserializer<ForeignKey> {
        private static final List<Object> KEYS = List.of("references", "nullable_when_null");

        @Override
        public ForeignKey deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return parse(p.getText(), null);
            }
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return (ForeignKey) ctxt.handleUnexpectedToken(ForeignKey.class, p);
            }
            String references = null;
            String nullable = null;
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                p.nextToken();
                switch (name) {
                    case "references" -> references = p.getValueAsString();
                    case "nullable_when_null" -> nullable = p.getValueAsString();
                    default -> throw UnrecognizedPropertyException.from(p, ForeignKey.class, name, KEYS);
                }
            }
            return parse(references, nullable);
        }
    }
}
