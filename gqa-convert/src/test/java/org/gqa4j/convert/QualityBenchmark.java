package org.gqa4j.convert;

import java.util.Locale;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SyntheticMarket;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Conversion quality on a trained model, every method and group count: the figures quoted in
 * the package documentation. Runs only with {@code -Dbench=true} (about a minute on 2 cores).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class QualityBenchmark {

    @Test
    void table() {
        int bars = Integer.getInteger("bench.bars", 20_000);
        int steps = Integer.getInteger("bench.steps", 600);
        int dModel = Integer.getInteger("bench.d", 64);
        int heads = Integer.getInteger("bench.heads", 8);
        int layers = Integer.getInteger("bench.layers", 2);
        int context = Integer.getInteger("bench.context", 32);
        int batch = Integer.getInteger("bench.batch", 32);
        boolean sequential = !"false".equals(System.getProperty("bench.sequential"));
        long seed = Long.getLong("bench.seed", 1);
        PriceSeries s = SyntheticMarket.generate(SyntheticMarket.DEFAULT_SEED, bars);
        DataPrep prep = DataPrep.fit(s, null, 1, context);
        PreparedData data = prep.apply(s);
        ModelConfig c = TinyTraining.config(data, dModel, layers, heads, context, seed);
        long t0 = System.nanoTime();
        Weights w = TinyTraining.train(Weights.init(c), data, steps, batch, Double.parseDouble(System.getProperty("bench.lr", "3e-3")), 7);
        long t1 = System.nanoTime();
        int[] test = data.testPositions();
        Calibration cal = Calibration.fromTrain(data, Calibration.DEFAULT_WINDOWS);
        double parent = TinyTraining.mse(w, data, test);
        System.out.printf(Locale.ROOT, "trained %d steps in %.1f s; parent test MSE %.5f (%d positions)%n",
                steps, (t1 - t0) / 1e9, parent, test.length);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s", "method"));
        for (int g = heads / 2; g >= 1; g /= 2) header.append(String.format(Locale.ROOT, "  G=%-17d", g));
        System.out.println(header + "   (test MSE excess over the parent | MSE to the parent's forecasts, x1e-3)");
        for (String method : ConversionMethods.names()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s", method));
            long m0 = System.nanoTime();
            for (int g = heads / 2; g >= 1; g /= 2) {
                Weights conv = Converter.convert(w, g, method, cal, 3, msg -> {}, sequential).weights();
                row.append(String.format(Locale.ROOT, "  %+8.3f |%7.3f ", 1e3 * (TinyTraining.mse(conv, data, test) - parent),
                        1e3 * TinyTraining.distance(w, conv, data, test)));
            }
            row.append(String.format(Locale.ROOT, " %.1f s", (System.nanoTime() - m0) / 1e9));
            System.out.println(row);
        }
    }
}
