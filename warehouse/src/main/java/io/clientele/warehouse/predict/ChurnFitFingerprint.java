package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.SqlTemplate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fingerprint of what a churn fit is a function of besides the data: the feature SQL's text,
 * the settings that shape the windows and the fit (inactivity days, horizon, training rows, the
 * thresholds of a thin window, the penalty and the sample's seed), the trainer (in the JVM or
 * MLlib) and the feature list. A kept fit with another fingerprint is refitted.
 */
final class ChurnFitFingerprint {

    private ChurnFitFingerprint() {}

    /** {@code trainer}: {@link ChurnTrainer#kind()} of the night's trainer. */
    static String of(ChurnSettings settings, String trainer) {
        String definitions = "trainer=" + trainer
                + "\ninactivity_days=" + settings.inactivityDays()
                + "\nhorizon_days=" + ChurnSettings.HORIZON_DAYS
                + "\ntraining_rows=" + settings.trainingRows()
                + "\nmin_customers=" + settings.minCustomers()
                + "\nmin_per_class=" + settings.minPerClass()
                + "\nreg_param=" + ChurnTrainer.REG_PARAM
                + "\nsample_seed=" + ChurnTrainer.SAMPLE_SEED
                + "\nmax_channel_indicators=" + ChurnFeatures.MAX_CHANNEL_INDICATORS
                + "\nfeatures=" + String.join(",", ChurnPropensityModel.NUMERIC_FEATURES)
                + "\n" + SqlTemplate.load(ChurnFeatures.SQL).text();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(definitions.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
