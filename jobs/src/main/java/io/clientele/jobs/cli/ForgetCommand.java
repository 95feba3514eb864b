package io.clientele.jobs.cli;

import io.clientele.jobs.config.WarehouseRunFactory;
import io.clientele.jobs.nightly.InterruptedRuns;
import io.clientele.warehouse.erasure.CustomerErasure;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.layout.WarehouseLock;
import io.clientele.warehouse.pipeline.Erasures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "forget",
        mixinStandardHelpOptions = true,
        description = {
            "Erases a customer's personal data (name, email and phone hashes, city) everywhere the warehouse "
                    + "keeps it: every version of dim_customer, staged extracts, rejects, the lake's Parquet and the "
                    + "DuckDB file. Facts stay under the same customer_id, so totals do not change.",
            "The erasure is recorded in erasure_log, and later extracts that bring the customer back lose "
                    + "the personal data at staging. Refused while another command writes to the warehouse, and after an interrupted night until that night has been run again."
        })
public final class ForgetCommand implements Callable<Integer> {

    @Option(names = "--customer", required = true, paramLabel = "ID", description = "The customer_id to forget.")
    String customer;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() {
        Path dir = warehouse.directory();
        WarehouseLayout layout = warehouse.layout();
        if (!Files.isDirectory(layout.meta()) || !Files.isDirectory(layout.lake())) {
            throw new IllegalArgumentException("no warehouse in " + dir + " (no nightly run has published there)");
        }
        // Held while the files are rewritten: no night can start in the meantime.
        try (WarehouseLock lock =
                        WarehouseLock.acquire(layout, WarehouseLock.Mode.EXCLUSIVE, "forget --customer " + customer);
                ConfigurableApplicationContext context = BatchApplication.start(dir)) {
            // Alone in the warehouse: a night still recorded as running was interrupted. Its work files may
            // hold the customer's data and would publish it again, so that night is finished first.
            // (left as they are: marked failed, a second forget would no longer see them)
            var interrupted = context.getBean(InterruptedRuns.class).unfinished();
            if (!interrupted.isEmpty()) {
                throw new IllegalStateException("the nightly run for "
                        + interrupted
                                .get(0)
                                .getJobParameters()
                                .getString(io.clientele.jobs.batch.NightlyJobParameters.RUN_DATE)
                        + " was interrupted"
                        + " (its process ended before it finished): run that date again first, then forget");
            }
            WarehouseRunFactory runs = context.getBean(WarehouseRunFactory.class);
            CustomerErasure.Result result =
                    Erasures.customerErasure(runs.layout()).forget(customer, Instant.now());
            System.out.println((result.erasedBefore()
                            ? "customer " + customer + " was already erased on " + result.erasedAt()
                                    + "; checked again: "
                            : "customer " + customer + " erased: ")
                    + result.rowsErased() + " rows in " + result.filesRewritten() + " files emptied of personal data"
                    + (result.republished() ? ", " + layout.duckDbFile() + " rebuilt" : ""));
            return 0;
        }
    }
}
