package io.clientele.warehouse.layout;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One writer per warehouse. A command that writes (a night, a step of one, a backfill, a
 * forget) holds an operating-system lock on {@code meta/writer.lock} for as long as it runs,
 * and a second writer is refused at once, told who holds it. The operating system releases the
 * lock when its process ends in any way (a kill, the OOM killer), so a lock can never be left
 * behind. Readers ({@code query}, {@code status}, the dashboard) take no lock.
 *
 * <p>The extract steps of one night may run in parallel processes ({@code run --step
 * extract-<source>}, as the Airflow DAG runs them): they share the lock, and every other writer
 * takes it alone.
 *
 * <p>Each holder also writes who it is ({@code meta/writers/<host>-<pid>.properties}: pid, host,
 * command, since when) and renews a heartbeat there every {@link #HEARTBEAT}: the refusal names
 * the holder, and a run recorded as started by a process that is gone (same host: no such
 * process; another host: no heartbeat for {@link #STALE}) is known to be interrupted.
 */
public final class WarehouseLock implements AutoCloseable {

    /** A writer alone, or one of several extract steps of one night. */
    public enum Mode {
        EXCLUSIVE,
        SHARED
    }

    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** A holder on another host is taken for gone after this long without a heartbeat. */
    public static final Duration STALE = Duration.ofSeconds(60);

    /** Locks this JVM holds, by lock file: a JVM may hold a shared lock for several steps at once. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private final Path lockFile;
    private boolean closed;

    private WarehouseLock(Path lockFile) {
        this.lockFile = lockFile;
    }

    /** Who holds, or held, the lock: what a holder file says. */
    public record Holder(
            long pid, String host, Instant processStart, Instant since, Instant heartbeat, String command, Mode mode) {

        /**
         * Whether the holder's process still runs: on this host, the process with its pid and start
         * time exists; on another, its heartbeat is recent.
         */
        public boolean alive(Instant now) {
            if (host.equals(thisHost())) {
                return processAlive(pid, processStart);
            }
            return heartbeat != null && Duration.between(heartbeat, now).compareTo(STALE) < 0;
        }

        /** "run --date 2026-10-31 (pid 4242 on host db1, since 2026-10-31T01:00:00Z, heartbeat 4 s ago)" */
        public String describe(Instant now) {
            return command + " (pid " + pid + " on host " + host + ", since " + since.truncatedTo(ChronoUnit.SECONDS)
                    + (heartbeat == null
                            ? ""
                            : ", heartbeat " + Duration.between(heartbeat, now).toSeconds() + " s ago")
                    + ")";
        }
    }

    /** Refused: another process holds the lock. */
    public static final class LockedException extends RuntimeException {
        public LockedException(String message) {
            super(message);
        }
    }

    /**
     * Takes the warehouse's lock for {@code command}, or refuses at once.
     *
     * @throws LockedException naming the holder(s) when another writer holds it
     */
    public static WarehouseLock acquire(WarehouseLayout layout, Mode mode, String command) {
        Path lockFile = layout.writerLock();
        synchronized (HELD) {
            Held held = HELD.get(lockFile);
            if (held != null) {
                if (mode == Mode.SHARED && held.mode == Mode.SHARED) {
                    held.count++;
                    return new WarehouseLock(lockFile);
                }
                throw refused(layout, "this same process already writes to it");
            }
            try {
                Files.createDirectories(lockFile.getParent());
                Files.createDirectories(layout.writers());
                FileChannel channel = FileChannel.open(
                        lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock(0, Long.MAX_VALUE, mode == Mode.SHARED);
                } catch (OverlappingFileLockException | IOException e) {
                    channel.close();
                    throw e;
                }
                if (lock == null) {
                    channel.close();
                    throw refused(layout, null);
                }
                if (mode == Mode.EXCLUSIVE) {
                    removeGoneHolders(layout, true); // nobody else can hold it now
                } else {
                    removeGoneHolders(layout, false);
                }
                Held fresh = new Held(
                        channel,
                        lock,
                        mode,
                        layout.writers().resolve(thisHost() + "-" + pid() + ".properties"),
                        command);
                fresh.writeHolderFile();
                HELD.put(lockFile, fresh);
                return new WarehouseLock(lockFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
            }
        }
    }

    /** The holders the warehouse's holder files name, alive or not, oldest first. */
    public static List<Holder> holders(WarehouseLayout layout) {
        List<Holder> holders = new ArrayList<>();
        if (!Files.isDirectory(layout.writers())) {
            return holders;
        }
        try (Stream<Path> files = Files.list(layout.writers())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".properties"))
                    .toList()) {
                read(file).ifPresent(holders::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        holders.sort((a, b) -> a.since().compareTo(b.since()));
        return holders;
    }

    /** The live holder with this pid on this host, if its holder file is there. */
    public static Optional<Holder> holder(WarehouseLayout layout, String host, long pid) {
        return read(layout.writers().resolve(host + "-" + pid + ".properties"));
    }

    /** This machine's name as holder files record it. */
    public static String thisHost() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "localhost";
            }
        }
        return name;
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** When this process started (with the pid, it tells a process from a later one with the same pid). */
    public static Instant processStart() {
        return ProcessHandle.current()
                .info()
                .startInstant()
                .orElse(Instant.EPOCH)
                .truncatedTo(ChronoUnit.SECONDS);
    }

    /** Whether the process with this pid and start time runs on this host. */
    public static boolean processAlive(long pid, Instant start) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p -> start == null
                        || Instant.EPOCH.equals(start)
                        // within a few seconds: the start time is derived from the boot time and may wobble
                        || p.info()
                                .startInstant()
                                .map(s -> Duration.between(s, start).abs().getSeconds() <= 2)
                                .orElse(true))
                .orElse(false);
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(lockFile);
            if (held != null && --held.count == 0) {
                HELD.remove(lockFile);
                held.release();
            }
        }
    }

    private static LockedException refused(WarehouseLayout layout, String why) {
        Instant now = Instant.now();
        List<String> live = holders(layout).stream()
                .filter(h -> h.alive(now))
                .map(h -> h.describe(now))
                .toList();
        String who = why != null
                ? why
                : live.isEmpty()
                        ? "another clientele process (it has not said who it is yet)"
                        : String.join("; ", live);
        return new LockedException("warehouse " + layout.root() + " is being written by " + who
                + ": one writer at a time, so this one was refused; run it again when that one has ended"
                + " (query, status and the dashboard can read meanwhile)");
    }

    /** Deletes holder files of processes that are gone (all others' when this process holds the lock alone). */
    private static void removeGoneHolders(WarehouseLayout layout, boolean allOthers) throws IOException {
        Instant now = Instant.now();
        String me = thisHost() + "-" + pid() + ".properties";
        try (Stream<Path> files = Files.list(layout.writers())) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.equals(me) || !allOthers && !name.endsWith(".properties")) {
                    continue; // another sharer's holder file being written
                }
                Optional<Holder> holder = read(file);
                if (allOthers || holder.isEmpty() || !holder.get().alive(now)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static Optional<Holder> read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return Optional.of(new Holder(
                    Long.parseLong(p.getProperty("pid")),
                    p.getProperty("host"),
                    Instant.parse(p.getProperty("process-start")),
                    Instant.parse(p.getProperty("since")),
                    Instant.parse(p.getProperty("heartbeat")),
                    p.getProperty("command"),
                    Mode.valueOf(p.getProperty("mode"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone meanwhile, or half written by a process killed while writing it
        }
    }

    /** The lock this JVM holds on one warehouse, and its heartbeat. */
    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        final Mode mode;
        final Path holderFile;
        final String command;
        final Instant since = Instant.now();
        final ScheduledExecutorService heartbeat;
        int count = 1;

        Held(FileChannel channel, FileLock lock, Mode mode, Path holderFile, String command) {
            this.channel = channel;
            this.lock = lock;
            this.mode = mode;
            this.holderFile = holderFile;
            this.command = command;
            this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "warehouse-lock-heartbeat");
                t.setDaemon(true);
                return t;
            });
            heartbeat.scheduleWithFixedDelay(
                    () -> {
                        try {
                            writeHolderFile();
                        } catch (IOException | RuntimeException e) {
                            // a full disk must not end the run: the OS lock still excludes other writers
                        }
                    },
                    HEARTBEAT.toMillis(),
                    HEARTBEAT.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        void writeHolderFile() throws IOException {
            Properties p = new Properties();
            p.setProperty("pid", Long.toString(pid()));
            p.setProperty("host", thisHost());
            p.setProperty("process-start", processStart().toString());
            p.setProperty("since", since.toString());
            p.setProperty("heartbeat", Instant.now().toString());
            p.setProperty("command", command);
            p.setProperty("mode", mode.name());
            Path scratch = holderFile.resolveSibling(holderFile.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(scratch)) {
                p.store(out, "the clientele process writing to this warehouse");
            }
            try {
                Files.move(scratch, holderFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(scratch, holderFile, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        void release() {
            heartbeat.shutdownNow();
            try {
                Files.deleteIfExists(holderFile);
            } catch (IOException ignored) {
                // a stale holder file is recognised as such by the next writer
            }
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // closing the channel releases the lock in any case
            }
        }
    }
}
