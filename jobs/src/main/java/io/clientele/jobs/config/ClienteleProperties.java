package io.clientele.jobs.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of Clientele, bound from {@code application.yml} and overridable from the
 * environment (e.g. {@code CLIENTELE_INACTIVITY_DAYS=90}). Secrets never live here: the
 * source password is read from {@code CLIENTELE_SOURCE_PASSWORD} only.
 *
 * @param warehouseDir          the warehouse directory (lake, DuckDB file, run history)
 * @param engine                duckdb (default) or spark
 * @param inactivityDays        a customer with no purchase for this many days is inactive
 * @param complaintDeadlineDays a complaint closed within this many days kept its deadline
 * @param rejectThreshold       share of a source's rows that may be rejected before the run fails
 * @param extract               extraction settings
 * @param source                the operational database for {@code --source jdbc}
 * @param duckdb                DuckDB engine settings
 * @param spark                 Spark engine settings
 * @param models                predictive model settings
 * @param marts                 the metric marts' settings
 * @param checks                the data-quality step's settings
 * @param metrics               where a night's metrics go (docs/monitoring.md)
 * @param lineage               where a night's OpenLineage events go (docs/monitoring.md)
 */
@ConfigurationProperties(prefix = "clientele")
public record ClienteleProperties(
        @DefaultValue("warehouse/data") Path warehouseDir,
        @DefaultValue("duckdb") String engine,
        @DefaultValue("180") int inactivityDays,
        @DefaultValue("30") int complaintDeadlineDays,
        @DefaultValue("0.05") double rejectThreshold,
        @DefaultValue Extract extract,
        @DefaultValue Source source,
        @DefaultValue DuckDb duckdb,
        @DefaultValue Spark spark,
        @DefaultValue Models models,
        @DefaultValue Marts marts,
        @DefaultValue Checks checks,
        @DefaultValue Metrics metrics,
        @DefaultValue Lineage lineage) {

    /**
     * @param chunkSize rows an extract step handles per transaction (its counts are saved this often)
     * @param parallel  read the order lines in a lane of their own beside the other sources
     * @param csvReader {@code duckdb}: DuckDB reads each CSV file and SQL lands the rows the contract surely
     *                  accepts (of a CSV file, or made by a source mapping), the rest go through the Java
     *                  validator; {@code java}: the Java reader and validator only
     * @param maxRecordLines physical lines a CSV record may span (a quoted field with line breaks) before its
     *                       opening line is refused as an unterminated quote
     * @param maxRecordBytes UTF-8 bytes a CSV record may hold; a longer one is refused
     */
    public record Extract(
            @DefaultValue("50000") int chunkSize,
            @DefaultValue("true") boolean parallel,
            @DefaultValue("duckdb") String csvReader,
            @DefaultValue("1000") int maxRecordLines,
            @DefaultValue("16MB") DataSize maxRecordBytes) {
        public Extract {
            if (!"duckdb".equals(csvReader) && !"java".equals(csvReader)) {
                throw new IllegalArgumentException(
                        "clientele.extract.csv-reader must be duckdb or java, got '" + csvReader + "'");
            }
            if (maxRecordLines < 1) {
                throw new IllegalArgumentException(
                        "clientele.extract.max-record-lines must be at least 1, got " + maxRecordLines);
            }
            // below a kilobyte ordinary records would be refused; DuckDB's max_line_size is an int
            if (maxRecordBytes.toBytes() < 1024 || maxRecordBytes.toBytes() > (1L << 30)) {
                throw new IllegalArgumentException(
                        "clientele.extract.max-record-bytes must be between 1KB and 1GB," + " got " + maxRecordBytes);
            }
        }

        public boolean duckDbCsvReader() {
            return "duckdb".equals(csvReader);
        }
    }

    /**
     * @param url      JDBC URL of the operational database
     * @param user     its user
     * @param schema   the schema holding the source tables (one table per source, named as the source)
     * @param pageSize rows per page of the paging readers
     */
    public record Source(
            @DefaultValue("jdbc:postgresql://127.0.0.1:5432/clientele")
            String url,

            @DefaultValue("clientele") String user,
            @DefaultValue("public") String schema,
            @DefaultValue("10000") int pageSize) {}

    /** @param memoryLimit DuckDB spills past this rather than grow; @param threads worker threads (0 = cores) */
    public record DuckDb(
            @DefaultValue("1.5GB") String memoryLimit,
            @DefaultValue("0") int threads) {}

    /**
     * @param master            Spark master URL
     * @param shufflePartitions 0 = twice the cores
     * @param adaptive          adaptive query execution
     */
    public record Spark(
            @DefaultValue("local[*]") String master,
            @DefaultValue("0") int shufflePartitions,
            @DefaultValue("true") boolean adaptive) {}

    /**
     * @param maxRowCountChange a table whose row count moved by more than this share since the previous night
     *                          with passing checks fails the check step (0.5 = half)
     * @param minRows           tables below this many rows, then and now, are not judged for drift
     */
    public record Checks(
            @DefaultValue("0.5") double maxRowCountChange,
            @DefaultValue("1000") long minRows) {}

    /**
     * @param timeUnit            week or day
     * @param monthlyDiscountRate for CLV
     * @param churn               the churn propensity model: auto, in-process, mllib or off
     * @param churnTrainingRows   most customers per churn model fit (a sample stratified by label); 0 = all
     * @param churnRefitDays      the churn model is refitted when its kept fit is this many days old; 1 = every night
     */
    public record Models(
            @DefaultValue("week") String timeUnit,
            @DefaultValue("0.01") double monthlyDiscountRate,
            @DefaultValue("auto") String churn,
            @DefaultValue("200000") int churnTrainingRows,
            @DefaultValue("7") int churnRefitDays) {}

    /**
     * @param churnReasonDays mart_churn_reasons: a complaint or contact in this many days up to a lapse
     *                        (the lapse day included) is its reason
     */
    public record Marts(@DefaultValue("90") int churnReasonDays) {}

    /**
     * @param textfile        the Prometheus text file written at the end of every night (node_exporter's
     *                        textfile collector); empty: none
     * @param pushgatewayUrl  a Prometheus Pushgateway (http://host:9091) the same metrics are pushed to; empty: none
     * @param pushgatewayJob  the job label of the push
     * @param pushgatewayUser the basic-auth user of the push, with CLIENTELE_METRICS_PUSHGATEWAY_PASSWORD; empty: none
     */
    public record Metrics(
            @DefaultValue("") String textfile,
            @DefaultValue("") String pushgatewayUrl,
            @DefaultValue("clientele") String pushgatewayJob,
            @DefaultValue("") String pushgatewayUser) {
        public Metrics {
            if (!pushgatewayUrl.isBlank()) {
                java.net.URI uri = parseUrl("clientele.metrics.pushgateway-url", pushgatewayUrl);
                if (uri.getPath() != null
                        && !uri.getPath().isEmpty()
                        && !uri.getPath().equals("/")) {
                    throw new IllegalArgumentException(
                            "clientele.metrics.pushgateway-url takes no path (the client adds"
                                    + " /metrics/job/...), got '" + pushgatewayUrl + "'");
                }
            }
            if (pushgatewayJob.isBlank()) {
                throw new IllegalArgumentException("clientele.metrics.pushgateway-job must not be empty");
            }
        }

        public boolean enabled() {
            return !textfile.isBlank() || !pushgatewayUrl.isBlank();
        }
    }

    /**
     * @param transport none (default), http or file
     * @param url       the OpenLineage backend of the http transport (e.g. http://marquez:5000)
     * @param endpoint  its path for run events
     * @param file      the file the file transport appends one event per line to
     * @param namespace the OpenLineage namespace of the night's jobs
     * @param timeout   how long one http event may take
     */
    public record Lineage(
            @DefaultValue("none") String transport,
            @DefaultValue("") String url,
            @DefaultValue("api/v1/lineage") String endpoint,
            @DefaultValue("") String file,
            @DefaultValue("clientele") String namespace,
            @DefaultValue("PT5S") java.time.Duration timeout) {
        public Lineage {
            switch (transport) {
                case "none" -> {}
                case "http" -> {
                    if (url.isBlank()) {
                        throw new IllegalArgumentException(
                                "clientele.lineage.transport=http needs clientele.lineage.url");
                    }
                    parseUrl("clientele.lineage.url", url);
                }
                case "file" -> {
                    if (file.isBlank()) {
                        throw new IllegalArgumentException(
                                "clientele.lineage.transport=file needs clientele.lineage.file");
                    }
                }
                default ->
                    throw new IllegalArgumentException(
                            "clientele.lineage.transport must be none, http or file, got '" + transport + "'");
            }
            if (namespace.isBlank()) {
                throw new IllegalArgumentException("clientele.lineage.namespace must not be empty");
            }
        }

        public boolean enabled() {
            return !"none".equals(transport);
        }
    }

    private static java.net.URI parseUrl(String key, String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(key + " must be an http:// or https:// URL, got '" + url + "'");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a URL: '" + url + "'");
        }
    }
}
