package io.clientele.jobs.monitoring;

import io.clientele.jobs.batch.NightStep;
import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.batch.NightlyJobs;
import io.clientele.jobs.batch.StepCounts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobInstance;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;

/**
 * The steps of one night so far, read from the run history as a job of it ends: the latest
 * execution of each step, whether it ran in this execution, in an earlier one that this one
 * restarts, or (when the night runs step by step) in a one-step job of its own for the same date.
 */
public record NightHistory(LocalDate runDate, JobExecution current, Map<String, StepExecution> steps) {

    /** One-step jobs of a name looked at per date, newest first: more than a month of nights. */
    private static final int INSTANCES_PER_JOB = 40;

    /** The night of {@code current} (which has just ended, or is ending) as the run history has it. */
    public static NightHistory of(JobExplorer explorer, JobExecution current) {
        String date = current.getJobParameters().getString(NightlyJobParameters.RUN_DATE);
        List<JobExecution> executions = new ArrayList<>(explorer.getJobExecutions(current.getJobInstance()));
        if (!current.getJobInstance().getJobName().equals(NightlyJobs.JOB_NAME)) {
            for (String job : explorer.getJobNames()) {
                if (job.startsWith(NightlyJobs.STEP_JOB_PREFIX)) {
                    for (JobInstance instance : explorer.findJobInstancesByJobName(job, 0, INSTANCES_PER_JOB)) {
                        explorer.getJobExecutions(instance).stream()
                                .filter(e -> date.equals(e.getJobParameters().getString(NightlyJobParameters.RUN_DATE)))
                                .forEach(executions::add);
                    }
                }
            }
        }
        Map<String, StepExecution> latest = new LinkedHashMap<>();
        executions.stream()
                .filter(e -> !e.getId().equals(current.getId()))
                .flatMap(e -> e.getStepExecutions().stream())
                .sorted(Comparator.comparing(StepExecution::getId))
                .forEach(s -> latest.put(s.getStepName(), s));
        // this execution's steps as they are in memory: the repository may not have their last state yet
        current.getStepExecutions().stream()
                .sorted(Comparator.comparing(StepExecution::getId))
                .forEach(s -> latest.put(s.getStepName(), s));
        return new NightHistory(LocalDate.parse(date), current, order(latest));
    }

    private static Map<String, StepExecution> order(Map<String, StepExecution> steps) {
        Map<String, StepExecution> ordered = new LinkedHashMap<>();
        steps.values().stream()
                .sorted(Comparator.comparing(
                        StepExecution::getStartTime, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(s -> ordered.put(s.getStepName(), s));
        return ordered;
    }

    /** The job that ended: {@code nightly} or {@code nightly.<step>}. */
    public String jobName() {
        return current.getJobInstance().getJobName();
    }

    /** Whether the night's last step has completed, so the night is whole. */
    public boolean complete() {
        return step(NightStep.CHECK.stepName())
                .map(s -> s.getStatus() == BatchStatus.COMPLETED)
                .orElse(false);
    }

    public Optional<StepExecution> step(String name) {
        return Optional.ofNullable(steps.get(name));
    }

    public Collection<StepExecution> allSteps() {
        return steps.values();
    }

    /** Read, loaded, rejected and superseded rows of one source; a count the history lacks is absent. */
    public record SourceRows(String source, Long read, Long rejected, Long loaded, Long superseded) {}

    /** Per source that was extracted: its rows as the extract and stage steps counted them. */
    public List<SourceRows> sources() {
        Map<String, Long> loaded = counts(NightStep.STAGE.stepName(), StepCounts.CONTEXT_KEY, true);
        Map<String, Long> superseded = counts(NightStep.STAGE.stepName(), StepCounts.SUPERSEDED_KEY, true);
        List<SourceRows> rows = new ArrayList<>();
        for (StepExecution step : steps.values()) {
            if (!NightStep.isSourceExtract(step.getStepName())) {
                continue;
            }
            String source =
                    step.getStepName().substring(NightStep.extractStep("").length());
            Map<String, Long> extract =
                    StepCounts.parse(step.getExecutionContext().getString(StepCounts.CONTEXT_KEY, ""));
            rows.add(new SourceRows(
                    source, extract.get("read"), extract.get("rejected"), loaded.get(source), superseded.get(source)));
        }
        return rows;
    }

    /** A step's per-table or per-source counts, only when it completed (when {@code completedOnly}). */
    private Map<String, Long> counts(String stepName, String key, boolean completedOnly) {
        return step(stepName)
                .filter(s -> !completedOnly || s.getStatus() == BatchStatus.COMPLETED)
                .map(s -> StepCounts.parse(s.getExecutionContext().getString(key, "")))
                .orElseGet(Map::of);
    }
}
