package io.clientele.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.demo.DemoExtractGenerator;
import io.clientele.demo.DemoOptions;
import io.clientele.jobs.ClienteleProcess;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.WarehouseCopy;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night that a real fault ends (kill -9 at a point of the night, a full disk) is finished by
 * running the same command again, and the warehouse is then cell for cell the one an
 * uninterrupted night leaves; meanwhile the published file stays last night's, whole. Two
 * writers at once: the second is refused at once, naming the first.
 *
 * <p>Each case starts from the same published first night (a copy of one warehouse) and runs the
 * second night, the demo's one-day delta, in a JVM of its own that the test kills.
 */
class CrashRecoveryTest {

    private static final LocalDate FIRST = LocalDate.of(2026, 10, 31);
    private static final LocalDate SECOND = FIRST.plusDays(1);

    @TempDir
    static Path dir;

    private static Path inbox;
    private static Path delta;
    private static Path afterFirstNight;
    private static Map<String, List<List<String>>> firstNight;
    private static Map<String, List<List<String>>> uninterrupted;

    @BeforeAll
    static void twoCleanNights() throws IOException {
        inbox = dir.resolve("inbox");
        delta = dir.resolve("delta");
        new DemoExtractGenerator().generate(inbox, new DemoOptions(400, 42L, FIRST), delta);
        afterFirstNight = newWarehouse("after-first-night");
        assertThat(run(afterFirstNight, FIRST, inbox)).isZero();
        firstNight = new PublishedWarehouse(afterFirstNight).contents();

        Path clean = copy(afterFirstNight, "clean");
        assertThat(run(clean, SECOND, delta)).isZero();
        uninterrupted = new PublishedWarehouse(clean).contents();
        assertThat(uninterrupted).isNotEqualTo(firstNight);
    }

    /**
     * The night is killed in extract, then its rerun in stage, that one's rerun in the star schema,
     * and so on to publish: each rerun resumes where the last broke, and the last one finishes.
     */
    @Test
    void aNightKilledAgainAndAgainEndsAsAnUninterruptedNightWhenRunOnceMore() throws Exception {
        Path warehouse = copy(afterFirstNight, "killed");
        String[] night = {
            "run", "--date", SECOND.toString(), "--inbox", delta.toString(), "--warehouse", warehouse.toString()
        };
        List<Long> killed = new java.util.ArrayList<>();
        for (String step : List.of("extract-order_lines", "stage", "model", "marts", "publish")) {
            ClienteleProcess run = ClienteleProcess.start(dir.resolve("logs"), "killed-in-" + step, Map.of(), night);
            assertThat(run.awaitLog("step " + step + " started", 180))
                    .as(run.err())
                    .isTrue();
            run.killHard();
            killed.add(run.pid());

            // the published file is whole and still last night's (publish replaces it in one rename)
            Map<String, List<List<String>>> published = new PublishedWarehouse(warehouse).contents();
            assertThat(published.equals(firstNight) || published.equals(uninterrupted))
                    .as(step)
                    .isTrue();

            // the run history shows the night as interrupted, at the step the kill hit
            Outcome status = cli("status", "--warehouse", warehouse.toString());
            assertThat(status.code()).as(step).isEqualTo(1);
            assertThat(status.out())
                    .contains("run " + SECOND + " (attempt 1, engine duckdb): INTERRUPTED")
                    .containsPattern("(?m)^  " + step + " +\\| STARTED ");
            assertThat(status.err()).contains("interrupted: run the same command again");
        }

        // the same command once more finishes the night
        Outcome rerun = cli(night);
        assertThat(rerun.code()).as(rerun.err()).isZero();
        assertThat(new PublishedWarehouse(warehouse).contents()).isEqualTo(uninterrupted);
        // the history keeps each interrupted execution, failed with the reason
        Outcome after = cli("status", "--last", "10", "--warehouse", warehouse.toString());
        assertThat(after.code()).isZero();
        for (long pid : killed) {
            assertThat(after.out()).contains(": interrupted (the process that ran it (pid " + pid + " on host ");
        }
    }

    @Test
    void aSecondWriterIsRefusedAtOnceNamingTheFirst() throws Exception {
        Path warehouse = copy(afterFirstNight, "two-writers");
        ClienteleProcess first = ClienteleProcess.start(
                dir.resolve("logs"),
                "first-writer",
                Map.of(),
                "run",
                "--date",
                SECOND.toString(),
                "--inbox",
                delta.toString(),
                "--warehouse",
                warehouse.toString());
        assertThat(first.awaitLog("step stage started", 180)).as(first.err()).isTrue();
        // held there, so that it is still writing however quick the rest of its night would be
        first.pause();

        try {
            String holder = "is being written by run --date " + SECOND + " (pid " + first.pid() + " on host ";
            // the same date, another date, a backfill and a forget: each refused, in one line
            for (String[] second : List.of(
                    new String[] {"run", "--date", SECOND.toString(), "--inbox", delta.toString()},
                    new String[] {"run", "--date", SECOND.plusDays(1).toString(), "--inbox", delta.toString()},
                    new String[] {
                        "run", "--date", SECOND.toString(), "--step", "extract-orders", "--inbox", delta.toString()
                    },
                    new String[] {
                        "backfill", "--from", FIRST.toString(), "--to", SECOND.toString(), "--inbox", delta.toString()
                    },
                    new String[] {"forget", "--customer", "C0000001"})) {
                String[] args = Stream.concat(Stream.of(second), Stream.of("--warehouse", warehouse.toString()))
                        .toArray(String[]::new);
                long started = System.nanoTime();
                Outcome refused = cli(args);
                assertThat(refused.code()).as(String.join(" ", second)).isEqualTo(1);
                assertThat(refused.err()).contains(holder).contains("one writer at a time");
                assertThat(refused.err().strip().lines().count()).isEqualTo(1);
                assertThat((System.nanoTime() - started) / 1e9)
                        .as("refused at once")
                        .isLessThan(10);
            }
            // readers are not locked out
            assertThat(cli("query", "--warehouse", warehouse.toString(), "SELECT count(*) FROM dim_customer")
                            .code())
                    .isZero();
        } finally {
            first.resume();
        }
        assertThat(first.waitFor(300)).as(first.err()).isZero();
        assertThat(new PublishedWarehouse(warehouse).contents()).isEqualTo(uninterrupted);
    }

    @Test
    void aFullDiskFailsTheNightLeavingLastNightPublishedAndARerunFinishesIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root");
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        org.junit.jupiter.api.Assumptions.assumeTrue(
                sh("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", mount.toString()) == 0,
                "tmpfs cannot be mounted here");
        try {
            Path warehouse = mount.resolve("warehouse");
            WarehouseCopy.copyTree(afterFirstNight, warehouse);
            // leave the night about a megabyte: enough to start, not to finish
            long free = Files.getFileStore(mount).getUsableSpace();
            Path filler = mount.resolve("filler");
            assertThat(sh("fallocate", "-l", Long.toString(free - (1L << 20)), filler.toString()))
                    .isZero();

            Outcome full = cli(
                    "run",
                    "--date",
                    SECOND.toString(),
                    "--inbox",
                    delta.toString(),
                    "--warehouse",
                    warehouse.toString());
            assertThat(full.code()).isNotZero();
            assertThat(full.err()
                            .strip()
                            .lines()
                            .filter(l -> l.startsWith("clientele:"))
                            .count())
                    .isEqualTo(1);
            assertThat(new PublishedWarehouse(warehouse).contents()).isEqualTo(firstNight);

            Files.delete(filler); // space returns
            Outcome rerun = cli(
                    "run",
                    "--date",
                    SECOND.toString(),
                    "--inbox",
                    delta.toString(),
                    "--warehouse",
                    warehouse.toString());
            assertThat(rerun.code()).as(rerun.err()).isZero();
            assertThat(new PublishedWarehouse(warehouse).contents()).isEqualTo(uninterrupted);
        } finally {
            sh("umount", "-l", mount.toString());
        }
    }

    private static int run(Path warehouse, LocalDate date, Path extract) {
        return ClienteleCli.execute(
                "run", "--date", date.toString(), "--inbox", extract.toString(), "--warehouse", warehouse.toString());
    }

    /** A warehouse with the same PII salt as the others, so their hashes compare equal. */
    private static Path newWarehouse(String name) throws IOException {
        Path warehouse =
                Files.createDirectories(dir.resolve(name).resolve("meta")).getParent();
        Files.writeString(warehouse.resolve("meta/pii-salt"), "same-salt");
        return warehouse;
    }

    private static Path copy(Path warehouse, String name) throws IOException {
        Path target = dir.resolve(name);
        WarehouseCopy.copyTree(warehouse, target);
        return target;
    }

    private static int sh(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }

    record Outcome(int code, String out, String err) {}

    private static synchronized Outcome cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(
                    ClienteleCli.execute(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
