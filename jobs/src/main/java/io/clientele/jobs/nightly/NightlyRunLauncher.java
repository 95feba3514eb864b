package io.clientele.jobs.nightly;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.stereotype.Component;

/**
 * Starts the nightly job for a date. A date whose last run failed is restarted with the
 * same extract and engine (Spring Batch resumes at the failed step); a date already
 * completed, or run again on a different extract or engine, is a new attempt, which
 * rebuilds that night from the same starting state.
 */
@Component
public class NightlyRunLauncher {

    private final JobLauncher jobLauncher;
    private final JobExplorer jobExplorer;
    private final Job nightlyJob;

    public NightlyRunLauncher(JobLauncher jobLauncher, JobExplorer jobExplorer, Job nightlyJob) {
        this.jobLauncher = jobLauncher;
        this.jobExplorer = jobExplorer;
        this.nightlyJob = nightlyJob;
    }

    /** The settings of one night: where its extract comes from and which engine runs it. */
    public record NightlyRun(LocalDate runDate, String source, Path inbox, String engine, Path warehouse,
                             String jdbcUrl, String jdbcUser) {
    }

    public JobExecution launch(NightlyRun run) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addString(NightlyJobParameters.SOURCE, run.source(), false)
                .addString(NightlyJobParameters.ENGINE, run.engine(), false)
                .addString(NightlyJobParameters.WAREHOUSE, run.warehouse().toString(), false);
        if (run.inbox() != null) {
            parameters.addString(NightlyJobParameters.INBOX, run.inbox().toAbsolutePath().toString(), false);
        }
        if (run.jdbcUrl() != null) {
            parameters.addString(NightlyJobParameters.JDBC_URL, run.jdbcUrl(), false);
        }
        if (run.jdbcUser() != null) {
            parameters.addString(NightlyJobParameters.JDBC_USER, run.jdbcUser(), false);
        }
        JobParameters settings = parameters.toJobParameters();
        parameters.addString(NightlyJobParameters.RUN_DATE, run.runDate().toString(), true)
                .addLong(NightlyJobParameters.ATTEMPT, nextAttempt(run.runDate(), settings), true);
        return jobLauncher.run(nightlyJob, parameters.toJobParameters());
    }

    /**
     * The attempt of the latest instance for this date when it did not complete and ran on
     * the same settings (so it resumes), else one more.
     */
    private long nextAttempt(LocalDate runDate, JobParameters settings) {
        Optional<JobInstance> latest = instancesOf(runDate).stream()
                .max(Comparator.comparingLong(i -> attemptOf(i)));
        if (latest.isEmpty()) {
            return 1;
        }
        List<JobExecution> executions = jobExplorer.getJobExecutions(latest.get());
        boolean completed = executions.stream().anyMatch(e -> e.getStatus() == BatchStatus.COMPLETED);
        boolean sameSettings = executions.stream().max(Comparator.comparing(JobExecution::getId))
                .map(last -> settings.getParameters().entrySet().stream().allMatch(e ->
                        e.getValue().equals(last.getJobParameters().getParameter(e.getKey()))))
                .orElse(false);
        return completed || !sameSettings ? attemptOf(latest.get()) + 1 : attemptOf(latest.get());
    }

    /** Whether some run of this date completed. */
    public boolean isCompleted(LocalDate runDate) {
        return instancesOf(runDate).stream().flatMap(i -> jobExplorer.getJobExecutions(i).stream())
                .anyMatch(e -> e.getStatus() == BatchStatus.COMPLETED);
    }

    private List<JobInstance> instancesOf(LocalDate runDate) {
        return jobExplorer.findJobInstancesByJobName(NightlyJobConfiguration.JOB_NAME, 0, Integer.MAX_VALUE).stream()
                .filter(i -> runDate.toString().equals(parametersOf(i).getString(NightlyJobParameters.RUN_DATE)))
                .toList();
    }

    private long attemptOf(JobInstance instance) {
        Long attempt = parametersOf(instance).getLong(NightlyJobParameters.ATTEMPT);
        return attempt == null ? 1 : attempt;
    }

    private JobParameters parametersOf(JobInstance instance) {
        return jobExplorer.getJobExecutions(instance).stream().findFirst()
                .map(JobExecution::getJobParameters).orElseGet(JobParameters::new);
    }
}
