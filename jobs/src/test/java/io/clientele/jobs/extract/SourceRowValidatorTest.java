package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Timestamps to canonical UTC text (docs/contract.md §1: ISO-8601, optional offset, none = UTC). */
class SourceRowValidatorTest {

    @Test
    void timestampsBecomeUtcWithoutZone() {
        assertThat(SourceRowValidator.timestamp("2026-11-22T14:05:00")).isEqualTo("2026-11-22 14:05:00");
        assertThat(SourceRowValidator.timestamp("2026-11-22 14:05:00")).isEqualTo("2026-11-22 14:05:00");
        // 14:05 at UTC−05:00 is 19:05 UTC; 00:30 at +02:00 is the previous day 22:30 UTC
        assertThat(SourceRowValidator.timestamp("2026-11-22T14:05:00-05:00")).isEqualTo("2026-11-22 19:05:00");
        assertThat(SourceRowValidator.timestamp("2026-03-01T00:30:00+02:00")).isEqualTo("2026-02-28 22:30:00");
        assertThat(SourceRowValidator.timestamp("2026-11-22T14:05:00Z")).isEqualTo("2026-11-22 14:05:00");
        assertThat(SourceRowValidator.timestamp("2026-11-22T14:05:00.25")).isEqualTo("2026-11-22 14:05:00.250000");
        assertThat(SourceRowValidator.timestamp("2026-11-22T14:05")).isEqualTo("2026-11-22 14:05:00");
    }

    @Test
    void impossibleTimestampsAreRefused() {
        assertThatThrownBy(() -> SourceRowValidator.timestamp("2026-02-30T10:00:00"))
                .isInstanceOf(java.time.DateTimeException.class);
        assertThatThrownBy(() -> SourceRowValidator.timestamp("2026-11-22T24:00:00"))
                .isInstanceOf(java.time.DateTimeException.class);
        assertThatThrownBy(() -> SourceRowValidator.timestamp("yesterday"))
                .isInstanceOf(java.time.DateTimeException.class);
    }
}
