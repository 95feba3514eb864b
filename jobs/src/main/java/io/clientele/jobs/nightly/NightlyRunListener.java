package io.clientele.jobs.nightly;

import io.clientele.jobs.batch.NightlyJobParameters;
import java.time.Duration;
import java.time.LocalDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;
import org.springframework.batch.core.StepExecution;
import org.springframework.stereotype.Component;

/** Says when a night starts and how it ended, step by step, so a run is never silent. */
@Component
public class NightlyRunListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(NightlyRunListener.class);

    @Override
    public void beforeJob(JobExecution execution) {
        log.info(
                "nightly run {} started (engine {})",
                execution.getJobParameters().getString(NightlyJobParameters.RUN_DATE),
                execution.getJobParameters().getString(NightlyJobParameters.ENGINE));
    }

    @Override
    public void afterJob(JobExecution execution) {
        for (StepExecution step : execution.getStepExecutions()) {
            log.info(
                    "  {} {}: read {}, written {}, skipped {} ({} ms)",
                    step.getStepName(),
                    step.getStatus(),
                    step.getReadCount(),
                    step.getWriteCount(),
                    step.getSkipCount(),
                    millis(step.getStartTime(), step.getEndTime()));
        }
        log.info(
                "nightly run {} {} in {} ms",
                execution.getJobParameters().getString(NightlyJobParameters.RUN_DATE),
                execution.getStatus(),
                millis(execution.getStartTime(), execution.getEndTime()));
    }

    private static long millis(LocalDateTime start, LocalDateTime end) {
        return start == null
                ? 0
                : Duration.between(start, end == null ? LocalDateTime.now() : end)
                        .toMillis();
    }
}
