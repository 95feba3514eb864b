package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.ResultTable;
import io.clientele.warehouse.engine.SqlTemplate;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The churn model's features, all through the night's {@link Engine}: the star schema tables it
 * reads registered, the customers known, the acquisition channels to encode, and the three
 * feature windows of {@code warehouse/sql/predict/churn_features.sql} materialized as Parquet.
 *
 * <p>The windows are handed to the trainer as Parquet files, whichever engine computed them
 * (no other connection is opened here).
 */
final class ChurnFeatures {

    /** The feature SQL, under warehouse/sql. */
    static final String SQL = "predict/churn_features.sql";
    /** Acquisition channels beyond the most common ones count as the reference channel. */
    static final int MAX_CHANNEL_INDICATORS = 20;

    private final Engine engine;
    private final ChurnSettings settings;

    ChurnFeatures(Engine engine, ChurnSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    /** The tables of {@link ChurnPropensityModel#lakeTables()} with no Parquet under {@code workLakeDir}. */
    static List<String> missingTables(Path workLakeDir) {
        return ChurnPropensityModel.lakeTables().stream()
                .filter(t -> !ParquetDirectory.hasParquetFiles(workLakeDir.resolve(t)))
                .toList();
    }

    /** Registers the tables the features read (one Parquet directory each under {@code workLakeDir}). */
    void register(Path workLakeDir) {
        for (String table : ChurnPropensityModel.lakeTables()) {
            engine.registerParquet(table, workLakeDir.resolve(table));
        }
    }

    /** Customers in dim_customer's current versions (after {@link #register}). */
    long currentCustomers() {
        Object n = engine.query("SELECT count(*) FROM dim_customer WHERE is_current")
                .scalar();
        return ((Number) n).longValue();
    }

    /**
     * The train, holdout and current windows as of {@code asOf}, written under {@code featuresDir}
     * (the caller removes it); after {@link #register}.
     */
    ChurnFeatureWindows compute(LocalDate asOf, Path featuresDir) {
        LocalDate trainDate = asOf.minusDays(2L * ChurnSettings.HORIZON_DAYS);
        LocalDate holdoutDate = asOf.minusDays(ChurnSettings.HORIZON_DAYS);
        List<String> byCustomers = channelsByCustomers();
        String reference = byCustomers.isEmpty() ? "unknown" : byCustomers.get(0);
        List<String> channels = byCustomers.subList(Math.min(1, byCustomers.size()), byCustomers.size());
        List<String> featureNames = featureNames(channels);
        Path train = window("train", trainDate, asOf, featuresDir);
        Path holdout = window("holdout", holdoutDate, asOf, featuresDir);
        Path current = window("current", asOf, asOf, featuresDir);
        return new ChurnFeatureWindows(
                asOf, trainDate, holdoutDate, reference, channels, featureNames, train, holdout, current);
    }

    /**
     * The current window alone (the customers active on {@code asOf}), for a night that scores
     * with a kept fit; under {@code featuresDir} (the caller removes it), after {@link #register}.
     */
    Path current(LocalDate asOf, Path featuresDir) {
        return window("current", asOf, asOf, featuresDir);
    }

    /** The numeric features, then one indicator per channel: the coefficients' order. */
    static List<String> featureNames(List<String> channels) {
        List<String> names = new ArrayList<>(ChurnPropensityModel.NUMERIC_FEATURES);
        channels.forEach(c -> names.add(channelColumn(c)));
        return names;
    }

    /**
     * The features of the customers active on {@code featureDate}, with their label when known by
     * {@code asOf}, computed by the engine into {@code featuresDir/<window>}.
     */
    private Path window(String window, LocalDate featureDate, LocalDate asOf, Path featuresDir) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("feature_date", "DATE '" + featureDate + "'");
        parameters.put("as_of_date", "DATE '" + asOf + "'");
        parameters.put("horizon_days", Integer.toString(ChurnSettings.HORIZON_DAYS));
        parameters.put("inactivity_days", Integer.toString(settings.inactivityDays()));
        String sql = SqlTemplate.load(SQL).render(engine.dialect(), parameters);
        Path target = featuresDir.resolve(window);
        String name = "churn_features_" + window;
        engine.materialize(name, sql, ParquetTarget.at(target));
        engine.drop(name);
        return target;
    }

    /**
     * The acquisition channels as of D, most customers first, at most one more than
     * {@link #MAX_CHANNEL_INDICATORS}: the first is the reference, each other gets an indicator.
     */
    private List<String> channelsByCustomers() {
        ResultTable rows = engine.query("""
                SELECT COALESCE(LOWER(acquisition_channel), 'unknown') AS channel, COUNT(*) AS customers
                FROM dim_customer WHERE is_current
                GROUP BY COALESCE(LOWER(acquisition_channel), 'unknown')
                ORDER BY customers DESC, channel""");
        List<String> channels = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (List<Object> r : rows.rows()) {
            String channel = (String) r.get(0);
            String column = channelColumn(channel);
            // two spellings that clean up to one column name: the second counts as the reference
            if (!columns.contains(column) && !ChurnPropensityModel.NUMERIC_FEATURES.contains(column)) {
                channels.add(channel);
                columns.add(column);
            }
            if (channels.size() > MAX_CHANNEL_INDICATORS) {
                break;
            }
        }
        return channels;
    }

    /** The indicator column of a channel. */
    static String channelColumn(String channel) {
        return "channel_" + channel.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }
}
