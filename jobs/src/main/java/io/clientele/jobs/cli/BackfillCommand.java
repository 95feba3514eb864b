package io.clientele.jobs.cli;

import io.clientele.jobs.nightly.NightlyRunLauncher;
import io.clientele.jobs.nightly.NightlyRunLauncher.NightlyRun;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.layout.WarehouseLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the nightly job for each date from D1 to D2 in order, skipping dates already "
                    + "completed unless --force. Stops at the first failed date.",
            "Each date sees only events stamped on or before its end, so one later extract can rebuild past "
                    + "nights; or give one extract per night with {date} in --inbox."
        })
public final class BackfillCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "D1", description = "First date, YYYY-MM-DD.")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "D2", description = "Last date, YYYY-MM-DD (inclusive).")
    LocalDate to;

    @Option(
            names = "--inbox",
            required = true,
            paramLabel = "DIR",
            description = "The CSV extract; {date} in it is replaced by each date (e.g. /data/extracts/{date}).")
    String inbox;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            description = "The engine of the transformations, one of: ${COMPLETION-CANDIDATES} (default: the setting "
                    + "clientele.engine, CLIENTELE_ENGINE, which is duckdb unless set).")
    EngineName engine;

    @Option(names = "--force", description = "Run dates that already completed again.")
    boolean force;

    @Mixin
    MappingOption mapping;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() throws Exception {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        // a wrong mapping fails before anything runs (checked against the first date's inbox when it is there)
        Path first = Path.of(inbox.replace("{date}", from.toString()));
        mapping.checked(Files.isDirectory(first) ? first : null, null, null, Files.isDirectory(first));
        try (WarehouseLock lock = WarehouseLock.acquire(
                        new WarehouseLayout(warehouse.directory()),
                        WarehouseLock.Mode.EXCLUSIVE,
                        "backfill --from " + from + " --to " + to);
                ConfigurableApplicationContext context = BatchApplication.start(warehouse.directory())) {
            NightlyRunLauncher launcher = context.getBean(NightlyRunLauncher.class);
            for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
                if (!force && launcher.isCompleted(date)) {
                    System.out.println("backfill " + date + ": already completed, skipped (--force runs it again)");
                    continue;
                }
                Path extract = Path.of(inbox.replace("{date}", date.toString()));
                if (!Files.isDirectory(extract)) {
                    throw new IllegalArgumentException("inbox " + extract + " for " + date + " is not a directory");
                }
                JobExecution execution = launcher.launch(new NightlyRun(
                        date,
                        "csv",
                        extract,
                        EngineName.idOf(engine),
                        warehouse.directory(),
                        null,
                        null,
                        mapping.checked(extract, null, null)));
                RunReport.print(execution, System.out);
                if (execution.getStatus() != BatchStatus.COMPLETED) {
                    System.err.println("clientele: backfill stopped at " + date + ": " + RunReport.failure(execution));
                    return 1;
                }
            }
        }
        return 0;
    }
}
