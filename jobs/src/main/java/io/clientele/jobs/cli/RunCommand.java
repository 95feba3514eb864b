package io.clientele.jobs.cli;

import io.clientele.jobs.batch.NightStep;
import io.clientele.jobs.nightly.NightlyRunLauncher;
import io.clientele.jobs.nightly.NightlyRunLauncher.NightlyRun;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import io.clientele.warehouse.layout.LakeBaseline;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.layout.WarehouseLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.batch.core.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the nightly job for logical date D: extract, stage, star schema, marts, publish, check.",
            "The run sees only events stamped on or before the end of D. Re-running a date with the same "
                    + "input leaves every table as one run left it; a failed date resumes where it failed.",
            "--step runs one step of the night (for schedulers running each step as a task; the steps in "
                    + "order below, extract-<source> in any order, in parallel too). A step "
                    + "refuses to start until the steps before it completed for D; a completed step is not run "
                    + "again unless --force."
        })
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--date", required = true, paramLabel = "D", description = "The logical run date, YYYY-MM-DD.")
    LocalDate date;

    /** Like --help, it needs no --date: picocli does not ask for required options when a help option is given. */
    @SuppressWarnings("deprecation")
    @Option(
            names = "--list-steps",
            help = true,
            description =
                    "Print the steps of a night in the order they run, one per line (an extract step per source), and exit.")
    boolean listSteps;

    @Option(names = "--inbox", paramLabel = "DIR", description = "The CSV extract: the source files directly in DIR.")
    Path inbox;

    @Option(
            names = "--source",
            defaultValue = "csv",
            paramLabel = "SOURCE",
            description = "Where the extract comes from, one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SourceKind source;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            description = "The engine of the transformations, one of: ${COMPLETION-CANDIDATES} (default: the setting "
                    + "clientele.engine, CLIENTELE_ENGINE, which is duckdb unless set).")
    EngineName engine;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "The operational database (with --source jdbc).")
    String jdbcUrl;

    @Option(
            names = "--jdbc-user",
            paramLabel = "USER",
            description = "Its user; the password comes from CLIENTELE_SOURCE_PASSWORD.")
    String jdbcUser;

    @Option(
            names = "--step",
            paramLabel = "STEP",
            completionCandidates = RunCommand.StepNames.class,
            description =
                    "Run only this step of the night for D, one of: ${COMPLETION-CANDIDATES} (e.g. extract-orders).")
    String step;

    @Option(names = "--force", description = "With --step: run the step again even though it completed for D.")
    boolean force;

    @Option(
            names = "--full",
            description = "Rebuild every lake table in full instead of only the partitions "
                    + "tonight's changes reach (also automatic on a first night or when the settings changed).")
    boolean full;

    @Mixin
    MappingOption mapping;

    @Mixin
    WarehouseOption warehouse;

    /** The night's steps with an extract step per source, for --step's help and shell completion. */
    static final class StepNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return NightStep.stepNames(SourceContracts.all().stream()
                            .map(SourceContract::source)
                            .toList())
                    .iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (listSteps) {
            new StepNames().forEach(System.out::println);
            return 0;
        }
        // only the extract steps read the extract; the later steps work on what landed
        boolean reads = step == null || NightStep.isSourceExtract(step);
        if (force && step == null) {
            throw new IllegalArgumentException("--force goes with --step (a whole night always runs)");
        }
        if (source == SourceKind.csv) {
            if (inbox == null && reads) {
                throw new IllegalArgumentException("run --source csv needs --inbox DIR");
            }
            if (inbox != null && !Files.isDirectory(inbox)) {
                throw new IllegalArgumentException("inbox " + inbox + " is not a directory");
            }
        } else if (inbox != null && mapping.file == null) {
            throw new IllegalArgumentException("--inbox is for --source csv (or the files of a --mapping);"
                    + " --source jdbc reads the database (--jdbc-url, --jdbc-user)");
        }
        NightlyRun run = new NightlyRun(
                date,
                source.name(),
                inbox,
                EngineName.idOf(engine),
                warehouse.directory(),
                jdbcUrl,
                jdbcUser,
                reads ? mapping.checked(inbox, jdbcUrl, jdbcUser) : null);
        WarehouseLayout layout = new WarehouseLayout(warehouse.directory());
        String command = "run --date " + date + (step == null ? "" : " --step " + step);
        try (WarehouseLock lock = WarehouseLock.acquire(layout, NightlyRunLauncher.lockMode(step), command)) {
            if (full) {
                LakeBaseline.forget(layout);
            }
            return step == null ? runNightly(run) : runStep(run, step, force);
        }
    }

    /** Runs one step of a night as its own job; a completed step is left as it is. The caller holds the lock. */
    static int runStep(NightlyRun run, String step, boolean force) throws Exception {
        try (ConfigurableApplicationContext context = BatchApplication.start(run.warehouse())) {
            NightlyRunLauncher.StepRun done =
                    context.getBean(NightlyRunLauncher.class).launchStep(run, step, force);
            if (done.alreadyCompleted()) {
                System.out.println("run " + run.runDate() + " step " + step
                        + ": already completed, nothing to do (--force runs it again)");
                return 0;
            }
            JobExecution execution = done.execution();
            RunReport.print(execution, System.out);
            if (execution.getStatus() == org.springframework.batch.core.BatchStatus.COMPLETED) {
                return 0;
            }
            System.err.println("clientele: run " + run.runDate() + " step " + step + " " + execution.getStatus() + ": "
                    + RunReport.failure(execution));
            return 1;
        }
    }

    /** Runs one night and prints what it did; shared with {@code demo}. The caller holds the lock alone. */
    static int runNightly(NightlyRun run) throws Exception {
        try (ConfigurableApplicationContext context = BatchApplication.start(run.warehouse())) {
            JobExecution execution = context.getBean(NightlyRunLauncher.class).launch(run);
            RunReport.print(execution, System.out);
            if (!execution.getStatus().isUnsuccessful()
                    && execution.getExitStatus().getExitCode().equals("COMPLETED")) {
                System.out.println("warehouse: " + new WarehouseLayout(run.warehouse()).duckDbFile());
                return 0;
            }
            System.err.println("clientele: run " + run.runDate() + " " + execution.getStatus() + ": "
                    + RunReport.failure(execution));
            return 1;
        }
    }
}
