package io.clientele.jobs.nightly;

import io.clientele.jobs.batch.NightStep;
import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.batch.NightlyJobs;
import io.clientele.jobs.config.ClienteleProperties;
import io.clientele.warehouse.engine.EngineKind;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.layout.WarehouseLock;
import java.nio.file.Files;
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

    /** The steps after stage that read the night's work directory (check reads the published warehouse). */
    private static final List<String> STEPS_READING_WORK = List.of(
            NightStep.MODEL.stepName(),
            NightStep.PREDICT.stepName(),
            NightStep.PREDICT_CHURN.stepName(),
            NightStep.MARTS.stepName(),
            NightStep.PUBLISH.stepName());

    private final JobLauncher jobLauncher;
    private final JobExplorer jobExplorer;
    private final Job nightlyJob;
    private final StepJobsConfiguration.StepJobs stepJobs;
    private final InterruptedRuns interrupted;
    private final String defaultEngine;

    public NightlyRunLauncher(
            JobLauncher jobLauncher,
            JobExplorer jobExplorer,
            Job nightlyJob,
            StepJobsConfiguration.StepJobs stepJobs,
            InterruptedRuns interrupted,
            ClienteleProperties properties) {
        this.jobLauncher = jobLauncher;
        this.jobExplorer = jobExplorer;
        this.nightlyJob = nightlyJob;
        this.stepJobs = stepJobs;
        this.interrupted = interrupted;
        this.defaultEngine = EngineKind.parse(properties.engine()).id();
    }

    /**
     * How a command running this step (null: a whole night) holds the warehouse: the extract
     * steps of a night may run in parallel processes and share it; every other writer holds it alone.
     */
    public static WarehouseLock.Mode lockMode(String step) {
        return NightStep.isSourceExtract(step) ? WarehouseLock.Mode.SHARED : WarehouseLock.Mode.EXCLUSIVE;
    }

    /**
     * The settings of one night: where its extract comes from and which engine runs it (null: the setting
     * {@code clientele.engine}).
     *
     * @param mapping the source mapping its raw inputs are read through (docs/mappings.md), or null
     */
    public record NightlyRun(
            LocalDate runDate,
            String source,
            Path inbox,
            String engine,
            Path warehouse,
            String jdbcUrl,
            String jdbcUser,
            Path mapping) {}

    /**
     * Runs a whole night. The caller holds the warehouse's lock alone, so any execution still
     * recorded as running was interrupted: it is marked failed first, and a night it left unfinished
     * restarts at the step that broke.
     */
    public JobExecution launch(NightlyRun run) throws Exception {
        interrupted.failInterrupted(e -> true, true);
        return jobLauncher.run(nightlyJob, parameters(run, NightlyJobConfiguration.JOB_NAME));
    }

    /**
     * What {@link #launchStep} did: ran the step (its execution), or found it already
     * completed for the date and left it (execution null).
     */
    public record StepRun(String step, JobExecution execution) {
        public boolean alreadyCompleted() {
            return execution == null;
        }
    }

    /**
     * Runs one step of the night as its own job ({@code nightly.<step>}), for schedulers that
     * run each step as a separate task. Refuses when a step it needs has not completed for
     * that date; does nothing when the step itself already completed for the date (unless
     * {@code force}); a failed step is restarted with the same settings, as a night is.
     */
    public StepRun launchStep(NightlyRun run, String step, boolean force) throws Exception {
        Job job = stepJobs.job(step);
        if (lockMode(step) == WarehouseLock.Mode.EXCLUSIVE) {
            interrupted.failInterrupted(e -> true, true);
        } else {
            // other extract steps may be running in other processes: only this step's own executions
            // for the date are judged, by whether their process is alive
            java.util.function.Predicate<JobExecution> same = e -> e.getJobInstance()
                            .getJobName()
                            .equals(job.getName())
                    && run.runDate().toString().equals(e.getJobParameters().getString(NightlyJobParameters.RUN_DATE));
            interrupted.failInterrupted(same, false);
            Optional<JobExecution> running =
                    interrupted.unfinished().stream().filter(same).findFirst();
            if (running.isPresent()) {
                throw new IllegalStateException("step " + step + " for " + run.runDate() + " is already running ("
                        + running.get().getJobParameters().getString(NightlyJobParameters.OWNER)
                        + ", pid@host@start): run it again when that one has ended");
            }
        }
        List<String> missing = stepJobs.needs(step).stream()
                .filter(needed -> !isStepCompleted(needed, run.runDate()))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("step " + step + " for " + run.runDate() + " needs "
                    + String.join(", ", missing) + " completed first for that date (clientele run --date "
                    + run.runDate() + " --step " + missing.get(0) + ")");
        }
        if (!force && isStepCompleted(step, run.runDate())) {
            return new StepRun(step, null);
        }
        requireInputs(run, step);
        return new StepRun(step, jobLauncher.run(job, parameters(run, job.getName())));
    }

    /**
     * Refuses a step whose input is gone: publish moves the night's landing and work into the
     * warehouse, so a step of a published night run again on its own (--force) would have nothing
     * to read, and stage would stage nothing.
     */
    private static void requireInputs(NightlyRun run, String step) {
        WarehouseLayout layout = new WarehouseLayout(run.warehouse());
        Path input = step.equals(NightStep.STAGE.stepName())
                ? layout.landing(run.runDate())
                : STEPS_READING_WORK.contains(step) ? layout.work(run.runDate()) : null;
        if (input != null && !Files.isDirectory(input)) {
            throw new IllegalStateException("step " + step + " for " + run.runDate() + " has no input: the night of"
                    + " that date is published and its work is in the warehouse; run the whole night again"
                    + " (clientele run --date " + run.runDate() + "), or its steps again from the extract");
        }
    }

    /** The step names in the night's order, for help and errors. */
    public List<String> steps() {
        return List.copyOf(stepJobs.jobs().keySet());
    }

    private JobParameters parameters(NightlyRun run, String jobName) {
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addString(NightlyJobParameters.SOURCE, run.source(), false)
                // resolved here, so that a rerun on the same setting resumes and the history names the engine
                .addString(NightlyJobParameters.ENGINE, run.engine() == null ? defaultEngine : run.engine(), false)
                .addString(NightlyJobParameters.WAREHOUSE, run.warehouse().toString(), false);
        if (run.inbox() != null) {
            parameters.addString(
                    NightlyJobParameters.INBOX, run.inbox().toAbsolutePath().toString(), false);
        }
        if (run.mapping() != null) {
            parameters.addString(
                    NightlyJobParameters.MAPPING, run.mapping().toAbsolutePath().toString(), false);
        }
        if (run.jdbcUrl() != null) {
            parameters.addString(NightlyJobParameters.JDBC_URL, run.jdbcUrl(), false);
        }
        if (run.jdbcUser() != null) {
            parameters.addString(NightlyJobParameters.JDBC_USER, run.jdbcUser(), false);
        }
        JobParameters settings = parameters.toJobParameters();
        parameters
                .addString(NightlyJobParameters.RUN_DATE, run.runDate().toString(), true)
                .addLong(NightlyJobParameters.ATTEMPT, nextAttempt(jobName, run.runDate(), settings), true)
                .addString(NightlyJobParameters.OWNER, InterruptedRuns.thisOwner(), false);
        return parameters.toJobParameters();
    }

    /**
     * The attempt of the latest instance for this date when it did not complete and ran on
     * the same settings (so it resumes), else one more.
     */
    private long nextAttempt(String jobName, LocalDate runDate, JobParameters settings) {
        Optional<JobInstance> latest =
                instancesOf(jobName, runDate).stream().max(Comparator.comparingLong(i -> attemptOf(i)));
        if (latest.isEmpty()) {
            return 1;
        }
        List<JobExecution> executions = jobExplorer.getJobExecutions(latest.get());
        boolean completed = executions.stream().anyMatch(e -> e.getStatus() == BatchStatus.COMPLETED);
        boolean sameSettings = executions.stream()
                .max(Comparator.comparing(JobExecution::getId))
                .map(last -> settings.getParameters().entrySet().stream()
                        .allMatch(
                                e -> e.getValue().equals(last.getJobParameters().getParameter(e.getKey()))))
                .orElse(false);
        return completed || !sameSettings ? attemptOf(latest.get()) + 1 : attemptOf(latest.get());
    }

    /**
     * Whether some run of this date completed: a whole-night job did (also one from before the
     * night had its current last step), or the night's last step did, run on its own.
     */
    public boolean isCompleted(LocalDate runDate) {
        boolean wholeNight = instancesOf(NightlyJobConfiguration.JOB_NAME, runDate).stream()
                .flatMap(i -> jobExplorer.getJobExecutions(i).stream())
                .anyMatch(e -> e.getStatus() == BatchStatus.COMPLETED);
        return wholeNight || isStepCompleted(stepJobs.lastStep(), runDate);
    }

    /** Whether the step completed for this date, in the whole-night job or its own one-step job. */
    public boolean isStepCompleted(String step, LocalDate runDate) {
        return jobNames().stream()
                .flatMap(name -> instancesOf(name, runDate).stream())
                .flatMap(i -> jobExplorer.getJobExecutions(i).stream())
                .flatMap(e -> e.getStepExecutions().stream())
                .anyMatch(s -> s.getStepName().equals(step) && s.getStatus() == BatchStatus.COMPLETED);
    }

    /** The whole-night job and the one-step jobs that have run in this warehouse. */
    public List<String> jobNames() {
        return jobExplorer.getJobNames().stream()
                .filter(NightlyJobs::isNightlyJob)
                .sorted()
                .toList();
    }

    private List<JobInstance> instancesOf(String jobName, LocalDate runDate) {
        return jobExplorer.findJobInstancesByJobName(jobName, 0, Integer.MAX_VALUE).stream()
                .filter(i -> runDate.toString().equals(parametersOf(i).getString(NightlyJobParameters.RUN_DATE)))
                .toList();
    }

    private long attemptOf(JobInstance instance) {
        Long attempt = parametersOf(instance).getLong(NightlyJobParameters.ATTEMPT);
        return attempt == null ? 1 : attempt;
    }

    private JobParameters parametersOf(JobInstance instance) {
        return jobExplorer.getJobExecutions(instance).stream()
                .findFirst()
                .map(JobExecution::getJobParameters)
                .orElseGet(JobParameters::new);
    }
}
