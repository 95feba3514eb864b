package io.clientele.jobs.cli;

import io.clientele.jobs.extract.MappingPreview;
import io.clientele.jobs.extract.MappingPreview.SourcePreview;
import io.clientele.jobs.extract.mapping.MappingCheck;
import io.clientele.jobs.extract.mapping.RawDatabase;
import io.clientele.jobs.extract.mapping.SourceMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "check-mapping",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a source mapping against raw inputs and previews what it makes: for each source it "
                    + "maps, the first rows (the contract's columns) and the refused rows with their reasons, "
                    + "as a night would refuse them. Writes nothing.",
            "See docs/mappings.md."
        })
public final class CheckMappingCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The mapping file (YAML).")
    Path file;

    @Option(names = "--inbox", paramLabel = "DIR", description = "Where the mapping's input files are.")
    Path inbox;

    @Option(
            names = "--rows",
            paramLabel = "N",
            defaultValue = "10",
            description = "How many rows, and how many refused rows, to show per source (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description = "The operational database, for table and query inputs.")
    String jdbcUrl;

    @Option(
            names = "--jdbc-user",
            paramLabel = "USER",
            description = "Its user; the password comes from CLIENTELE_SOURCE_PASSWORD.")
    String jdbcUser;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("mapping " + file + " is not a file");
        }
        if (inbox != null && !Files.isDirectory(inbox)) {
            throw new IllegalArgumentException("inbox " + inbox + " is not a directory");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("--rows must be 0 or more, got " + rows);
        }
        RawDatabase database = MappingOption.database(jdbcUrl, jdbcUser);
        Path in = inbox == null ? null : inbox.toAbsolutePath().normalize();
        SourceMapping mapping = MappingCheck.check(file, in, database);
        boolean anyRefused = false;
        for (String source : mapping.sources().keySet()) {
            SourcePreview preview = MappingPreview.of(mapping, source, in, database, rows);
            anyRefused |= preview.refused() > 0;
            System.out.println(source + ": " + preview.read() + " rows read, " + preview.valid() + " valid, "
                    + preview.refused() + " refused");
            if (!preview.rows().isEmpty()) {
                new TablePrinter(preview.columns()).print(preview.rows(), System.out, "  ");
            }
            if (!preview.refusals().isEmpty()) {
                System.out.println("  refused"
                        + (preview.refused() > preview.refusals().size()
                                ? " (the first " + preview.refusals().size() + ")"
                                : "")
                        + ":");
                List<List<String>> refusals = new ArrayList<>();
                for (MappingPreview.Refusal r : preview.refusals()) {
                    refusals.add(List.of(
                            r.file(), String.valueOf(r.line()), r.column() == null ? "" : r.column(), r.reason()));
                }
                new TablePrinter(List.of("file", "line", "column", "reason")).print(refusals, System.out, "  ");
            }
            System.out.println();
        }
        System.out.println(
                file.getFileName() + ": " + (anyRefused ? "some rows would be refused (above)" : "no row refused"));
        return 0;
    }
}
