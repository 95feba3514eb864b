package io.clientele.jobs.cli;

import io.clientele.demo.DemoExtractGenerator;
import io.clientele.demo.DemoOptions;
import io.clientele.jobs.nightly.NightlyRunLauncher.NightlyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Makes realistic demo operational data (every source of the contract, deterministic "
                    + "for a seed) and runs the nightly job on it, end to end, with no server needed.",
            "The extract goes to a temporary folder (or --inbox DIR, outside the warehouse) and is read like any other."
        })
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--customers",
            defaultValue = "2000",
            paramLabel = "N",
            description = "How many customers (default: ${DEFAULT-VALUE}; 1000000 is the benchmark scale).")
    int customers;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "S",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--date",
            defaultValue = "2026-10-31",
            paramLabel = "D",
            description = "The as-of date the history ends on (default: ${DEFAULT-VALUE}, fixed so a seed always "
                    + "gives the same warehouse).")
    LocalDate date;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            description = "The engine of the transformations, one of: ${COMPLETION-CANDIDATES} (default: the setting "
                    + "clientele.engine, CLIENTELE_ENGINE, which is duckdb unless set).")
    EngineName engine;

    @Option(
            names = "--inbox",
            paramLabel = "DIR",
            description = "Keep the generated CSV extract in DIR (default: a temporary folder, removed after the run; "
                    + "never inside the warehouse, which holds no clear-text email or phone).")
    Path keepInbox;

    @Option(
            names = "--generate-only",
            description = "Only write the extract to --inbox DIR; run nothing (for benchmarks).")
    boolean generateOnly;

    @Option(
            names = "--delta-days",
            defaultValue = "0",
            paramLabel = "0|1",
            description = "With 1, also write the next night's delta extract: only the rows new or changed on the day "
                    + "after --date (needs --generate-only; default: ${DEFAULT-VALUE}).")
    int deltaDays;

    @Option(
            names = "--delta-inbox",
            paramLabel = "DIR",
            description = "Where the next day's delta goes (default: <inbox>-delta/<date + 1>).")
    Path deltaInbox;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() throws Exception {
        if (customers < 1) {
            throw new IllegalArgumentException("--customers must be at least 1");
        }
        if (generateOnly && keepInbox == null) {
            throw new IllegalArgumentException("--generate-only needs --inbox DIR to keep the extract in");
        }
        if (deltaDays != 0 && deltaDays != 1) {
            throw new IllegalArgumentException("--delta-days is 0 or 1 (one night's delta): " + deltaDays);
        }
        if (deltaDays == 1 && !generateOnly) {
            throw new IllegalArgumentException("--delta-days 1 needs --generate-only (the delta is for a later night)");
        }
        Path inbox = keepInbox != null ? keepInbox.toAbsolutePath() : Files.createTempDirectory("clientele-demo-inbox");
        if (inbox.startsWith(warehouse.directory().toAbsolutePath())) {
            throw new IllegalArgumentException(
                    "--inbox " + inbox + " is inside the warehouse directory, which must hold"
                            + " no clear-text personal data; choose a folder outside it");
        }
        try {
            long started = System.nanoTime();
            Path nextDay = deltaDays == 0
                    ? null
                    : deltaInbox != null
                            ? deltaInbox.toAbsolutePath()
                            : inbox.resolveSibling(inbox.getFileName() + "-delta")
                                    .resolve(date.plusDays(1).toString());
            var extracts = new DemoExtractGenerator().generate(inbox, new DemoOptions(customers, seed, date), nextDay);
            System.out.printf("demo extract: %s (%.1fs)%n", extracts.history(), (System.nanoTime() - started) / 1e9);
            if (nextDay != null) {
                System.out.printf("next-day delta (%s): %s%n", date.plusDays(1), extracts.nextDay());
            }
            if (generateOnly) {
                return 0;
            }
            try (var lock = io.clientele.warehouse.layout.WarehouseLock.acquire(
                    new io.clientele.warehouse.layout.WarehouseLayout(warehouse.directory()),
                    io.clientele.warehouse.layout.WarehouseLock.Mode.EXCLUSIVE,
                    "demo --date " + date)) {
                return RunCommand.runNightly(new NightlyRun(
                        date, "csv", inbox, EngineName.idOf(engine), warehouse.directory(), null, null, null));
            }
        } finally {
            if (keepInbox == null) {
                io.clientele.warehouse.engine.ParquetDirectory.deleteRecursively(inbox);
            }
        }
    }
}
