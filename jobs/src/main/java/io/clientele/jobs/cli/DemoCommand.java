package io.clientele.jobs.cli;

import io.clientele.jobs.demo.DemoExtractGenerator;
import io.clientele.jobs.demo.DemoOptions;
import io.clientele.jobs.nightly.NightlyRunLauncher.NightlyRun;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Makes realistic demo operational data (every source of the contract, deterministic "
                + "for a seed) and runs the nightly job on it, end to end, with no server needed.",
                "The extract is written to DIR/demo-inbox."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--customers", defaultValue = "2000", paramLabel = "N",
            description = "How many customers (default: ${DEFAULT-VALUE}; 1000000 is the benchmark scale).")
    int customers;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--date", defaultValue = "2026-10-31", paramLabel = "D",
            description = "The as-of date the history ends on (default: ${DEFAULT-VALUE}, fixed so a seed always "
                    + "gives the same warehouse).")
    LocalDate date;

    @Option(names = "--engine", defaultValue = "duckdb", paramLabel = "duckdb|spark",
            description = "The engine of the transformations (default: ${DEFAULT-VALUE}).")
    String engine;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() throws Exception {
        if (customers < 1) {
            throw new IllegalArgumentException("--customers must be at least 1");
        }
        Path inbox = warehouse.directory().resolve("demo-inbox");
        long started = System.nanoTime();
        var extract = new DemoExtractGenerator().generate(inbox, new DemoOptions(customers, seed, date));
        System.out.printf("demo extract: %s (%.1fs)%n", extract, (System.nanoTime() - started) / 1e9);
        return RunCommand.runNightly(new NightlyRun(date, "csv", inbox, engine, warehouse.directory(), null, null));
    }
}
