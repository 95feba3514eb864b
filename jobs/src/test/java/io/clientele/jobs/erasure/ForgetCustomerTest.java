package io.clientele.jobs.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import io.clientele.warehouse.stage.PersonalDataHasher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clientele forget}: after two nights, a failed one (which leaves its landing files)
 * and a rejected row, customer C01 is forgotten. None of their personal values is left in
 * any file under the warehouse directory — every Parquet file read with DuckDB, every table of
 * the DuckDB file queried, every other file grepped byte for byte — while every mart and fact
 * is as before. A later night whose extract brings C01 back, with new personal data, keeps
 * them erased.
 */
class ForgetCustomerTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();
    static final String HEADER = "customer_id,name,email,phone,country,city,customer_type,acquisition_channel,"
            + "account_owner,created_at,updated_at\n";

    @TempDir
    Path dir;

    @Test
    void forgottenCustomerLeavesNoTraceAndStaysForgotten() throws Exception {
        Path inbox = copyFixture("inbox");
        // a second version of C01 (moved, new email), and a refused C01 row (unknown customer_type)
        Files.writeString(
                inbox.resolve("customers.csv"),
                "C01,Ada Lund,ada.lund@work.example,+4520000001,DK,Skagen,B2C,Organic,Mia,2026-01-02T09:00:00,"
                        + "2026-02-15T10:00:00\n"
                        + "C01,Ada Lund,ada.lund@work.example,+4520000001,DK,Skagen,B2X,Organic,Mia,"
                        + "2026-01-02T09:00:00,2026-02-16T10:00:00\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Path warehouse = dir.resolve("warehouse");
        run("2026-03-31", inbox, warehouse, 0);
        run("2026-04-01", inbox, warehouse, 0);
        // a failed night leaves its landing files (with the clear name and city) behind
        Path broken = copyFixture("broken");
        Files.writeString(broken.resolve("products.csv"), "product_id,colour\nP1,red\n");
        run("2026-04-02", broken, warehouse, 1);

        PublishedWarehouse published = new PublishedWarehouse(warehouse);
        assertThat(published.rows("SELECT count(*) FROM dim_customer WHERE customer_id = 'C01'"))
                .containsExactly(List.of("2"));
        assertThat(published.rows("SELECT count(*) FROM etl_rejects WHERE record_key = 'C01'"))
                .containsExactly(List.of("2")); // one per night
        PersonalDataHasher hasher = new PersonalDataHasher(
                Files.readString(warehouse.resolve("meta/pii-salt")).strip());
        // C01's personal values; both cities are theirs alone in the fixture
        List<String> secrets = new ArrayList<>(List.of(
                "Ada Lund",
                "Aarhus",
                "Skagen",
                "ada@example.com",
                "ada.lund@work.example",
                "+4520000001",
                hasher.hash("ada@example.com"),
                hasher.hash("ada.lund@work.example"),
                hasher.hash("+4520000001")));
        assertThat(PersonalDataTraces.of(warehouse, secrets))
                .as("C01 is in the warehouse before")
                .isNotEmpty();

        Map<String, List<List<String>>> before = factsAndMarts(published);
        List<List<String>> otherCustomers =
                published.rows("SELECT * FROM dim_customer WHERE customer_id <> 'C01'" + " ORDER BY customer_key");
        List<List<String>> c01Keys = published.rows(
                "SELECT customer_key FROM dim_customer WHERE customer_id = 'C01'" + " ORDER BY valid_from");
        assertThat(c01Keys).as("C01 has two versions").hasSize(2);

        assertThat(ClienteleCli.execute("forget", "--customer", "C01", "--warehouse", warehouse.toString()))
                .isZero();

        assertThat(PersonalDataTraces.of(warehouse, secrets)).isEmpty();
        assertThat(factsAndMarts(published)).isEqualTo(before);
        assertThat(published.rows("SELECT * FROM dim_customer WHERE customer_id <> 'C01' ORDER BY customer_key"))
                .isEqualTo(otherCustomers);
        // both versions kept, under the same keys, without personal data
        assertThat(published.rows("SELECT customer_key, name, email_hash, phone_hash, city, country, valid_to IS NULL"
                        + " FROM dim_customer WHERE customer_id = 'C01' ORDER BY valid_from"))
                .containsExactly(
                        List.of(c01Keys.get(0).get(0), "NULL", "NULL", "NULL", "NULL", "DK", "false"),
                        List.of(c01Keys.get(1).get(0), "NULL", "NULL", "NULL", "NULL", "DK", "true"));
        assertThat(published.rows("SELECT customer_id, erased_columns, warehouse_as_of FROM erasure_log"))
                .containsExactly(List.of("C01", "name, email, email_hash, phone, phone_hash, city", "2026-04-01"));
        assertThat(published.rows("SELECT count(*) FROM etl_rejects WHERE record_key = 'C01' AND raw_row IS NULL"))
                .containsExactly(List.of("2"));

        // refused: an unknown customer, with a one-line reason
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(ClienteleCli.execute("forget", "--customer", "C77", "--warehouse", warehouse.toString()))
                    .isNotZero();
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("clientele: unknown customer C77");

        // the next night's extract brings C01 back, with new personal data, and a refused row of theirs
        Path next = copyFixture("next");
        Files.writeString(
                next.resolve("customers.csv"),
                "C01,Ada Lund,ada.back@example.net,+4520009999,DK,Aarhus,B2C,Organic,Mia,2026-01-02T09:00:00,"
                        + "2026-04-03T08:00:00\n"
                        + "C01,Ada Lund,ada.back@example.net,+4520009999,DK,Aarhus,B2Y,Organic,Mia,"
                        + "2026-01-02T09:00:00,2026-04-03T09:00:00\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        secrets.addAll(List.of(
                "ada.back@example.net",
                "+4520009999",
                hasher.hash("ada.back@example.net"),
                hasher.hash("+4520009999")));
        // first as a night that fails after extracting customers: its landing files stay, without C01's data
        Path nextBroken = copyFixture("next-broken");
        Files.copy(
                next.resolve("customers.csv"),
                nextBroken.resolve("customers.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(nextBroken.resolve("products.csv"), "product_id,colour\nP1,red\n");
        run("2026-04-03", nextBroken, warehouse, 1);
        assertThat(warehouse.resolve("landing/2026-04-03/customers/.landing.duckdb"))
                .exists(); // the extract's scratch
        assertThat(PersonalDataTraces.of(warehouse, secrets)).isEmpty();
        run("2026-04-04", next, warehouse, 0);
        assertThat(PersonalDataTraces.of(warehouse, secrets)).isEmpty();
        assertThat(published
                        .rows("SELECT count(*), count(name), count(email_hash), count(phone_hash), count(city)"
                                + " FROM dim_customer WHERE customer_id = 'C01'")
                        .get(0)
                        .subList(1, 5))
                .containsExactly("0", "0", "0", "0");
        // still a customer: their orders count under the same id (O01-O03; O18 is after 2026-04-04)
        assertThat(published.rows("SELECT orders FROM mart_customer_value WHERE customer_id = 'C01'"))
                .containsExactly(List.of("3"));
        assertThat(published.rows("SELECT count(*) FROM erasure_log")).containsExactly(List.of("1"));
        // other customers keep their personal data
        assertThat(published.rows("SELECT name, city FROM dim_customer WHERE customer_id = 'C02'"))
                .containsExactly(List.of("Bo Berg", "Odense"));
    }

    @Test
    void refusedAfterAnInterruptedNightUntilItIsRunAgain() throws Exception {
        Path warehouse = dir.resolve("warehouse");
        run("2026-03-31", copyFixture("inbox"), warehouse, 0);
        // a run that started and never ended: its process is gone (no owner alive, no writer holds the warehouse)
        try (var context = new org.springframework.boot.builder.SpringApplicationBuilder(
                        io.clientele.jobs.ClienteleApplication.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .run("--clientele.warehouse-dir=" + warehouse)) {
            var repository = context.getBean(org.springframework.batch.core.repository.JobRepository.class);
            var execution = repository.createJobExecution(
                    io.clientele.jobs.nightly.NightlyJobConfiguration.JOB_NAME,
                    new org.springframework.batch.core.JobParametersBuilder()
                            .addString(io.clientele.jobs.batch.NightlyJobParameters.RUN_DATE, "2026-04-01")
                            .toJobParameters());
            execution.setStatus(org.springframework.batch.core.BatchStatus.STARTED);
            execution.setStartTime(java.time.LocalDateTime.now());
            repository.update(execution);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(ClienteleCli.execute("forget", "--customer", "C01", "--warehouse", warehouse.toString()))
                    .isNotZero();
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the nightly run for 2026-04-01 was interrupted");
        PublishedWarehouse published = new PublishedWarehouse(warehouse);
        assertThat(published.rows("SELECT name FROM dim_customer WHERE customer_id = 'C01'"))
                .containsExactly(List.of("Ada Lund"));
        assertThat(published.tables()).doesNotContain("erasure_log");
    }

    private Path copyFixture(String name) throws IOException {
        Path inbox = Files.createDirectories(dir.resolve(name));
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : files.toList()) {
                Files.copy(f, inbox.resolve(f.getFileName()));
            }
        }
        return inbox;
    }

    private static void run(String date, Path inbox, Path warehouse, int expectedExit) {
        run(date, inbox, warehouse, expectedExit, "duckdb");
    }

    private static void run(String date, Path inbox, Path warehouse, int expectedExit, String engine) {
        System.setProperty("clientele.reject-threshold", "0.5"); // a refused customers row on purpose
        try {
            int exit = ClienteleCli.execute(
                    "run",
                    "--date",
                    date,
                    "--inbox",
                    inbox.toString(),
                    "--warehouse",
                    warehouse.toString(),
                    "--engine",
                    engine);
            assertThat(exit).as("run %s", date).isEqualTo(expectedExit);
        } finally {
            System.clearProperty("clientele.reject-threshold");
        }
    }

    private static Map<String, List<List<String>>> factsAndMarts(PublishedWarehouse published) {
        Map<String, List<List<String>>> tables = new TreeMap<>(published.contents());
        tables.keySet().removeIf(t -> !(t.startsWith("fact_") || t.startsWith("mart_")));
        assertThat(tables).containsKeys("fact_order", "fact_order_line", "mart_customer_value", "mart_churn_monthly");
        return tables;
    }
}
