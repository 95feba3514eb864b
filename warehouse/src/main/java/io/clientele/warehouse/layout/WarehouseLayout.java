package io.clientele.warehouse.layout;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Where everything lives under the warehouse directory: every path under it comes from here.
 * A run builds its state, lake and marts under {@code work/<date>/} and only the publish step
 * ({@code publish.WarehousePublisher}) moves them into place, so a failed run leaves the
 * warehouse as the last good run left it.
 *
 * <pre>
 * DIR/clientele.duckdb            the file analysts open: views over lake/, tables of the marts
 * DIR/lake/&lt;table&gt;/              star schema (and etl_rejects) as Parquet
 * DIR/lake/erasure_log/          the record of every forgotten customer
 * DIR/marts/&lt;table&gt;/             the marts as Parquet (copied into the DuckDB file)
 * DIR/predict/model_fit/          the models' parameters, one Parquet file per model family
 * DIR/predict/customer_summary/   each purchaser's history as the BG/NBD sees it
 * DIR/predict/churn_fit/          the churn fit kept for the next nights (refitted every churn-refit-days)
 * DIR/state/&lt;source&gt;/run=&lt;date&gt;/ latest row per natural key after that night's upserts
 * DIR/landing/&lt;date&gt;/&lt;source&gt;/   the validated extract (rows.parquet, rejects.parquet)
 * DIR/work/&lt;date&gt;/               a run in progress
 * DIR/work/&lt;date&gt;/touched/&lt;source&gt;/ the natural keys tonight's extract touched (stage.TouchedKeys)
 * DIR/published/&lt;id&gt;/lake/       what the DuckDB file's lake views read (hard links; the last two publishes)
 * DIR/dq/&lt;date&gt;/report/          the data-quality report of that night (Parquet; the dq_report view)
 * DIR/dq/&lt;date&gt;/row_counts/      its row count per table (for the next night's drift check)
 * DIR/dq/schema/report/          a zero-row report, so the dq_report view binds before the first check
 * DIR/meta/                       run history (Spring Batch JobRepository), PII salt
 * DIR/meta/lake-baseline.properties what the published lake was built as of ({@link LakeBaseline})
 * DIR/meta/writer.lock            the one-writer lock ({@link WarehouseLock})
 * DIR/meta/writers/               who holds it, with a heartbeat
 * DIR/tmp/                        scratch space of the engines and of a night's steps
 * </pre>
 */
public record WarehouseLayout(Path root) {

    /** The lake table that records every erasure (see {@link #erasureLog()}). */
    public static final String ERASURE_LOG = "erasure_log";
    /** The churn model's kept fit, under a predict directory. */
    private static final String CHURN_FIT = "churn_fit";

    public WarehouseLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path duckDbFile() {
        return root.resolve("clientele.duckdb");
    }

    /** Where the DuckDB file is built before it is renamed over {@link #duckDbFile()}. */
    public Path duckDbFileBuilding() {
        return root.resolve("clientele.duckdb.building");
    }

    /** The write-ahead log DuckDB may leave beside {@link #duckDbFileBuilding()}. */
    public Path duckDbFileBuildingWal() {
        return root.resolve("clientele.duckdb.building.wal");
    }

    public Path lake() {
        return root.resolve("lake");
    }

    public Path lakeTable(String table) {
        return lake().resolve(table);
    }

    public Path marts() {
        return root.resolve("marts");
    }

    public Path martTable(String table) {
        return marts().resolve(table);
    }

    public Path state() {
        return root.resolve("state");
    }

    public Path stateSnapshot(String source, LocalDate runDate) {
        return state().resolve(source).resolve("run=" + runDate);
    }

    /** Every night's landing directory. */
    public Path landingRoot() {
        return root.resolve("landing");
    }

    public Path landing(LocalDate runDate) {
        return landingRoot().resolve(runDate.toString());
    }

    public Path landingRows(LocalDate runDate, String source) {
        return landing(runDate).resolve(source).resolve("rows.parquet");
    }

    public Path landingRejects(LocalDate runDate, String source) {
        return landing(runDate).resolve(source).resolve("rejects.parquet");
    }

    public Path work(LocalDate runDate) {
        return root.resolve("work").resolve(runDate.toString());
    }

    /** Tonight's state snapshots, one directory per source, until the publish moves them. */
    public Path workState(LocalDate runDate) {
        return work(runDate).resolve("state");
    }

    public Path workState(LocalDate runDate, String source) {
        return workState(runDate).resolve(source);
    }

    /**
     * The natural keys tonight's extract touched, one directory per source, beside tonight's state
     * ({@code stage.TouchedKeys}); not published, gone with the work directory.
     */
    public Path workTouchedKeys(LocalDate runDate, String source) {
        return work(runDate).resolve("touched").resolve(source);
    }

    /** Which state snapshot {@link #workTouchedKeys} were computed against (a properties file beside them). */
    public Path workTouchedKeysAgainst(LocalDate runDate, String source) {
        return work(runDate).resolve("touched").resolve(source + ".properties");
    }

    /** Tonight's star schema, one directory per table, until the publish moves it into {@link #lake()}. */
    public Path workLake(LocalDate runDate) {
        return work(runDate).resolve("lake");
    }

    public Path workLakeTable(LocalDate runDate, String table) {
        return workLake(runDate).resolve(table);
    }

    /** Tonight's marts, one directory per mart, until the publish moves them into {@link #marts()}. */
    public Path workMarts(LocalDate runDate) {
        return work(runDate).resolve("marts");
    }

    public Path workMartTable(LocalDate runDate, String table) {
        return workMarts(runDate).resolve(table);
    }

    /** The lake as one publish of the DuckDB file saw it (see WarehousePublisher). */
    public Path publishedLake(String publishId) {
        return published().resolve(publishId).resolve("lake");
    }

    public Path published() {
        return root.resolve("published");
    }

    public Path dataQuality() {
        return root.resolve("dq");
    }

    public Path dataQualityReport(LocalDate runDate) {
        return dataQuality().resolve(runDate.toString()).resolve("report");
    }

    public Path dataQualityRowCounts(LocalDate runDate) {
        return dataQuality().resolve(runDate.toString()).resolve("row_counts");
    }

    /** A zero-row report, so the published file's dq_report view binds before the first night's checks. */
    public Path dataQualitySchemaReport() {
        return dataQuality().resolve("schema").resolve("report").resolve("part-0.parquet");
    }

    /** The glob of every night's report (and of the zero-row one), for the dq_report view. */
    public Path dataQualityReportGlob() {
        return dataQuality().resolve("*").resolve("report").resolve("*.parquet");
    }

    /** The record of every {@code clientele forget}, a lake table of its own. */
    public Path erasureLog() {
        return lakeTable(ERASURE_LOG);
    }

    /** The predict stage's output of a run: customer_summary, customer_predictions, model_fit/, … */
    public Path workPredict(LocalDate runDate) {
        return work(runDate).resolve("predict");
    }

    public Path workPredictTable(LocalDate runDate, String table) {
        return workPredict(runDate).resolve(table);
    }

    /** A directory of Parquet files, one per model family (clv.parquet, sbg.parquet, churn_logit.parquet). */
    public Path workModelFit(LocalDate runDate) {
        return workPredictTable(runDate, "model_fit");
    }

    /** The churn model's scores of tonight (absent when it did not run). */
    public Path workChurnScores(LocalDate runDate) {
        return workPredictTable(runDate, "churn_scores");
    }

    /** The churn fit tonight leaves for the next nights, until the publish moves it to {@link #churnFit()}. */
    public Path workChurnFit(LocalDate runDate) {
        return workPredictTable(runDate, CHURN_FIT);
    }

    /** The churn fit the last published night kept: a later night within churn-refit-days scores with it. */
    public Path churnFit() {
        return predictTable(CHURN_FIT);
    }

    /** A published output of the predict stage (model_fit/, customer_summary/). */
    public Path predictTable(String table) {
        return root.resolve("predict").resolve(table);
    }

    public Path meta() {
        return root.resolve("meta");
    }

    /** The file whose operating-system lock makes one writer per warehouse ({@link WarehouseLock}). */
    public Path writerLock() {
        return meta().resolve("writer.lock");
    }

    /** What the published lake was built as of, and from which definitions ({@link LakeBaseline}). */
    public Path lakeBaseline() {
        return meta().resolve("lake-baseline.properties");
    }

    /** One file per process holding {@link #writerLock()}: who it is, and its heartbeat. */
    public Path writers() {
        return meta().resolve("writers");
    }

    public Path scratch() {
        return root.resolve("tmp");
    }

    /** The scratch directory of one engine ({@code duckdb}, {@code spark}): its spills and temporary tables. */
    public Path engineScratch(String engine) {
        return scratch().resolve(engine);
    }

    /** A one-file copy of a lake table that the marts read on DuckDB (see NightlyPipeline). */
    public Path martsInputCopy(String table) {
        return scratch().resolve("marts-input").resolve(table);
    }
}
