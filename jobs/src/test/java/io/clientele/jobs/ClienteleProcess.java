package io.clientele.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code clientele} command in a JVM of its own, on the test classpath: what a scheduler
 * task or a reader in another process is. Output goes to files beside the given directory.
 */
public final class ClienteleProcess {

    private final Process process;
    private final Path out;
    private final Path err;

    private ClienteleProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code clientele args...}; its stdout and stderr go to {@code logs/<name>.out|.err}. */
    public static ClienteleProcess start(Path logs, String name, String... args) throws IOException {
        return start(logs, name, java.util.Map.of(), args);
    }

    /** As {@link #start(Path, String, String...)}, with these environment variables added. */
    public static ClienteleProcess start(
            Path logs, String name, java.util.Map<String, String> environment, String... args) throws IOException {
        return start(logs, name, "512m", environment, args);
    }

    /** As {@link #start(Path, String, java.util.Map, String...)}, with this maximum heap (e.g. "64m"). */
    public static ClienteleProcess start(
            Path logs, String name, String maxHeap, java.util.Map<String, String> environment, String... args)
            throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Duser.timezone=UTC",
                "-cp",
                System.getProperty("java.class.path"),
                "io.clientele.jobs.cli.ClienteleCli"));
        command.addAll(List.of(args));
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ClienteleProcess(process, out, err);
    }

    /** Waits for the exit status (killing the process after the timeout). */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("clientele did not finish in " + seconds + " s: " + err());
        }
        return process.exitValue();
    }

    /** The process id (for messages that name it). */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code text} appears in the process's stderr (its log), polling often so that a
     * kill right after lands close to that point; false when the process ended first or time ran out.
     */
    public boolean awaitLog(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (err().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return err().contains(text);
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** kill -9: the process ends at once, running no shutdown hook or finally block. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Stops the process where it is (SIGSTOP): it holds what it holds, and does nothing, until {@link #resume}. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused process go on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited " + exit);
        }
    }

    /** The file stdout goes to (for outputs too large to read whole). */
    public Path outFile() {
        return out;
    }

    public String out() {
        return read(out);
    }

    public String err() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }
}
