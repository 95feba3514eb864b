package io.clientele.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One column of a source contract.
 *
 * @param type     string, integer, decimal, date, timestamp, boolean or month (YYYY-MM)
 * @param enumeration allowed values (matched ignoring case, stored as spelled here)
 * @param fold     "lower" to fold free text to lower case (channels)
 * @param pii      "hash" for values kept only as salted hashes, "true" for other personal data
 * @param rangeBy  a range that depends on another column (survey score by kind)
 */
@JsonIgnoreProperties({"$comment"})
public record ColumnContract(
        String name,
        String type,
        boolean required,
        @JsonProperty("enum") List<String> enumeration,
        @JsonProperty("default") String defaultValue,
        String fold,
        Object pii,
        Double min,
        Double max,
        @JsonProperty("range_by") RangeBy rangeBy) {

    public ColumnContract {
        enumeration = enumeration == null ? List.of() : List.copyOf(enumeration);
    }

    public boolean hashed() {
        return "hash".equals(String.valueOf(pii));
    }

    public boolean personal() {
        return pii != null && !Boolean.FALSE.equals(pii);
    }

    public boolean foldsToLowerCase() {
        return "lower".equals(fold);
    }

    /** Range of this column keyed by the value of another column. */
    @JsonIgnoreProperties({"$comment"})
    public record RangeBy(String column, Map<String, List<Double>> ranges) {}
}
