package org.gqa4j.eval.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gqa4j.core.data.PreparedData;

/**
 * Whether data a model is evaluated on look like the data it was trained on. The model's
 * normalization maps its own training features to mean 0 and standard deviation 1, so on the
 * evaluated positions a feature whose normalized mean is far from 0, or whose normalized spread
 * is far from 1, comes from another kind of market (BTC minutes against AAPL days), and the
 * model's forecasts there mean little.
 */
final class DataShift {

    /** Normalized mean beyond this many training standard deviations is far. */
    static final double MAX_MEAN = 2.0;
    /** Normalized standard deviation outside [1 / MAX_SPREAD, MAX_SPREAD] is far. */
    static final double MAX_SPREAD = 3.0;

    private DataShift() {}

    /** One phrase per feature that is far from the model's training statistics on the test positions; empty if none. */
    static List<String> farFeatures(PreparedData data) {
        List<String> far = new ArrayList<>();
        int[] rows = data.testPositions();
        float[][] x = data.features();
        List<String> names = data.prep().featureNames();
        for (int f = 0; f < data.featureCount(); f++) {
            double sum = 0, sq = 0;
            for (int t : rows) sum += x[t][f];
            double mean = sum / rows.length;
            for (int t : rows) sq += (x[t][f] - mean) * (x[t][f] - mean);
            double std = Math.sqrt(sq / rows.length);
            if (Math.abs(mean) > MAX_MEAN || std > MAX_SPREAD || std < 1 / MAX_SPREAD) {
                far.add(String.format(Locale.ROOT, "%s (mean %+.1f, spread x%.2f of the training data's)", names.get(f), mean, std));
            }
        }
        return far;
    }
}
