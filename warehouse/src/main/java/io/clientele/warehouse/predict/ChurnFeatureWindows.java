package io.clientele.warehouse.predict;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * What the churn features step hands the training: the three feature windows the engine wrote as
 * Parquet, their dates, and the encoding of the acquisition channel.
 *
 * @param asOf         D, the night's as-of date: the current window's feature date, the holdout's label date
 * @param trainDate    F = D − 2 × horizon: the backtest fit's feature date
 * @param holdoutDate  F = D − horizon: where the backtest is judged and the refit is fitted
 * @param reference    the most common acquisition channel, which has no indicator
 * @param channels     the channels with an indicator column, most customers first
 * @param featureNames the numeric features then the channel indicators: the coefficients' order
 * @param train        the training window's Parquet directory
 * @param holdout      the holdout window's Parquet directory
 * @param current      the window scored: customers active on D, no label
 */
record ChurnFeatureWindows(
        LocalDate asOf,
        LocalDate trainDate,
        LocalDate holdoutDate,
        String reference,
        List<String> channels,
        List<String> featureNames,
        Path train,
        Path holdout,
        Path current) {

    ChurnFeatureWindows {
        channels = List.copyOf(channels);
        featureNames = List.copyOf(featureNames);
    }
}
