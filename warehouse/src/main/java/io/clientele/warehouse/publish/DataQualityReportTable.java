package io.clientele.warehouse.publish;

/**
 * The shape of the data-quality report that the published file shows as the view
 * {@code dq_report}. The publisher owns it because the view must bind before any night's checks
 * have run; the checks (a later step) write their report in this shape.
 */
public final class DataQualityReportTable {

    /** The report's columns, in order. */
    public static final String COLUMNS = "run_date, \"check\", status, violations, detail";

    private DataQualityReportTable() {}

    /**
     * A zero-row report, kept at {@code WarehouseLayout.dataQualitySchemaReport()}, so that the
     * published file's {@code dq_report} view binds before the first night's checks have run.
     */
    public static String emptySql() {
        return "SELECT CAST(NULL AS DATE) AS run_date, CAST(NULL AS VARCHAR) AS \"check\", CAST(NULL AS VARCHAR) AS status, "
                + "CAST(NULL AS BIGINT) AS violations, CAST(NULL AS VARCHAR) AS detail WHERE false";
    }
}
