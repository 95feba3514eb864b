package io.clientele.warehouse.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * docs/catalog.md, generated from the manifests: every table with its layer, grain, key,
 * foreign keys, dependencies, partitioning, how it is published, and its columns. A test
 * (CatalogDocumentTest) fails when the committed file is stale; regenerate it with
 * {@value #REGENERATE}.
 */
public final class CatalogDocument {

    /** The command that rewrites docs/catalog.md. */
    public static final String REGENERATE = "./mvnw -B -o -q -pl warehouse -am verify -Dtest=CatalogDocumentTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dclientele.catalog.write=true";

    private static final List<String> LAYERS =
            List.of("stage", "star", "predict", "marts", "publish", "checks", "erasure");

    private CatalogDocument() {}

    /** Writes the catalog of the classpath's manifests to the given file (default docs/catalog.md). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "docs/catalog.md");
        Files.writeString(file, render(Catalog.load()), StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }

    public static String render(Catalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Table catalog\n\n")
                .append("<!-- Generated from warehouse/sql/<layer>/<table>.yml: do not edit. Regenerate with\n     ")
                .append(REGENERATE)
                .append(" -->\n\n")
                .append("Every table of the warehouse, from its manifest beside its SQL (see\n")
                .append("[adding a table](adding-a-table.md)). What the numbers mean is settled in\n")
                .append("[the contract](contract.md) and [tables and definitions](tables.md).\n\n")
                .append("| table | layer | published as | grain |\n|---|---|---|---|\n");
        for (String layer : LAYERS) {
            for (TableManifest t : catalog.layer(layer)) {
                md.append("| [`")
                        .append(t.name())
                        .append("`](#")
                        .append(t.name())
                        .append(") | ")
                        .append(t.layer())
                        .append(" | ")
                        .append(t.publishedAs().text())
                        .append(" | ")
                        .append(cell(t.grain()))
                        .append(" |\n");
            }
        }
        for (String layer : LAYERS) {
            List<TableManifest> tables = catalog.layer(layer);
            if (tables.isEmpty()) {
                continue;
            }
            md.append("\n## ").append(layer).append("\n");
            for (TableManifest t : tables) {
                md.append("\n### ")
                        .append(t.name())
                        .append("\n\n")
                        .append(t.description())
                        .append("\n\n");
                md.append("- **Grain:** ").append(t.grain()).append("\n");
                md.append("- **Key:** ")
                        .append(t.key().isEmpty() ? "none" : code(t.key()))
                        .append("\n");
                if (!t.foreignKeys().isEmpty()) {
                    md.append("- **Foreign keys:** ")
                            .append(t.foreignKeys().entrySet().stream()
                                    .map(e -> "`" + e.getKey() + "` → `"
                                            + e.getValue().reference() + "`"
                                            + (e.getValue().nullableWhenNull() == null
                                                    ? ""
                                                    : " (null where `"
                                                            + e.getValue().nullableWhenNull() + "` is null)"))
                                    .collect(Collectors.joining(", ")))
                            .append("\n");
                }
                md.append("- **Depends on:** ")
                        .append(
                                t.dependsOn().isEmpty()
                                        ? "nothing"
                                        : t.dependsOn().stream()
                                                .map(d -> catalog.find(d).isPresent()
                                                        ? "[`" + d + "`](#" + d + ")"
                                                        : "`" + d + "`")
                                                .collect(Collectors.joining(", ")))
                        .append("\n");
                t.partitionedBy()
                        .ifPresent(p -> md.append("- **Partitioned by:** `")
                                .append(p)
                                .append("`")
                                .append(t.incremental()
                                        .map(i -> ", rewritten incrementally by `warehouse/sql/" + i + "`")
                                        .orElse(""))
                                .append("\n"));
                md.append("- **Published as:** ").append(t.publishedAs().text()).append("\n");
                md.append("- **Defined in:** `")
                        .append(t.path())
                        .append("`")
                        .append(SqlFiles.exists(t.sqlPath()) ? " and `warehouse/sql/" + t.sqlPath() + "`" : "")
                        .append("\n\n");
                md.append("| column | description |\n|---|---|\n");
                t.columns()
                        .forEach((column, text) -> md.append("| `")
                                .append(column)
                                .append("` | ")
                                .append(cell(text))
                                .append(" |\n"));
            }
        }
        return md.toString();
    }

    private static String code(List<String> columns) {
        return columns.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;");
    }
}
