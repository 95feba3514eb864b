package io.clientele.warehouse.predict;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Whether tonight refits the churn model or scores with the kept fit
 * ({@code clientele.models.churn-refit-days}). It refits when no fit is kept, when the kept one
 * fitted nothing, when it is {@code refitDays} or more days older than tonight, when tonight is
 * before it (a backfill of older dates), or when the definitions changed
 * ({@link ChurnFitFingerprint}).
 */
final class ChurnRefitSchedule {

    private ChurnRefitSchedule() {}

    /** Why tonight refits; empty when it scores with {@code kept}. */
    static Optional<String> refitReason(
            Optional<KeptChurnFit> kept, LocalDate asOf, String fingerprint, int refitDays) {
        if (kept.isEmpty()) {
            return Optional.of("no earlier fit kept");
        }
        KeptChurnFit fit = kept.get();
        if (!fit.isFitted()) {
            return Optional.of("the night of " + fit.fitDate() + " fitted nothing");
        }
        if (asOf.isBefore(fit.fitDate())) {
            return Optional.of("the run date is before the kept fit of " + fit.fitDate());
        }
        long age = ChronoUnit.DAYS.between(fit.fitDate(), asOf);
        if (age >= refitDays) {
            return Optional.of("the fit of " + fit.fitDate() + " is " + age + " days old, refit-days is " + refitDays);
        }
        if (!fit.fingerprint().equals(fingerprint)) {
            return Optional.of("the definitions changed since the fit of " + fit.fitDate());
        }
        return Optional.empty();
    }
}
