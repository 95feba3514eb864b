package io.clientele.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * The data contract of one operational source (docs/contract.md §1), as kept in
 * {@code schemas/sources/<source>.json}.
 *
 * @param eventColumn   the stamp that as-of filtering uses (null: not filtered)
 * @param versionColumn the column whose latest value wins an upsert (null: extract order decides)
 * @param requiredFile  whether a nightly extract must contain this source
 */
// Any other key fails the load (SourceContracts): a misspelled rule must not be dropped silently.
@JsonIgnoreProperties({"$comment"})
public record SourceContract(
        String source,
        String description,
        @JsonProperty("natural_key") List<String> naturalKey,
        @JsonProperty("event_column") String eventColumn,
        @JsonProperty("version_column") String versionColumn,
        @JsonProperty("required_file") boolean requiredFile,
        List<ColumnContract> columns) {

    public SourceContract {
        naturalKey = List.copyOf(naturalKey);
        columns = List.copyOf(columns);
    }

    public Optional<ColumnContract> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnContract::name).toList();
    }

    public List<String> requiredColumnNames() {
        return columns.stream()
                .filter(ColumnContract::required)
                .map(ColumnContract::name)
                .toList();
    }
}
