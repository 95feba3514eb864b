package io.clientele.jobs.cli;

import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.batch.NightlyJobs;
import io.clientele.jobs.batch.StepCounts;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.StepExecution;

/** Prints a night's steps with their counts: read, loaded, rejected, rows written, time. */
final class RunReport {

    private RunReport() {}

    static void print(JobExecution execution, PrintStream out) {
        print(execution, execution.getStatus().toString(), out);
    }

    /** As {@link #print(JobExecution, PrintStream)}, with the execution's state as {@code state} says it. */
    static void print(JobExecution execution, String state, PrintStream out) {
        String job = execution.getJobInstance().getJobName();
        out.printf(
                "run %s%s (attempt %s, engine %s): %s in %s%n",
                execution.getJobParameters().getString(NightlyJobParameters.RUN_DATE),
                job.startsWith(NightlyJobs.STEP_JOB_PREFIX)
                        ? " step " + job.substring(NightlyJobs.STEP_JOB_PREFIX.length())
                        : "",
                execution.getJobParameters().getLong(NightlyJobParameters.ATTEMPT),
                execution.getJobParameters().getString(NightlyJobParameters.ENGINE),
                state,
                seconds(execution.getStartTime(), execution.getEndTime()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("step", "status", "read", "written", "rejected", "time", "rows"));
        for (StepExecution step : execution.getStepExecutions()) {
            rows.add(List.of(
                    step.getStepName(),
                    step.getStatus().toString(),
                    Long.toString(step.getReadCount()),
                    Long.toString(step.getWriteCount()),
                    Long.toString(step.getSkipCount()),
                    seconds(step.getStartTime(), step.getEndTime()),
                    StepCounts.format(
                            StepCounts.parse(step.getExecutionContext().getString(StepCounts.CONTEXT_KEY, "")))));
        }
        new TablePrinter(rows.get(0)).print(rows.subList(1, rows.size()), out, "  ");
        printSources(execution, out);
    }

    /** Per source: read = loaded + rejected + superseded, once both extract and stage have run. */
    private static void printSources(JobExecution execution, PrintStream out) {
        Map<String, StepExecution> steps = new HashMap<>();
        for (StepExecution step : execution.getStepExecutions()) {
            steps.put(step.getStepName(), step);
        }
        StepExecution stage = steps.get("stage");
        if (stage == null || stage.getStatus() != BatchStatus.COMPLETED) {
            return;
        }
        Map<String, Long> loaded = StepCounts.parse(stage.getExecutionContext().getString(StepCounts.CONTEXT_KEY, ""));
        Map<String, Long> superseded =
                StepCounts.parse(stage.getExecutionContext().getString(StepCounts.SUPERSEDED_KEY, ""));
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Long> source : loaded.entrySet()) {
            StepExecution extract = steps.get("extract-" + source.getKey());
            if (extract == null) {
                continue; // extracted by an earlier attempt of this night
            }
            Map<String, Long> counts =
                    StepCounts.parse(extract.getExecutionContext().getString(StepCounts.CONTEXT_KEY, ""));
            long read = counts.getOrDefault("read", 0L);
            long rejected = counts.getOrDefault("rejected", 0L);
            long lost = superseded.getOrDefault(source.getKey(), 0L);
            rows.add(List.of(
                    source.getKey(),
                    Long.toString(read),
                    Long.toString(source.getValue()),
                    Long.toString(rejected),
                    Long.toString(lost),
                    read == source.getValue() + rejected + lost ? "yes" : "NO"));
        }
        if (!rows.isEmpty()) {
            out.println("  sources (read = loaded + rejected + superseded):");
            new TablePrinter(List.of("source", "read", "loaded", "rejected", "superseded", "reconciles"))
                    .print(rows, out, "  ");
        }
    }

    static String failure(JobExecution execution) {
        for (StepExecution step : execution.getStepExecutions()) {
            if (!step.getFailureExceptions().isEmpty()) {
                return step.getStepName() + ": "
                        + ClienteleCli.oneLine(step.getFailureExceptions().get(0));
            }
            if (step.getStatus().isUnsuccessful()
                    && !step.getExitStatus().getExitDescription().isBlank()) {
                // read back from the job repository: only the exit description was kept
                return step.getStepName() + ": "
                        + exceptionMessage(step.getExitStatus().getExitDescription());
            }
        }
        if (!execution.getAllFailureExceptions().isEmpty()) {
            return ClienteleCli.oneLine(execution.getAllFailureExceptions().get(0));
        }
        return execution.getExitStatus().getExitDescription();
    }

    /** "pkg.SomeException: message\n\tat ..." → "message". */
    private static String exceptionMessage(String description) {
        String first = description.lines().findFirst().orElse(description);
        int colon = first.indexOf(": ");
        return colon > 0 && !first.substring(0, colon).contains(" ") ? first.substring(colon + 2) : first;
    }

    static String seconds(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return "-";
        }
        Duration d = Duration.between(start, end == null ? LocalDateTime.now() : end);
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
