package io.clientele.jobs.cli;

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

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows recent nightly runs: date, state, per-step counts, duration (newest first).",
                "Exit status 1 when the latest run failed (for schedulers), with its reason on stderr."})
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--last", defaultValue = "10", paramLabel = "N", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int last;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() {
        if (!Files.isDirectory(warehouse.directory().resolve("meta"))) {
            System.out.println("no runs yet in " + warehouse.directory());
            return 0;
        }
        try (ConfigurableApplicationContext context = BatchApplication.start(warehouse.directory())) {
            JobExplorer explorer = context.getBean(JobExplorer.class);
            // the whole-night job and the one-step jobs (run --step) alike
            List<JobExecution> executions = explorer.getJobNames().stream()
                    .filter(io.clientele.jobs.nightly.NightlyRunLauncher::isNightlyJob)
                    .flatMap(name -> explorer.findJobInstancesByJobName(name, 0, Integer.MAX_VALUE).stream())
                    .flatMap(instance -> explorer.getJobExecutions(instance).stream())
                    .sorted(Comparator.comparing(JobExecution::getId).reversed())
                    .limit(last).toList();
            if (executions.isEmpty()) {
                System.out.println("no runs yet in " + warehouse.directory());
            }
            for (JobExecution execution : executions) {
                RunReport.print(execution, System.out);
                if (execution.getStatus().isUnsuccessful()) {
                    System.out.println("  failure: " + RunReport.failure(execution));
                }
                System.out.println();
            }
            if (!executions.isEmpty() && executions.get(0).getStatus().isUnsuccessful()) {
                System.err.println("clientele: the latest run (" + executions.get(0).getJobParameters()
                        .getString(io.clientele.jobs.nightly.NightlyJobParameters.RUN_DATE) + ") "
                        + executions.get(0).getStatus() + ": " + RunReport.failure(executions.get(0)));
                return 1;
            }
        }
        return 0;
    }
}
