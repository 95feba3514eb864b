package io.clientele.jobs.cli;

import io.clientele.jobs.config.WarehouseRunFactory;
import io.clientele.jobs.nightly.NightlyJobConfiguration;
import io.clientele.jobs.nightly.NightlyJobParameters;
import io.clientele.schemas.SourceContracts;
import io.clientele.warehouse.erasure.CustomerErasure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Erases a customer's personal data (name, email and phone hashes, city) everywhere the warehouse "
                + "keeps it: every version of dim_customer, staged extracts, rejects, the lake's Parquet and the "
                + "DuckDB file. Facts stay under the same customer_id, so totals do not change.",
                "The erasure is recorded in erasure_log, and later extracts that bring the customer back lose "
                        + "the personal data at staging. Refused while a nightly run is in progress."})
public final class ForgetCommand implements Callable<Integer> {

    @Option(names = "--customer", required = true, paramLabel = "ID", description = "The customer_id to forget.")
    String customer;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() {
        Path dir = warehouse.directory();
        if (!Files.isDirectory(dir.resolve("meta")) || !Files.isDirectory(dir.resolve("lake"))) {
            throw new IllegalArgumentException("no warehouse in " + dir + " (no nightly run has published there)");
        }
        ConfigurableApplicationContext context;
        try {
            context = BatchApplication.start(dir);
        } catch (RuntimeException e) {
            if (causedByLockedRepository(e)) {
                throw new IllegalStateException("a nightly run is in progress in " + dir
                        + " (its run history meta/jobrepository is in use): forget it when the run has finished");
            }
            throw e;
        }
        // The context stays open while the files are rewritten: it holds the run history's file lock, so a
        // nightly run cannot start in the meantime.
        try (context) {
            Set<JobExecution> running = context.getBean(JobExplorer.class)
                    .findRunningJobExecutions(NightlyJobConfiguration.JOB_NAME);
            if (!running.isEmpty()) {
                JobExecution execution = running.iterator().next();
                throw new IllegalStateException("the nightly run for " + execution.getJobParameters()
                        .getString(NightlyJobParameters.RUN_DATE) + " is in progress in " + dir + " (" + execution.getStatus()
                        + "); if it was killed, run that date again first, then forget");
            }
            WarehouseRunFactory runs = context.getBean(WarehouseRunFactory.class);
            CustomerErasure.Result result = new CustomerErasure(runs.layout(), SourceContracts.all())
                    .forget(customer, Instant.now());
            System.out.println((result.erasedBefore() ? "customer " + customer + " was already erased on "
                    + result.erasedAt() + "; checked again: " : "customer " + customer + " erased: ")
                    + result.rowsErased() + " rows in " + result.filesRewritten() + " files emptied of personal data"
                    + (result.republished() ? ", " + dir.resolve("clientele.duckdb") + " rebuilt" : ""));
            return 0;
        }
    }

    private static boolean causedByLockedRepository(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Database may be already in use")) {
                return true;
            }
        }
        return false;
    }
}
