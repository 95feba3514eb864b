package io.clientele.jobs.extract;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real, throwaway PostgreSQL server for one test class: {@code initdb} into a temporary
 * directory, {@code pg_ctl start} on 127.0.0.1 with a free port (socket in the same
 * directory), one database, and on the way out {@code pg_ctl stop} and the directory
 * deleted. The superuser {@link #USER} logs in over TCP with {@link #PASSWORD}
 * (scram-sha-256), as the application does. The server's time zone is deliberately not UTC.
 *
 * <p>Needs PostgreSQL's server binaries: {@code initdb}/{@code pg_ctl} on the PATH or under
 * {@code /usr/lib/postgresql/<version>/bin} (Debian/Ubuntu: {@code apt-get install postgresql}).
 * initdb refuses to run as root: then the server runs as the {@code postgres} user
 * ({@code runuser -u postgres --}).
 *
 * <pre>{@code @RegisterExtension static final ThrowawayPostgres POSTGRES = new ThrowawayPostgres();}</pre>
 */
public final class ThrowawayPostgres implements BeforeAllCallback, AfterAllCallback {

    public static final String USER = "clientele_test";
    public static final String PASSWORD = "throwaway-secret";
    public static final String DATABASE = "clientele";

    private Path dir;
    private Path data;
    private int port;
    private boolean asPostgres;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws IOException, InterruptedException, SQLException {
        Path bin = binaries()
                .orElseThrow(() -> new IllegalStateException(
                        "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin;"
                                + " install them, e.g. apt-get install -y postgresql"));
        asPostgres = "root".equals(System.getProperty("user.name"));
        dir = Files.createTempDirectory("clientele-pg");
        data = dir.resolve("data");
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (asPostgres) {
            run(List.of("chown", "-R", "postgres", dir.toString()), false);
        }
        run(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        USER,
                        "--pwfile=" + passwordFile,
                        "--auth-local=trust",
                        "--auth-host=scram-sha-256",
                        "-E",
                        "UTF8",
                        "--no-locale"),
                asPostgres);
        port = freePort();
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        dir.resolve("server.log").toString(),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                                + " -c timezone=Europe/Copenhagen -c fsync=off",
                        "start"),
                asPostgres);
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
    }

    public void stop() throws IOException, InterruptedException {
        if (dir == null) {
            return;
        }
        try {
            Path bin = binaries().orElseThrow();
            run(
                    List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"),
                    asPostgres);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
            dir = null;
        }
    }

    /** The JDBC URL of the database, for {@code --jdbc-url}. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, PASSWORD);
    }

    private static Optional<Path> binaries() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path initdb = Path.of(entry).resolve("initdb");
            if (!entry.isEmpty() && Files.isExecutable(initdb)) {
                Path bin = real(initdb).getParent();
                return Optional.of(Files.isExecutable(bin.resolve("pg_ctl")) ? bin : Path.of(entry));
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(
                            b -> version(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private void run(List<String> command, boolean asPostgresUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(Arrays.asList("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("clientele-pg-cmd", ".log");
        try {
            Process process = new ProcessBuilder(full)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", full));
            }
            if (process.exitValue() != 0) {
                String serverLog =
                        Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
                throw new IllegalStateException(String.join(" ", full) + " failed (" + process.exitValue() + "):\n"
                        + Files.readString(log) + serverLog);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
