package io.clientele.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.EngineComparison;
import io.clientele.jobs.PublicDatasets;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * worker launches; they see the lake because it is on this machine. The night is the public
 * CDNOW sample through the shipped mapping, and every table of the published DuckDB file must
 * equal a local DuckDB run's as {@link EngineComparison} compares them (the churn model, MLlib
 * on the cluster, within its tolerances).
 */
@Tag("cluster")
class SparkStandaloneClusterTest {

    static final String DATE = "1997-09-30";

    @TempDir
    Path dir;

    /** The cluster's JVMs are short-lived too: the optimizing compiler's work would not pay back. */
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

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
        Path inbox = PublicDatasets.cdnowDir();
        String mapping = PublicDatasets.mapping("cdnow.yml").toString();
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
        List<String> daemonOptions = List.of("-Xmx256m", C1_ONLY, "-Dlog4j2.configurationFile=" + logging);
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
                        C1_ONLY,
                        "-Dspark.executor.extraClassPath=" + classPath,
                        "-Dspark.executor.extraJavaOptions=" + opens + " " + C1_ONLY,
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
                inbox.toString(),
                "--mapping",
                mapping,
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
                        inbox.toString(),
                        "--mapping",
                        mapping,
                        "--engine",
                        "duckdb",
                        "--warehouse",
                        localWarehouse.toString()))
                .isZero();

        PublishedWarehouse local = new PublishedWarehouse(localWarehouse);
        assertThat(local.rows("SELECT count(*) FROM mart_customer_value")).containsExactly(List.of("2357"));
        assertThat(local.rows("SELECT count(*) FROM customer_summary")).containsExactly(List.of("2349"));
        assertThat(local.rows("SELECT count(*) FROM model_fit WHERE model = 'bg_nbd'"))
                .containsExactly(List.of("5"));
        assertThat(local.rows("SELECT count(*) FROM model_fit WHERE model = 'churn_logit'"))
                .isNotEqualTo(List.of(List.of("0")));
        EngineComparison.assertSameWarehouse(localWarehouse, clusterWarehouse);
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
