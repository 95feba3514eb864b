package io.clientele.jobs.cli;

import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.nightly.InterruptedRuns;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Shows recent nightly runs: date, state, per-step counts, duration (newest first).",
            "A run whose process ended without finishing it (killed, out of memory, a lost host) shows as "
                    + "INTERRUPTED: run the same command again and it resumes where it broke.",
            "Exit status 1 when the latest run failed or was interrupted (for schedulers), with its reason on stderr."
        })
public final class StatusCommand implements Callable<Integer> {

    static final String INTERRUPTED = "INTERRUPTED";

    @Option(
            names = "--last",
            defaultValue = "10",
            paramLabel = "N",
            description = "How many runs (default: ${DEFAULT-VALUE}).")
    int last;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() {
        if (!Files.isDirectory(warehouse.layout().meta())) {
            System.out.println("no runs yet in " + warehouse.directory());
            return 0;
        }
        try (ConfigurableApplicationContext context = BatchApplication.start(warehouse.directory())) {
            JobExplorer explorer = context.getBean(JobExplorer.class);
            // the whole-night job and the one-step jobs (run --step) alike
            List<JobExecution> executions = explorer.getJobNames().stream()
                    .filter(io.clientele.jobs.batch.NightlyJobs::isNightlyJob)
                    .flatMap(name -> explorer.findJobInstancesByJobName(name, 0, Integer.MAX_VALUE).stream())
                    .flatMap(instance -> explorer.getJobExecutions(instance).stream())
                    .sorted(Comparator.comparing(JobExecution::getId).reversed())
                    .limit(last)
                    .toList();
            if (executions.isEmpty()) {
                System.out.println("no runs yet in " + warehouse.directory());
            }
            // a run recorded as started whose process is gone (killed, a lost host) is not running
            InterruptedRuns interrupted = context.getBean(InterruptedRuns.class);
            boolean latestInterrupted = false;
            for (JobExecution execution : executions) {
                if (interrupted.isInterrupted(execution)) {
                    latestInterrupted |= execution == executions.get(0);
                    RunReport.print(execution, INTERRUPTED, System.out);
                    System.out.println("  interrupted: the process running it ("
                            + execution.getJobParameters().getString(NightlyJobParameters.OWNER)
                            + ", pid@host@start) is gone; run the same command again to finish the night");
                } else {
                    RunReport.print(execution, System.out);
                    if (execution.getStatus().isUnsuccessful()) {
                        System.out.println("  failure: " + RunReport.failure(execution));
                    }
                }
                System.out.println();
            }
            if (latestInterrupted) {
                System.err.println("clientele: the latest run ("
                        + executions.get(0).getJobParameters().getString(NightlyJobParameters.RUN_DATE)
                        + ") was interrupted: run the same command again");
                return 1;
            }
            if (!executions.isEmpty() && executions.get(0).getStatus().isUnsuccessful()) {
                System.err.println("clientele: the latest run ("
                        + executions
                                .get(0)
                                .getJobParameters()
                                .getString(io.clientele.jobs.batch.NightlyJobParameters.RUN_DATE)
                        + ") "
                        + executions.get(0).getStatus() + ": " + RunReport.failure(executions.get(0)));
                return 1;
            }
        }
        return 0;
    }
}
