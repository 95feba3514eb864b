package io.clientele.jobs.cli;

import io.clientele.jobs.dictionary.ContractDefinitions;
import io.clientele.jobs.dictionary.DataDictionaryPage;
import io.clientele.jobs.dictionary.PublishedSchema;
import io.clientele.warehouse.catalog.Catalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "docs",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the data dictionary as static HTML (DIR/index.html, self-contained): every table with its grain, "
                    + "description, columns, lineage from the sources to the marts, and the contract's definitions "
                    + "behind its numbers.",
            "Column types and row counts come from the published DuckDB file of --warehouse, read-only; without one "
                    + "the page has the manifests' text only."
        })
public final class DocsCommand implements Callable<Integer> {

    static final String PAGE = "index.html";

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write index.html into.")
    Path out;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() throws Exception {
        Path file = warehouse.layout().duckDbFile();
        Map<String, PublishedSchema.Relation> published = Map.of();
        String origin;
        if (Files.isRegularFile(file)) {
            published = PublishedSchema.read(file);
            origin = "The table manifests of this build, with types and row counts from " + file + ".";
        } else {
            origin = "The table manifests of this build (no published warehouse at " + file
                    + ": no column types or row counts).";
            System.out.println("docs: no published warehouse at " + file + "; writing the manifests' text only");
        }
        String html = new DataDictionaryPage(Catalog.load(), published, ContractDefinitions.load(), origin).render();
        Path directory = out.toAbsolutePath();
        Files.createDirectories(directory);
        Path target = directory.resolve(PAGE);
        // Written beside and renamed, so a browser reloading the page never sees half of it.
        Path partial = directory.resolve(PAGE + ".partial");
        Files.writeString(partial, html, StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(
                "docs: %s (%,d tables, %,d KB)%n",
                target, html.split("<section class=\"table\"").length - 1, (Files.size(target) + 1023) / 1024);
        return 0;
    }
}
