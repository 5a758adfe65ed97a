package org.gqa4j.eval.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SyntheticMarket;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.WindowForecaster;
import org.junit.jupiter.api.Test;

class BarForecastsTest {

    private final PriceSeries series = SyntheticMarket.generate(3, 400);
    private final DataPrep prep = DataPrep.fit(series, null, 2, 16);
    private final ModelConfig c = new ModelConfig(prep.featureNames(), prep.targetNames(), 2, 16, 2, 4, 2, 32, 16, 0, 0, 1);
    private final Weights w = ModelFixtures.randomWeights(c, 9);

    /** Every bar with a full window, in raw units, equal to the SameDiff graph's normalized forecasts de-normalized. */
    @Test
    void everyFullWindowIsForecastInRawUnits() {
        BarForecasts.Result r = BarForecasts.forecast(w, prep, series);
        int first = 16; // bar 0 has no return; bars 1..16 form the first window
        assertEquals(series.size() - first, r.times().length);
        assertEquals(series.times()[first], r.times()[0]);
        assertEquals(series.times()[series.size() - 1], r.times()[r.times().length - 1]);
        assertEquals(List.of("return+1", "return+2", "abs_return+1", "abs_return+2"), r.columns());

        PreparedData pd = prep.apply(series);
        int[] positions = {first, 100, series.size() - 1};
        float[][] z = new WindowForecaster(w).forecast(pd, positions);
        double[] std = prep.targetStd();
        for (int i = 0; i < positions.length; i++) {
            double[] got = r.values()[positions[i] - first];
            for (int k = 0; k < c.nOutputs(); k++) {
                double want = prep.targetMean()[k / 2] + std[k / 2] * z[i][k];
                assertEquals(want, got[k], 1e-4 * std[k / 2], "bar " + positions[i] + " output " + k);
            }
        }
    }

    @Test
    void aSeriesShorterThanOneWindowIsAnInputError() {
        PriceSeries tiny = SyntheticMarket.generate(3, 16);
        InputException e = assertThrows(InputException.class, () -> BarForecasts.forecast(w, prep, tiny));
        assertTrue(e.getMessage().contains("16 bars") && e.getMessage().contains("full window of 16"), e.getMessage());
    }
}
