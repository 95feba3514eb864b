package io.clientele.warehouse.predict;

/**
 * The knobs of the predictive models ({@code clientele.models.*}).
 *
 * @param timeUnit            week (default) or day: the unit of recency, T and the BG/NBD rates
 * @param monthlyDiscountRate discount rate per month of the 12-month CLV (default 0.01)
 * @param churnTrainingRows   most customers each churn model fit uses (default 200,000; 0 = all), see
 *                            {@link ChurnSettings#trainingRows()}
 * @param churnRefitDays      a kept churn fit this many days old is refitted (default 7; 1 = every night), see
 *                            {@link ChurnSettings#refitDays()}
 */
public record ModelSettings(String timeUnit, double monthlyDiscountRate, int churnTrainingRows, int churnRefitDays) {

    public static final ModelSettings DEFAULTS = new ModelSettings("week", 0.01);

    public ModelSettings(String timeUnit, double monthlyDiscountRate) {
        this(timeUnit, monthlyDiscountRate, ChurnSettings.DEFAULT_TRAINING_ROWS, ChurnSettings.DEFAULT_REFIT_DAYS);
    }

    public ModelSettings {
        if (!"week".equals(timeUnit) && !"day".equals(timeUnit)) {
            throw new IllegalArgumentException("clientele.models.time-unit must be week or day, got " + timeUnit);
        }
        if (!(monthlyDiscountRate >= 0 && monthlyDiscountRate < 1)) {
            throw new IllegalArgumentException(
                    "clientele.models.monthly-discount-rate must be in [0, 1), got " + monthlyDiscountRate);
        }
        if (churnTrainingRows < 0) {
            throw new IllegalArgumentException(
                    "clientele.models.churn-training-rows must be 0 (no cap) or positive, got " + churnTrainingRows);
        }
        if (churnRefitDays < 1) {
            throw new IllegalArgumentException(
                    "clientele.models.churn-refit-days must be 1 (every night) or more, got " + churnRefitDays);
        }
    }

    /** Days in one time unit. */
    public double unitDays() {
        return "week".equals(timeUnit) ? 7 : 1;
    }

    /** One month (a twelfth of 365.25 days) in the time unit. */
    public double monthInUnits() {
        return 365.25 / 12 / unitDays();
    }
}
