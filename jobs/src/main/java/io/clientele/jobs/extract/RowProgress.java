package io.clientele.jobs.extract;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Rows done and the rate of a long step. On a terminal it is one line rewritten in place
 * (carriage return) about twice a second; elsewhere (a scheduler's log, a file) a plain log
 * line every few seconds, so logs do not fill with carriage returns.
 */
final class RowProgress {

    static final long TERMINAL_EVERY_NANOS = 500_000_000L;
    static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final String label;
    private final boolean terminal;
    private final PrintStream screen;
    private final Consumer<String> log;
    private final long started;
    private long lastShown;
    private boolean lineOpen;

    /**
     * @param terminal whether to rewrite one line on {@code screen} (see {@link #onTerminal()}) or log lines
     * @param started  System.nanoTime() when the step started
     */
    RowProgress(String label, boolean terminal, PrintStream screen, Consumer<String> log, long started) {
        this.label = label;
        this.terminal = terminal;
        this.screen = screen;
        this.log = log;
        this.started = started;
        this.lastShown = started;
    }

    /** Whether the process talks to a terminal (Java sees one only when stdin and stdout are). */
    static boolean onTerminal() {
        return System.console() != null && !"plain".equalsIgnoreCase(System.getenv("CLIENTELE_PROGRESS"));
    }

    /** Reports {@code rows} done at {@code now} when it is time to. */
    void update(long rows, long now) {
        if (now - lastShown < (terminal ? TERMINAL_EVERY_NANOS : LOG_EVERY_NANOS)) {
            return;
        }
        lastShown = now;
        String text = text(rows, now);
        if (terminal) {
            screen.print("\r" + text + "\u001b[K");
            screen.flush();
            lineOpen = true;
        } else {
            log.accept(text);
        }
    }

    /** Ends the rewritten line, so what is printed next starts on a line of its own. */
    void finish() {
        if (lineOpen) {
            screen.print("\r\u001b[K");
            screen.flush();
            lineOpen = false;
        }
    }

    String text(long rows, long now) {
        double seconds = Math.max((now - started) / 1e9, 1e-9);
        return String.format(Locale.ROOT, "%s: %,d rows (%,.0f rows/s)", label, rows, rows / seconds);
    }
}
