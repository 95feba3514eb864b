package io.clientele.warehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/catalog.md is what the manifests say. With {@code -Dclientele.catalog.write=true} this
 * test rewrites it instead (the command is {@link CatalogDocument#REGENERATE}).
 */
class CatalogDocumentTest {

    static final Path FILE = Path.of("../docs/catalog.md");

    @Test
    void theCommittedCatalogIsUpToDate() throws IOException {
        String generated = CatalogDocument.render(Catalog.load());
        if (Boolean.getBoolean("clientele.catalog.write")) {
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
        assertThat(committed)
                .as("docs/catalog.md is stale: regenerate it with%n  %s%n", CatalogDocument.REGENERATE)
                .isEqualTo(generated);
    }
}
