package io.clientele.jobs.batch;

/**
 * Names of the nightly job's parameters. {@code runDate} (a LocalDate) identifies the
 * job instance together with {@code attempt}, which the launcher raises when a completed
 * date is run again; the rest only say how to run it.
 */
public final class NightlyJobParameters {
    public static final String RUN_DATE = "runDate";
    public static final String ATTEMPT = "attempt";
    /** csv or jdbc. */
    public static final String SOURCE = "source";
    /** The extract folder for csv. */
    public static final String INBOX = "inbox";
    /**
     * The source mapping file (absolute), when the night's sources come from raw inputs through
     * one (docs/mappings.md); absent otherwise.
     */
    public static final String MAPPING = "mapping";
    /** duckdb or spark. */
    public static final String ENGINE = "engine";
    /** The warehouse directory (also where the job repository lives). */
    public static final String WAREHOUSE = "warehouse";

    public static final String JDBC_URL = "jdbcUrl";
    public static final String JDBC_USER = "jdbcUser";
    /**
     * The process running the execution, {@code pid@host@start} (not identifying): an execution
     * left started by a process that is gone is known to be interrupted (see {@code nightly.InterruptedRuns}).
     */
    public static final String OWNER = "owner";

    private NightlyJobParameters() {}
}
