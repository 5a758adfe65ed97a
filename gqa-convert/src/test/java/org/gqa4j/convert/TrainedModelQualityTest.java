package org.gqa4j.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SyntheticMarket;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.Test;

/**
 * On a trained model (a small one trained here on the synthetic market, a few seconds), the
 * data-aware methods lose less test-split quality than mean pooling before any uptraining,
 * for GQA and MQA. Calibration uses train windows only; the losses are on the test split.
 */
class TrainedModelQualityTest {

    @Test
    void dataAwareConversionKeepsMoreQualityThanMean() {
        PriceSeries s = SyntheticMarket.generate(SyntheticMarket.DEFAULT_SEED, 6_000);
        PreparedData data = DataPrep.fit(s, null, 1, 16).apply(s);
        ModelConfig c = TinyTraining.config(data, 32, 2, 4, 16, 1);
        Weights parent = TinyTraining.train(Weights.init(c), data, 300, 16, 3e-3, 7);
        int[] test = data.testPositions();
        double parentMse = TinyTraining.mse(parent, data, test);
        Calibration cal = Calibration.fromTrain(data, Calibration.DEFAULT_WINDOWS);
        for (int g : new int[] {2, 1}) {
            Weights mean = Converter.convert(parent, g, ConversionMethods.MEAN, null, 0).weights();
            double meanMse = TinyTraining.mse(mean, data, test);
            double meanDist = org.gqa4j.core.model.ModelFixtures.forecastDistance(parent, mean, data, test);
            for (String method : new String[] {ConversionMethods.ALIGNED, ConversionMethods.REGROUP_ALIGNED}) {
                Weights w = Converter.convert(parent, g, method, cal, 0).weights();
                double mse = TinyTraining.mse(w, data, test);
                double dist = org.gqa4j.core.model.ModelFixtures.forecastDistance(parent, w, data, test);
                String figures = String.format(Locale.ROOT, "G=%d: parent test MSE %.5f, mean %.5f (distance %.5f), %s %.5f"
                        + " (distance %.5f)", g, parentMse, meanMse, meanDist, method, mse, dist);
                System.out.println(figures);
                assertTrue(mse < meanMse, figures);
                assertTrue(dist < 0.5 * meanDist, figures);
            }
        }
    }
}
