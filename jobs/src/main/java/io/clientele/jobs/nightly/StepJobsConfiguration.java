package io.clientele.jobs.nightly;

import io.clientele.jobs.batch.NightlyJobs;
import io.clientele.jobs.extract.ExtractStepsConfiguration.ExtractSteps;
import io.clientele.jobs.monitoring.NightMonitoring;
import io.clientele.jobs.nightly.NightlyJobConfiguration.WarehouseSteps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One job per step of the night ({@code nightly.<step>}, e.g. {@code nightly.extract-orders},
 * {@code nightly.stage}), for schedulers that run each step as a task of its own (the Airflow
 * DAG). They are made of the very step beans the whole-night job runs, with the same job
 * parameters, so the JobRepository keeps one history for both ways of running a night.
 */
@Configuration
public class StepJobsConfiguration {

    /** The one-step jobs are named this prefix + the step's name. */
    public static final String JOB_PREFIX = NightlyJobs.STEP_JOB_PREFIX;

    @Bean
    public StepJobs stepJobs(
            JobRepository jobRepository,
            ExtractSteps extractSteps,
            @Qualifier("extractLandStep") Step extractLandStep,
            WarehouseSteps warehouseSteps,
            NightlyRunListener listener,
            NightMonitoring monitoring) {
        Map<String, Job> jobs = new LinkedHashMap<>();
        Map<String, List<String>> needs = new LinkedHashMap<>();
        List<String> extracts = new ArrayList<>();
        for (Step step : extractSteps.steps()) {
            extracts.add(step.getName());
            add(step, List.of(), jobs, needs, jobRepository, listener, monitoring);
        }
        // extract-land reconciles every source, so it waits for all of them (they may run in parallel)
        add(extractLandStep, extracts, jobs, needs, jobRepository, listener, monitoring);
        String previous = extractLandStep.getName();
        for (Step step : warehouseSteps.steps()) {
            add(step, List.of(previous), jobs, needs, jobRepository, listener, monitoring);
            previous = step.getName();
        }
        return new StepJobs(jobs, needs);
    }

    private static void add(
            Step step,
            List<String> stepNeeds,
            Map<String, Job> jobs,
            Map<String, List<String>> needs,
            JobRepository jobRepository,
            NightlyRunListener listener,
            NightMonitoring monitoring) {
        jobs.put(
                step.getName(),
                monitoring.instrument(new JobBuilder(NightlyJobs.stepJobName(step.getName()), jobRepository)
                        .listener(listener)
                        .start(step)
                        .build()));
        needs.put(step.getName(), List.copyOf(stepNeeds));
    }

    /**
     * The one-step jobs by step name, in the night's order, and the steps each needs
     * completed for the same date before it may run.
     */
    public record StepJobs(Map<String, Job> jobs, Map<String, List<String>> needs) {

        public Job job(String step) {
            Job job = jobs.get(step);
            if (job == null) {
                throw new IllegalArgumentException(
                        "unknown step '" + step + "' (steps: " + String.join(", ", jobs.keySet()) + ")");
            }
            return job;
        }

        public List<String> needs(String step) {
            job(step);
            return needs.get(step);
        }

        /** The night's last step: a date is complete when it has completed. */
        public String lastStep() {
            return List.copyOf(jobs.keySet()).get(jobs.size() - 1);
        }
    }
}
