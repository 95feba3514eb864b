package io.clientele.jobs.nightly;

import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.batch.NightlyJobs;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.layout.WarehouseLock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Executions of the nightly jobs that a process left started when it ended without finishing
 * them (killed, out of memory, a full disk, a lost host). Spring Batch cannot tell them from
 * running ones, and refuses to run their job again; here they are recognised by their owner
 * ({@link NightlyJobParameters#OWNER}: the process is gone) and marked FAILED with the reason,
 * so a plain rerun restarts the night at the step that broke.
 */
@Component
public class InterruptedRuns {

    private static final Logger log = LoggerFactory.getLogger(InterruptedRuns.class);

    private final JobExplorer jobExplorer;
    private final JobRepository jobRepository;
    private final WarehouseLayout layout;

    public InterruptedRuns(
            JobExplorer jobExplorer, JobRepository jobRepository, io.clientele.jobs.config.WarehouseRunFactory runs) {
        this.jobExplorer = jobExplorer;
        this.jobRepository = jobRepository;
        this.layout = runs.layout();
    }

    /** This process, as {@link NightlyJobParameters#OWNER} records it. */
    public static String thisOwner() {
        return WarehouseLock.pid() + "@" + WarehouseLock.thisHost() + "@" + WarehouseLock.processStart();
    }

    /** The unfinished executions of the nightly jobs (started, or starting or stopping), newest first. */
    public List<JobExecution> unfinished() {
        List<JobExecution> found = new ArrayList<>();
        for (String job : jobExplorer.getJobNames()) {
            if (NightlyJobs.isNightlyJob(job)) {
                found.addAll(jobExplorer.findRunningJobExecutions(job));
            }
        }
        found.sort((a, b) -> Long.compare(b.getId(), a.getId()));
        return found;
    }

    /**
     * Whether the process that runs this unfinished execution is gone. Without an owner (it was
     * killed before saying), the execution is taken as running only while a live writer holds the
     * warehouse.
     */
    public boolean isInterrupted(JobExecution execution) {
        if (!execution.getStatus().isRunning()) {
            return false;
        }
        Optional<Owner> owner = Owner.of(execution);
        Instant now = Instant.now();
        if (owner.isEmpty()) {
            return WarehouseLock.holders(layout).stream().noneMatch(h -> h.alive(now));
        }
        Owner o = owner.get();
        if (o.host().equals(WarehouseLock.thisHost())) {
            return !WarehouseLock.processAlive(o.pid(), o.start());
        }
        return WarehouseLock.holder(layout, o.host(), o.pid())
                .map(h -> !h.alive(now))
                .orElse(true);
    }

    /**
     * Marks FAILED, with the reason, every unfinished execution that {@code which} selects and whose
     * process is gone; with {@code aloneInWarehouse} (this process holds the warehouse's lock alone,
     * so no other writer runs), every one {@code which} selects.
     *
     * @return the executions marked
     */
    public List<JobExecution> failInterrupted(Predicate<JobExecution> which, boolean aloneInWarehouse) {
        List<JobExecution> marked = new ArrayList<>();
        for (JobExecution execution : unfinished()) {
            if (which.test(execution) && (aloneInWarehouse || isInterrupted(execution))) {
                fail(execution);
                marked.add(execution);
            }
        }
        return marked;
    }

    private void fail(JobExecution execution) {
        String reason = "interrupted ("
                + Owner.of(execution)
                        .map(o -> "the process that ran it (pid " + o.pid() + " on host " + o.host() + ")")
                        .orElse("the process that ran it")
                + " ended before it finished);"
                + " marked failed on " + Instant.now() + " so that the night can be run again";
        LocalDateTime now = LocalDateTime.now();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus().isRunning() || step.getStatus() == BatchStatus.UNKNOWN) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
                step.setEndTime(now);
                jobRepository.update(step);
            }
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
        execution.setEndTime(now);
        jobRepository.update(execution);
        log.warn(
                "run {} ({}): {}",
                execution.getJobParameters().getString(NightlyJobParameters.RUN_DATE),
                execution.getJobInstance().getJobName(),
                reason);
    }

    /** The process recorded as running an execution. */
    record Owner(long pid, String host, Instant start) {

        static Optional<Owner> of(JobExecution execution) {
            String owner = execution.getJobParameters().getString(NightlyJobParameters.OWNER);
            if (owner == null) {
                return Optional.empty();
            }
            String[] parts = owner.split("@", 3);
            try {
                return Optional.of(new Owner(Long.parseLong(parts[0]), parts[1], Instant.parse(parts[2])));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
