package io.clientele.warehouse.stage;

/**
 * How one source's extract was taken in. They reconcile with what the extract read:
 * read = loaded + rejected + superseded.
 *
 * @param source     the source (customers, orders, ...)
 * @param valid      rows that passed validation
 * @param loaded     rows that became the current version of their natural key
 * @param superseded valid rows beaten by a later row for the same key in the same extract
 * @param rejected   rows kept in etl_rejects with their reason
 */
public record StageCounts(String source, long valid, long loaded, long superseded, long rejected) {

    public long read() {
        return valid + rejected;
    }
}
