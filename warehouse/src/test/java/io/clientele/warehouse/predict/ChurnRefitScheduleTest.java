package io.clientele.warehouse.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a night refits the churn model and when it scores with the kept fit; and that a kept fit
 * reads back as it was written (the file a later night finds).
 */
class ChurnRefitScheduleTest {

    static final LocalDate FIT = LocalDate.of(2026, 10, 31);
    static final String DEFINITIONS =
            ChurnFitFingerprint.of(ChurnSettings.of(ChurnSettings.Mode.AUTO, 180), "in-process");

    @TempDir
    Path dir;

    private static KeptChurnFit fit() {
        return KeptChurnFit.fitted(
                FIT,
                DEFINITIONS,
                List.of(
                        row("auc", 0.97, null),
                        row("coef_intercept", -1.5, -120.25),
                        row("coef_recency_days", 0.01, -120.25),
                        row("coef_channel_paid_search", 0.4, -120.25),
                        row("coef_channel_referral", -0.2, -120.25),
                        row("train_customers", 500.0, null)),
                List.of("paid search", "referral"));
    }

    private static ModelFitRow row(String parameter, Double value, Double logLikelihood) {
        return new ModelFitRow("churn_logit", parameter, value, "day", 500L, logLikelihood, null, "a note");
    }

    private static Optional<String> reason(Optional<KeptChurnFit> kept, LocalDate night, String definitions, int days) {
        return ChurnRefitSchedule.refitReason(kept, night, definitions, days);
    }

    @Test
    void withinRefitDaysTheKeptFitScores() {
        assertThat(reason(Optional.of(fit()), FIT, DEFINITIONS, 7)).isEmpty();
        assertThat(reason(Optional.of(fit()), FIT.plusDays(6), DEFINITIONS, 7)).isEmpty();
    }

    @Test
    void everyOtherNightRefitsAndSaysWhy() {
        assertThat(reason(Optional.empty(), FIT, DEFINITIONS, 7)).contains("no earlier fit kept");
        assertThat(reason(Optional.of(fit()), FIT.plusDays(7), DEFINITIONS, 7))
                .contains("the fit of 2026-10-31 is 7 days old, refit-days is 7");
        assertThat(reason(Optional.of(fit()), FIT.plusDays(1), DEFINITIONS, 1)).isPresent();
        assertThat(reason(Optional.of(fit()), FIT.minusDays(1), DEFINITIONS, 7))
                .contains("the run date is before the kept fit of 2026-10-31");
        String otherInactivity = ChurnFitFingerprint.of(ChurnSettings.of(ChurnSettings.Mode.AUTO, 150), "in-process");
        String otherTrainer = ChurnFitFingerprint.of(ChurnSettings.of(ChurnSettings.Mode.AUTO, 180), "mllib");
        String otherCap = ChurnFitFingerprint.of(ChurnSettings.of(ChurnSettings.Mode.AUTO, 180, 1000), "in-process");
        for (String changed : List.of(otherInactivity, otherTrainer, otherCap)) {
            assertThat(reason(Optional.of(fit()), FIT.plusDays(1), changed, 7))
                    .contains("the definitions changed since the fit of 2026-10-31");
        }
        KeptChurnFit skipped = KeptChurnFit.skipped(FIT, "none", row("skipped", null, null));
        assertThat(reason(Optional.of(skipped), FIT.plusDays(1), DEFINITIONS, 7))
                .contains("the night of 2026-10-31 fitted nothing");
    }

    @Test
    void aKeptFitReadsBackAsWritten() {
        KeptChurnFit written = fit();
        written.write(dir.resolve("churn_fit"));
        KeptChurnFit read = KeptChurnFit.read(dir.resolve("churn_fit")).orElseThrow();
        assertThat(read).isEqualTo(written);
        assertThat(read.intercept()).isEqualTo(-1.5);
        assertThat(read.coefficients()).containsExactly(0.01, 0.4, -0.2);
        assertThat(read.coefficientChannels()).containsExactly("paid search", "referral");
        assertThat(KeptChurnFit.read(dir.resolve("none"))).isEmpty();
    }
}
