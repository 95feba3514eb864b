package io.clientele.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a night exported to monitoring, checked against the night's own record: rows read against
 * a count of the extract's CSV records by python3's csv module, rejected rows against
 * {@code etl_rejects}, loaded rows against the stage step in the run history ({@code clientele
 * status}), published rows against COUNT(*) on the DuckDB file, checks against {@code dq_report}.
 * The tests whose nights export them (BadInputTest) call these.
 */
public final class NightMonitoringChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NightMonitoringChecks() {}

    /** The settings that turn every export on: the text file, the Pushgateway and OpenLineage over HTTP. */
    public static String[] settings(Path textfile, LocalHttpReceiver pushgateway, LocalHttpReceiver lineage) {
        return new String[] {
            "clientele.metrics.textfile=" + textfile,
            "clientele.metrics.pushgateway-url=" + pushgateway.url(),
            "clientele.lineage.transport=http",
            "clientele.lineage.url=" + lineage.url()
        };
    }

    /** The text file and the Pushgateway, with OpenLineage written to a file (one JSON event per line). */
    public static String[] settings(Path textfile, LocalHttpReceiver pushgateway, Path lineageFile) {
        return new String[] {
            "clientele.metrics.textfile=" + textfile,
            "clientele.metrics.pushgateway-url=" + pushgateway.url(),
            "clientele.lineage.transport=file",
            "clientele.lineage.file=" + lineageFile
        };
    }

    /** A completed night on {@code inbox} for {@code date}: its metrics and lineage reconcile with it. */
    public static void assertCompletedNight(
            Path textfile,
            LocalHttpReceiver pushgateway,
            LocalHttpReceiver lineage,
            Path warehouse,
            Path inbox,
            String date)
            throws Exception {
        String text = Files.readString(textfile);
        try (Stream<Path> left = Files.list(textfile.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactly(textfile.getFileName().toString());
        }
        Map<String, Double> samples = PrometheusText.samples(text);
        PublishedWarehouse published = new PublishedWarehouse(warehouse);
        Map<String, Long> csvRecords = csvRecords(inbox);
        Map<String, Long> loaded = stageRows(warehouse);

        assertThat(PrometheusText.value(samples, "clientele_night_success", "job", "nightly"))
                .isEqualTo(1.0);
        assertThat(samples.get("clientele_night_complete")).isEqualTo(1.0);
        // Spring Batch's own timer of the night, recorded through Micrometer
        assertThat(samples.keySet())
                .anyMatch(s -> s.startsWith("spring_batch_job_seconds_count{")
                        && s.contains("spring_batch_job_name=\"nightly\"")
                        && s.contains("spring_batch_job_status=\"COMPLETED\""));
        for (String step : stepNames()) {
            assertThat(PrometheusText.value(samples, "clientele_step_success", "step", step))
                    .as(step)
                    .isEqualTo(1.0);
            assertThat(PrometheusText.value(samples, "clientele_step_duration_seconds", "step", step))
                    .as(step)
                    .isNotNull();
        }

        long totalRejected = 0;
        for (SourceContract contract : SourceContracts.all()) {
            String source = contract.source();
            double read = PrometheusText.value(samples, "clientele_source_rows_read", "source", source);
            double rejected = PrometheusText.value(samples, "clientele_source_rows_rejected", "source", source);
            double superseded = PrometheusText.value(samples, "clientele_source_rows_superseded", "source", source);
            double load = PrometheusText.value(samples, "clientele_source_rows_loaded", "source", source);
            assertThat(read).as(source + " read").isEqualTo((double) csvRecords.getOrDefault(source, 0L));
            assertThat(rejected)
                    .as(source + " rejected")
                    .isEqualTo(Double.parseDouble(published
                            .rows("SELECT count(*) FROM etl_rejects WHERE source = '" + source + "'")
                            .get(0)
                            .get(0)));
            assertThat(load).as(source + " loaded").isEqualTo((double) loaded.get(source));
            assertThat(read)
                    .as(source + ": read = loaded + rejected + superseded")
                    .isEqualTo(load + rejected + superseded);
            totalRejected += (long) rejected;
        }
        assertThat(totalRejected).isPositive();

        Map<String, Double> publishedRows = new LinkedHashMap<>();
        samples.forEach((series, value) -> {
            Matcher m = Pattern.compile("clientele_published_rows\\{table=\"(\\w+)\"}")
                    .matcher(series);
            if (m.matches()) {
                publishedRows.put(m.group(1), value);
            }
        });
        assertThat(publishedRows).containsKeys("fact_order_line", "etl_rejects", "mart_churn_monthly");
        publishedRows.forEach((table, rows) -> assertThat(rows)
                .as(table)
                .isEqualTo(Double.parseDouble(
                        published.rows("SELECT count(*) FROM " + table).get(0).get(0))));

        List<List<String>> report =
                published.rows("SELECT \"check\", violations FROM dq_report WHERE run_date = DATE '" + date + "'");
        assertThat(report).isNotEmpty();
        for (List<String> check : report) {
            assertThat(PrometheusText.value(samples, "clientele_check_violations", "check", check.get(0)))
                    .as(check.get(0))
                    .isEqualTo(Double.parseDouble(check.get(1)));
            assertThat(PrometheusText.value(samples, "clientele_check_passed", "check", check.get(0)))
                    .isEqualTo(1.0);
        }

        // the Pushgateway received the same numbers, replacing the job's group
        List<LocalHttpReceiver.Request> pushes = pushgateway.requests();
        assertThat(pushes).hasSize(1);
        assertThat(pushes.get(0).method()).isEqualTo("PUT");
        assertThat(pushes.get(0).path()).isEqualTo("/metrics/job/clientele");
        Map<String, Double> pushed = PrometheusText.samples(pushes.get(0).body());
        samples.forEach((series, value) -> {
            if (series.startsWith("clientele_")) {
                assertThat(pushed.get(series)).as(series).isEqualTo(value);
            }
        });

        List<JsonNode> events = events(lineage);
        assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "COMPLETE");
        assertThat(events.get(1).path("run").path("runId").asText())
                .isEqualTo(events.get(0).path("run").path("runId").asText());
        JsonNode complete = events.get(1);
        assertThat(complete.path("job").path("namespace").asText()).isEqualTo("clientele");
        assertThat(complete.path("job").path("name").asText()).isEqualTo("nightly");
        assertThat(complete.path("run")
                        .path("facets")
                        .path("nominalTime")
                        .path("nominalStartTime")
                        .asText())
                .startsWith(date + "T00:00");

        Map<String, JsonNode> inputs = byName(complete.path("inputs"));
        Set<String> files = new HashSet<>();
        for (String source : csvRecords.keySet()) {
            Path file = inbox.resolve(source + ".csv").toAbsolutePath().normalize();
            files.add(file.toString());
            JsonNode input = inputs.get(file.toString());
            assertThat(input).as(file.toString()).isNotNull();
            assertThat(input.path("namespace").asText()).isEqualTo("file");
            assertThat(input.path("inputFacets")
                            .path("inputStatistics")
                            .path("rowCount")
                            .asLong())
                    .isEqualTo(csvRecords.get(source));
            assertThat(fieldNames(input))
                    .containsExactlyElementsOf(SourceContracts.get(source).columnNames());
        }
        assertThat(inputs.keySet()).isEqualTo(files);

        Map<String, JsonNode> outputs = byName(complete.path("outputs"));
        Path root = warehouse.toAbsolutePath().normalize();
        assertThat(outputs).containsKey(root.resolve("clientele.duckdb").toString());
        for (String table : List.of("mart_churn_monthly", "mart_customer_value")) {
            JsonNode mart = outputs.get(root.resolve("marts").resolve(table).toString());
            assertThat(mart).as(table).isNotNull();
            assertThat(mart.path("outputFacets")
                            .path("outputStatistics")
                            .path("rowCount")
                            .asLong())
                    .isEqualTo(Long.parseLong(published
                            .rows("SELECT count(*) FROM " + table)
                            .get(0)
                            .get(0)));
            assertThat(fieldNames(mart))
                    .containsExactlyElementsOf(published
                            .rows("SELECT column_name FROM information_schema.columns" + " WHERE table_name = '" + table
                                    + "' ORDER BY ordinal_position")
                            .stream()
                            .map(r -> r.get(0))
                            .toList());
        }
        JsonNode facts =
                outputs.get(root.resolve("lake").resolve("fact_order_line").toString());
        assertThat(facts.path("outputFacets")
                        .path("outputStatistics")
                        .path("rowCount")
                        .asLong())
                .isEqualTo(Long.parseLong(published
                        .rows("SELECT count(*) FROM fact_order_line")
                        .get(0)
                        .get(0)));
    }

    /** A night that failed at {@code failedStep}: a status of 0 in the text file and a FAIL event naming why. */
    public static void assertFailedNight(Path textfile, Path lineageFile, String failedStep, String reason)
            throws Exception {
        Map<String, Double> samples = PrometheusText.samples(Files.readString(textfile));
        assertThat(PrometheusText.value(samples, "clientele_night_success", "job", "nightly"))
                .isEqualTo(0.0);
        assertThat(samples.get("clientele_night_complete")).isEqualTo(0.0);
        assertThat(PrometheusText.value(samples, "clientele_step_success", "step", failedStep))
                .isEqualTo(0.0);
        assertThat(samples.keySet()).noneMatch(s -> s.startsWith("clientele_published_rows"));

        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(lineageFile)) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("START", "FAIL");
        JsonNode error = events.get(1).path("run").path("facets").path("errorMessage");
        assertThat(error.path("message").asText()).contains(reason);
        assertThat(error.path("programmingLanguage").asText()).isEqualTo("Java");
        assertThat(events.get(1).path("inputs")).isNotEmpty();
    }

    private static List<JsonNode> events(LocalHttpReceiver lineage) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (LocalHttpReceiver.Request request : lineage.requests()) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/api/v1/lineage");
            events.add(JSON.readTree(request.body()));
        }
        return events;
    }

    private static Map<String, JsonNode> byName(JsonNode datasets) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        datasets.forEach(d -> byName.put(d.path("name").asText(), d));
        return byName;
    }

    private static List<String> fieldNames(JsonNode dataset) {
        List<String> names = new ArrayList<>();
        dataset.path("facets")
                .path("schema")
                .path("fields")
                .forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    /** Per source file in the inbox, its records as python3's csv module counts them (the header aside). */
    static Map<String, Long> csvRecords(Path inbox) throws IOException, InterruptedException {
        Process python = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import csv, pathlib, sys\n"
                                + "for f in sorted(pathlib.Path(sys.argv[1]).glob('*.csv')):\n"
                                + "    with open(f, newline='', encoding='utf-8') as h:\n"
                                + "        print(f.stem, sum(1 for _ in csv.reader(h)) - 1)\n",
                        inbox.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(python.getInputStream().readAllBytes());
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(out).isZero();
        Map<String, Long> records = new LinkedHashMap<>();
        out.lines().map(l -> l.split(" ")).forEach(p -> records.put(p[0], Long.parseLong(p[1])));
        return records;
    }

    /** The stage step's rows per source as {@code clientele status} shows them from the run history. */
    private static Map<String, Long> stageRows(Path warehouse) {
        String status = stdout("status", "--warehouse", warehouse.toString());
        String stage = status.lines()
                .filter(l -> l.trim().startsWith("stage "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stage step in: " + status));
        Map<String, Long> rows = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\d+)").matcher(stage);
        while (m.find()) {
            rows.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return rows;
    }

    private static List<String> stepNames() {
        return stdout("run", "--list-steps").lines().toList();
    }

    private static String stdout(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertThat(ClienteleCli.execute(args)).isZero();
        } finally {
            System.setOut(out);
        }
        return captured.toString();
    }
}
