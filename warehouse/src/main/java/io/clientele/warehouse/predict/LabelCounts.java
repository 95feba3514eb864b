package io.clientele.warehouse.predict;

import java.time.LocalDate;

/** How many customers a feature window has and how many of them were lost. */
record LabelCounts(long customers, long churned) {

    /** Why the window cannot be fitted on or judged by, or null when it can. */
    String tooThin(String window, LocalDate featureDate, ChurnSettings settings) {
        if (customers < settings.minCustomers()) {
            return "the " + window + " window (active on " + featureDate + ") has " + customers
                    + " customers, fewer than " + settings.minCustomers();
        }
        if (churned < settings.minPerClass() || customers - churned < settings.minPerClass()) {
            return "the " + window + " window (active on " + featureDate + ") has " + churned + " churned and "
                    + (customers - churned) + " retained customers, fewer than " + settings.minPerClass()
                    + " of a kind";
        }
        return null;
    }

    /** Why either window is too thin, or null when both will do. */
    static String tooThin(LabelCounts train, LabelCounts holdout, ChurnFeatureWindows windows, ChurnSettings settings) {
        String thin = train.tooThin("training", windows.trainDate(), settings);
        return thin != null ? thin : holdout.tooThin("holdout", windows.holdoutDate(), settings);
    }
}
