package io.clientele.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.cli.ClienteleCli;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job's Spark stages on a real Spark standalone cluster: a master and a worker
 * (1 core, 1 GB) on loopback, started from the project's own Spark dependencies (the test
 * class path, no Spark distribution), and the job run as a separate driver process with
 * {@code clientele.spark.master=spark://127.0.0.1:<port>}. Executors are separate JVMs the
 * worker launches; they see the lake because it is on this machine. Every table of the
 * published DuckDB file must equal a local DuckDB run's (EXCEPT ALL both ways).
 */
@Tag("cluster")
class SparkStandaloneClusterTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();
    static final String DATE = "2026-04-02";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopCluster() throws IOException {
        keepLogs();
        for (Process p : processes) { // the driver is done by now; the worker stops its executors
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void nightlyJobOnAStandaloneClusterGivesTheTablesOfALocalDuckDbRun() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int masterPort = freePort();
        String master = "spark://127.0.0.1:" + masterPort;

        // The worker launches executors with $SPARK_HOME/jars/* on their class path and needs that layout
        // (a RELEASE file marks a distribution); the jars themselves come from spark.executor.extraClassPath.
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.writeString(sparkHome.resolve("RELEASE"), "Spark from the Maven class path of Clientele's tests\n");
        Path workerDir = Files.createDirectories(dir.resolve("worker"));

        // The master and worker say at INFO when they are ready; the test class path's logging config is quieter.
        Path logging = dir.resolve("log4j2-cluster.properties");
        Files.writeString(
                logging,
                String.join(
                        "\n",
                        "rootLogger.level = warn",
                        "rootLogger.appenderRef.stderr.ref = stderr",
                        "logger.deploy.name = org.apache.spark.deploy",
                        "logger.deploy.level = info",
                        "appender.stderr.type = Console",
                        "appender.stderr.name = stderr",
                        "appender.stderr.target = SYSTEM_ERR",
                        "appender.stderr.layout.type = PatternLayout",
                        "appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
                        ""));
        List<String> daemonOptions = List.of("-Xmx256m", "-Dlog4j2.configurationFile=" + logging);
        Process masterProcess = start(
                "master",
                classPath,
                daemonOptions,
                Map.of(),
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(masterPort),
                "--webui-port",
                String.valueOf(freePort()));
        awaitLog("master", "I have been elected leader", masterProcess);
        Process workerProcess = start(
                "worker",
                classPath,
                daemonOptions,
                Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13"),
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--cores",
                "1",
                "--memory",
                "1g",
                "--webui-port",
                String.valueOf(freePort()),
                "--work-dir",
                workerDir.toString(),
                master);
        awaitLog("worker", "Successfully registered with master", workerProcess);

        Path clusterWarehouse = dir.resolve("warehouse-cluster");
        String opens = String.join(" ", moduleOptions());
        Process driver = start(
                "driver",
                classPath,
                List.of(
                        "-Xmx1g",
                        "-Dspark.executor.extraClassPath=" + classPath,
                        "-Dspark.executor.extraJavaOptions=" + opens,
                        "-Dspark.executor.memory=768m",
                        "-Dspark.cores.max=1",
                        "-Dspark.driver.host=127.0.0.1",
                        "-Dspark.driver.bindAddress=127.0.0.1",
                        // one task per shuffle: the worker has one core, and the fixture is small
                        "-Dclientele.spark.shuffle-partitions=1"),
                Map.of("CLIENTELE_SPARK_MASTER", master),
                ClienteleCli.class.getName(),
                "run",
                "--date",
                DATE,
                "--inbox",
                FIXTURE.toString(),
                "--engine",
                "spark",
                "--warehouse",
                clusterWarehouse.toString());
        assertThat(driver.waitFor(8, TimeUnit.MINUTES))
                .as("driver finished in time")
                .isTrue();
        assertThat(driver.exitValue())
                .as("driver exit status; its log:%n%s", tail("driver"))
                .isZero();

        // The job ran on the cluster: the master accepted the application and the worker ran its executor.
        assertThat(log("master")).contains("Registering app clientele");
        try (Stream<Path> apps = Files.list(workerDir)) {
            assertThat(apps.map(p -> p.getFileName().toString()).toList()).anyMatch(n -> n.startsWith("app-"));
        }

        // The same night on DuckDB, in this JVM, with the same PII salt (hashes are compared too).
        Path localWarehouse = dir.resolve("warehouse-local");
        Files.createDirectories(localWarehouse.resolve("meta"));
        if (System.getenv("CLIENTELE_PII_SALT") == null) {
            Files.copy(clusterWarehouse.resolve("meta/pii-salt"), localWarehouse.resolve("meta/pii-salt"));
        }
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        DATE,
                        "--inbox",
                        FIXTURE.toString(),
                        "--engine",
                        "duckdb",
                        "--warehouse",
                        localWarehouse.toString()))
                .isZero();

        assertSameTables(clusterWarehouse.resolve("clientele.duckdb"), localWarehouse.resolve("clientele.duckdb"));
    }

    /** Every table and view but warehouse_info: the same names, and EXCEPT ALL empty both ways. */
    private static void assertSameTables(Path cluster, Path local) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("ATTACH '" + cluster + "' AS cluster (READ_ONLY)");
            s.execute("ATTACH '" + local + "' AS local (READ_ONLY)");
            List<String> clusterTables = tables(s, "cluster");
            assertThat(clusterTables)
                    .isEqualTo(tables(s, "local"))
                    .contains(
                            "dim_customer",
                            "fact_order",
                            "mart_customer_value",
                            "mart_churn_monthly",
                            "mart_cohort_retention");
            for (String table : clusterTables) {
                String columns = columns(s, table);
                long rows = scalar(s, "SELECT count(*) FROM local." + table);
                long onlyCluster = scalar(
                        s,
                        "SELECT count(*) FROM (SELECT " + columns + " FROM cluster." + table + " EXCEPT ALL SELECT "
                                + columns + " FROM local." + table + ")");
                long onlyLocal = scalar(
                        s,
                        "SELECT count(*) FROM (SELECT " + columns + " FROM local." + table + " EXCEPT ALL SELECT "
                                + columns + " FROM cluster." + table + ")");
                assertThat(List.of(onlyCluster, onlyLocal))
                        .as("%s (%d rows): rows only in the cluster's, only in" + " the local run's", table, rows)
                        .containsExactly(0L, 0L);
                if (table.startsWith("mart_") || table.startsWith("fact_order")) {
                    assertThat(rows).as(table).isPositive();
                }
            }
        }
    }

    /** The processes' logs and the executors' stderr, kept under target/ for a failed CI run. */
    private void keepLogs() throws IOException {
        Path kept = Files.createDirectories(Path.of("target", "spark-cluster-test"));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".log")
                            || (p.startsWith(dir.resolve("worker"))
                                    && p.getFileName().toString().equals("stderr")))
                    .toList()) {
                Files.copy(
                        f,
                        kept.resolve(dir.relativize(f).toString().replace(File.separatorChar, '_')),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static List<String> tables(Statement s, String catalog) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_catalog = '"
                + catalog + "' AND table_name <> 'warehouse_info' ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The table's columns, doubles rounded to 9 places: sums may differ in the last bits between engines. */
    private static String columns(Statement s, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_catalog = 'local' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                String name = '"' + rs.getString(1) + '"';
                String type = rs.getString(2);
                columns.add(type.equals("DOUBLE") || type.equals("FLOAT") ? "round(" + name + ", 9) AS " + name : name);
            }
        }
        return String.join(", ", columns);
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Process start(
            String name,
            String classPath,
            List<String> jvmOptions,
            Map<String, String> environment,
            String mainClass,
            String... arguments)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(moduleOptions());
        command.add("-Duser.timezone=UTC");
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** The JDK packages Spark needs opened, as this test JVM was started with them (the pom's spark.jvm.opens). */
    private static List<String> moduleOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")
                        || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect")
                        || a.startsWith("-Dio.netty"))
                .collect(Collectors.toList());
    }

    private void awaitLog(String name, String line, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (log(name).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " did not log '" + line + "'; its log:" + "\n" + tail(name));
    }

    private String log(String name) throws IOException {
        Path file = dir.resolve(name + ".log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private String tail(String name) throws IOException {
        String text = log(name);
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
