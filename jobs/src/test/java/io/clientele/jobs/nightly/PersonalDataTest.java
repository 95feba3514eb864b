package io.clientele.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Email and phone never reach the warehouse directory in clear: not in the lake, not in
 * the DuckDB file, not in the rejects, not in the run's leftovers. A grep over every file.
 */
class PersonalDataTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void noClearTextEmailOrPhoneAnywhereUnderTheWarehouse() throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : files.toList()) {
                Files.copy(f, inbox.resolve(f.getFileName()));
            }
        }
        // two refused customers rows: one well formed (bad customer_type), one with too few fields
        Files.writeString(
                inbox.resolve("customers.csv"),
                "C90,Eve Secret,eve.secret@example.org,+45 1234 5678,DK,Aarhus,B2X,organic,Mia,2026-01-02T09:00:00,\n"
                        + "C91,Finn Hidden,finn.hidden@example.org,+45 8765 4321\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        List<String> secrets = new ArrayList<>();
        for (String line : Files.readAllLines(inbox.resolve("customers.csv")).subList(1, 15)) {
            String[] f = line.split(",", -1);
            for (String value : new String[] {f[2], f[3]}) {
                if (!value.isBlank()) {
                    secrets.add(value);
                }
            }
        }
        assertThat(secrets).contains("eve.secret@example.org", "+45 8765 4321").hasSizeGreaterThan(6);

        Path warehouse = dir.resolve("warehouse");
        System.setProperty("clientele.reject-threshold", "0.5"); // 2 of 14 customers rows are refused on purpose
        try {
            assertThat(ClienteleCli.execute(
                            "run",
                            "--date",
                            "2026-04-02",
                            "--inbox",
                            inbox.toString(),
                            "--warehouse",
                            warehouse.toString(),
                            "--engine",
                            "duckdb"))
                    .isZero();
        } finally {
            System.clearProperty("clientele.reject-threshold");
        }
        // and once more through a failed run, which leaves its landing files behind
        Files.writeString(inbox.resolve("products.csv"), "product_id,colour\nP1,red\n");
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-04-03",
                        "--inbox",
                        inbox.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .isNotZero();

        PublishedWarehouse published = new PublishedWarehouse(warehouse);
        assertThat(published.rows("SELECT count(*) FROM etl_rejects WHERE source = 'customers'"))
                .containsExactly(List.of("2"));
        assertThat(published.rows("SELECT count(*) FROM dim_customer WHERE email_hash IS NOT NULL"))
                .containsExactly(List.of("3"));
        try (Stream<Path> files = Files.walk(warehouse)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertThat(content).as("%s in %s", secret, file).doesNotContain(secret);
                }
            }
        }
    }
}
