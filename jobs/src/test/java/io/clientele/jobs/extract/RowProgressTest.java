package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress of a long step: a line rewritten in place on a terminal, plain log lines elsewhere. */
class RowProgressTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void onATerminalOneLineIsRewrittenInPlaceAndClearedAtTheEnd() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        List<String> log = new ArrayList<>();
        RowProgress progress = new RowProgress("extract orders", true, new PrintStream(screen, true), log::add, 0);
        progress.update(1_000, SECOND / 10); // too soon: nothing
        progress.update(50_000, SECOND); // 50,000 rows in 1 s
        progress.update(120_000, 2 * SECOND); // 120,000 rows in 2 s
        progress.finish();
        assertThat(screen.toString(StandardCharsets.UTF_8))
                .isEqualTo("\rextract orders: 50,000 rows (50,000 rows/s)\u001b[K"
                        + "\rextract orders: 120,000 rows (60,000 rows/s)\u001b[K"
                        + "\r\u001b[K");
        assertThat(log).isEmpty();
    }

    @Test
    void elsewhereAPlainLogLineEveryFewSecondsAndNoCarriageReturn() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        List<String> log = new ArrayList<>();
        RowProgress progress = new RowProgress("extract orders", false, new PrintStream(screen, true), log::add, 0);
        progress.update(10_000, SECOND); // within 5 s of the start: nothing
        progress.update(100_000, 5 * SECOND); // 100,000 rows in 5 s
        progress.update(110_000, 6 * SECOND); // 1 s later: nothing
        progress.update(400_000, 10 * SECOND); // 400,000 rows in 10 s
        progress.finish();
        assertThat(log)
                .containsExactly(
                        "extract orders: 100,000 rows (20,000 rows/s)", "extract orders: 400,000 rows (40,000 rows/s)");
        assertThat(screen.size()).isZero();
    }
}
