package io.clientele.jobs.extract;

import io.clientele.jobs.batch.NightStep;
import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.batch.NightlyJobs;
import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamException;
import org.springframework.batch.item.database.JdbcPagingItemReader;
import org.springframework.batch.item.database.Order;
import org.springframework.batch.item.database.support.PostgresPagingQueryProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Reads one source's table from the operational database (PostgreSQL) with Spring Batch's
 * {@link JdbcPagingItemReader}: keyset pages sorted by the natural key, every contract column
 * the table has selected as text (timestamps as UTC), in contract order, so the rows go
 * through the same validation as a CSV file's.
 *
 * <p>Incremental: a row is read when its change stamp — {@code version_column}, or its
 * {@code event_column} when that is null or the contract has no version — is after the
 * watermark, the highest stamp read by the last completed jdbc run for an earlier date
 * (kept in that run's {@code extract-<source>} step context). A source with neither (order
 * lines) follows its parent: the lines of the orders read tonight. No earlier run: everything.
 */
public final class SourceJdbcReader implements SourceRowReader.Delegate {

    /** Step context key: the highest change stamp read so far (carried over when nothing newer was read). */
    public static final String WATERMARK_KEY = "jdbc.watermark";
    /** Step context key: the watermark this run read after, or "full". */
    public static final String SINCE_KEY = "jdbc.since";

    private static final Logger log = LoggerFactory.getLogger(SourceJdbcReader.class);
    private static final String STAMP = "clientele_stamp";

    /**
     * Where the operational database is, when the run's parameters do not say.
     *
     * @param password from {@code CLIENTELE_SOURCE_PASSWORD} (never a setting in a file)
     */
    public record Settings(String url, String user, String schema, int pageSize, Supplier<String> password) {}

    private final SourceContract contract;
    private final Settings settings;
    private final JobExplorer jobExplorer;
    /** The source whose change stamps choose this one's rows, when it has none of its own. */
    private final SourceContract parent;

    private String url;
    private String user;
    private String since;
    private String previousWatermark;
    private String maxStamp;
    private long line;
    private SourceHeader header;
    private SingleConnectionDataSource dataSource;
    private JdbcPagingItemReader<SourceRow> delegate;

    public SourceJdbcReader(SourceContract contract, Settings settings, JobExplorer jobExplorer) {
        this.contract = contract;
        this.settings = settings;
        this.jobExplorer = jobExplorer;
        this.parent = stamped(contract) ? null : parentOf(contract);
    }

    @Override
    public String fileName() {
        return "jdbc:" + contract.source();
    }

    @Override
    public SourceHeader header() {
        return header;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        JobParameters parameters = stepExecution.getJobParameters();
        url = orDefault(parameters.getString(NightlyJobParameters.JDBC_URL), settings.url());
        user = orDefault(parameters.getString(NightlyJobParameters.JDBC_USER), settings.user());
        SourceContract stampedBy = parent != null ? parent : stamped(contract) ? contract : null;
        previousWatermark = null;
        since = null;
        if (stampedBy != null) {
            since = previousWatermark(stepExecution.getJobExecution(), stampedBy.source())
                    .orElse(null);
            if (parent == null) {
                previousWatermark = since;
            }
        }
        maxStamp = null;
        line = 0;
        header = null;
    }

    @Override
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        String password = settings.password().get();
        dataSource = new SingleConnectionDataSource(url, user, password == null ? "" : password, true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            Map<String, String> types = columnTypes(jdbc, contract.source());
            List<String> present =
                    contract.columnNames().stream().filter(types::containsKey).toList();
            header = SourceHeader.check(fileName(), present.toArray(String[]::new), contract);
            delegate = pagingReader(types, present);
            delegate.afterPropertiesSet();
            delegate.open(new ExecutionContext());
        } catch (ExtractFileException e) {
            throw e;
        } catch (Exception e) {
            throw new ExtractFileException(fileName(), "cannot be read from " + url + ": " + rootMessage(e), e);
        }
        log.info(
                "{}: reading {}.{} {}",
                contract.source(),
                settings.schema(),
                contract.source(),
                since == null
                        ? "in full"
                        : "changed after " + since + (parent == null ? "" : " (by " + parent.source() + ")"));
    }

    private Map<String, String> columnTypes(JdbcTemplate jdbc, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        jdbc.query(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
                rs -> {
                    types.put(rs.getString(1), rs.getString(2));
                },
                settings.schema(),
                table);
        if (types.isEmpty()) {
            throw new ExtractFileException(
                    "jdbc:" + table, "no table " + settings.schema() + "." + table + " in " + url);
        }
        return types;
    }

    private JdbcPagingItemReader<SourceRow> pagingReader(Map<String, String> types, List<String> present) {
        List<String> select = new ArrayList<>();
        for (String key : contract.naturalKey()) {
            select.add(key);
        }
        for (int i = 0; i < present.size(); i++) {
            select.add(asText(present.get(i), types) + " AS c" + i);
        }
        String where = "";
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (parent == null && stamped(contract)) {
            String stamp = stampOf(contract, types);
            select.add("CAST(" + stamp + " AS text) AS " + STAMP);
            if (since != null) {
                where = " WHERE " + after(contract, stamp, types);
            }
        } else if (parent != null && since != null) {
            Map<String, String> parentTypes = columnTypes(new JdbcTemplate(dataSource), parent.source());
            String key = parent.naturalKey().get(0);
            where = " WHERE " + key + " IN (SELECT " + key + " FROM " + table(parent) + " WHERE "
                    + after(parent, stampOf(parent, parentTypes), parentTypes) + ")";
        }
        if (since != null) {
            parameters.put("watermark", since);
        }
        PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
        query.setSelectClause("*");
        query.setFromClause("(SELECT " + String.join(", ", select) + " FROM " + table(contract) + where + ") AS src");
        Map<String, Order> sortKeys = new LinkedHashMap<>();
        contract.naturalKey().forEach(key -> sortKeys.put(key, Order.ASCENDING));
        query.setSortKeys(sortKeys);

        boolean tracksStamp = parent == null && stamped(contract);
        JdbcPagingItemReader<SourceRow> reader = new JdbcPagingItemReader<>();
        reader.setName(NightStep.extractStep(contract.source()));
        reader.setSaveState(false);
        reader.setDataSource(dataSource);
        reader.setQueryProvider(query);
        reader.setPageSize(settings.pageSize());
        reader.setFetchSize(settings.pageSize());
        if (!parameters.isEmpty()) {
            reader.setParameterValues(parameters);
        }
        reader.setRowMapper((rs, rowNum) -> {
            String[] fields = new String[present.size()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = rs.getString("c" + i);
            }
            if (tracksStamp) {
                String stamp = rs.getString(STAMP);
                if (stamp != null && (maxStamp == null || stamp.compareTo(maxStamp) > 0)) {
                    maxStamp = stamp;
                }
            }
            StringBuilder raw = new StringBuilder();
            for (int i = 0; i < fields.length; i++) {
                raw.append(i == 0 ? "" : ",").append(fields[i] == null ? "" : fields[i]);
            }
            return new SourceRow(fileName(), ++line, fields, raw.toString());
        });
        return reader;
    }

    /** The column as the text the validator reads: timestamps in UTC, months as YYYY-MM. */
    private String asText(String column, Map<String, String> types) {
        String type = types.get(column);
        String contractType = contract.column(column).map(ColumnContract::type).orElse("string");
        if ("month".equals(contractType) && "date".equals(type)) {
            return "to_char(" + column + ", 'YYYY-MM')";
        }
        return "CAST(" + utc(column, type) + " AS text)";
    }

    private static String utc(String column, String type) {
        return "timestamp with time zone".equals(type) ? "(" + column + " AT TIME ZONE 'UTC')" : column;
    }

    /** The row's change stamp: its version, or its event time when it has no version. */
    private static String stampOf(SourceContract source, Map<String, String> types) {
        List<String> parts = new ArrayList<>();
        for (String column : new String[] {source.versionColumn(), source.eventColumn()}) {
            if (column != null && types.containsKey(column)) {
                String type = types.get(column);
                parts.add(
                        "date".equals(type) && !"month".equals(typeOf(source, column))
                                ? "CAST(" + column + " AS timestamp)"
                                : utc(column, type));
            }
        }
        if (parts.isEmpty()) {
            throw new ExtractFileException(
                    "jdbc:" + source.source(),
                    "the table has neither " + source.versionColumn() + " nor " + source.eventColumn()
                            + " to read its changes by");
        }
        return parts.size() == 1 ? parts.get(0) : "COALESCE(" + String.join(", ", parts) + ")";
    }

    /** The stamp after the watermark; a source stamped only by a date or month re-reads its latest period. */
    private static String after(SourceContract source, String stamp, Map<String, String> types) {
        String column = source.versionColumn() != null && types.containsKey(source.versionColumn())
                ? source.versionColumn()
                : source.eventColumn();
        String type = types.get(column);
        boolean timestamp =
                type.startsWith("timestamp") || "date".equals(type) && !"month".equals(typeOf(source, column));
        boolean coarse =
                source.versionColumn() == null && List.of("date", "month").contains(typeOf(source, column));
        return stamp + (coarse ? " >= " : " > ") + (timestamp ? "CAST(:watermark AS timestamp)" : ":watermark");
    }

    private static String typeOf(SourceContract source, String column) {
        return source.column(column).map(ColumnContract::type).orElse("string");
    }

    private String table(SourceContract source) {
        return settings.schema() + "." + source.source();
    }

    @Override
    public SourceRow read() throws Exception {
        try {
            return delegate.read();
        } catch (DataAccessException e) {
            throw new ExtractFileException(fileName(), "cannot be read from " + url + ": " + rootMessage(e), e);
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        String watermark = maxStamp == null || previousWatermark != null && previousWatermark.compareTo(maxStamp) > 0
                ? previousWatermark
                : maxStamp;
        ExecutionContext context = stepExecution.getExecutionContext();
        if (watermark != null) {
            context.putString(WATERMARK_KEY, watermark);
        }
        context.putString(SINCE_KEY, since == null ? "full" : since);
        return null;
    }

    @Override
    public void close() throws ItemStreamException {
        try {
            if (delegate != null) {
                delegate.close();
            }
        } finally {
            delegate = null;
            if (dataSource != null) {
                dataSource.destroy();
                dataSource = null;
            }
        }
    }

    /**
     * The watermark {@code extract-<source>} left on the latest earlier night read from the same
     * database and published (its publish step completed: its state is what tonight's stage
     * upserts into), whether the night ran as one job or step by step ({@code run --step}); a
     * restarted night skips completed steps, so every execution of every nightly job counts.
     */
    private Optional<String> previousWatermark(JobExecution current, String source) {
        JobParameters now = current.getJobParameters();
        LocalDate runDate = LocalDate.parse(now.getString(NightlyJobParameters.RUN_DATE));
        List<JobExecution> earlier = new ArrayList<>();
        for (String job : jobExplorer.getJobNames()) {
            if (!NightlyJobs.isNightlyJob(job)) {
                continue;
            }
            for (JobInstance instance : jobExplorer.findJobInstancesByJobName(job, 0, Integer.MAX_VALUE)) {
                for (JobExecution execution : jobExplorer.getJobExecutions(instance)) {
                    if (dateOf(execution).isBefore(runDate)) {
                        earlier.add(execution);
                    }
                }
            }
        }
        java.util.Set<LocalDate> published = new java.util.HashSet<>();
        for (JobExecution execution : earlier) {
            if (execution.getStepExecutions().stream()
                    .anyMatch(step -> step.getStepName().equals(NightStep.PUBLISH.stepName())
                            && step.getStatus() == BatchStatus.COMPLETED)) {
                published.add(dateOf(execution));
            }
        }
        return earlier.stream()
                .filter(execution -> published.contains(dateOf(execution))
                        && "jdbc".equals(execution.getJobParameters().getString(NightlyJobParameters.SOURCE))
                        && Objects.equals(
                                now.getString(NightlyJobParameters.JDBC_URL),
                                execution.getJobParameters().getString(NightlyJobParameters.JDBC_URL)))
                .flatMap(execution -> execution.getStepExecutions().stream())
                .filter(step -> step.getStepName().equals(NightStep.extractStep(source))
                        && step.getStatus() == BatchStatus.COMPLETED)
                .max(Comparator.comparing((StepExecution step) -> dateOf(step.getJobExecution()))
                        .thenComparing(StepExecution::getId))
                .map(step -> step.getExecutionContext().getString(WATERMARK_KEY, null));
    }

    private static LocalDate dateOf(JobExecution execution) {
        return LocalDate.parse(execution.getJobParameters().getString(NightlyJobParameters.RUN_DATE));
    }

    private static boolean stamped(SourceContract source) {
        return source.versionColumn() != null || source.eventColumn() != null;
    }

    /** The stamped source whose one-column natural key begins this one's (order_lines → orders). */
    private static SourceContract parentOf(SourceContract child) {
        String first = child.naturalKey().get(0);
        return SourceContracts.all().stream()
                .filter(s -> !s.source().equals(child.source())
                        && stamped(s)
                        && s.naturalKey().equals(List.of(first)))
                .findFirst()
                .orElse(null);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
