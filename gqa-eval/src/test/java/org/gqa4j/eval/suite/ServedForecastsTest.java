package org.gqa4j.eval.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.Channels;
import org.gqa4j.core.config.InstanceNorm;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.config.Norm;
import org.gqa4j.core.config.SeriesInput;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.reference.ReferenceModel;
import org.gqa4j.eval.metrics.ForecastSet;
import org.junit.jupiter.api.Test;

/**
 * A patched model is served at every test bar: bar t ends a patch of the stream that started at
 * bar (t + 1) mod P, and its forecast there is the reference sliding-window model on that
 * stream's bars (1e-4).
 */
class ServedForecastsTest {

    @Test
    void everyTestBarIsServedByTheStreamWhosePatchItEnds() {
        int bars = 300, context = 8, patch = 4;
        SplittableRandom rng = new SplittableRandom(3);
        long[] times = new long[bars];
        double[][] v = new double[bars][2];
        double a = 0, b = 0;
        for (int t = 0; t < bars; t++) {
            times[t] = 1_600_000_000_000L + 60_000L * t;
            a += rng.nextDouble(-1, 1);
            b += rng.nextDouble(-1, 1);
            v[t] = new double[] {a, b};
        }
        PriceSeries s = PriceSeries.ofColumns("walk", "memory", times, List.of("a", "b"), v);
        PreparedData data = DataPrep.fit(s, List.of("a", "b"), 2, context).apply(s);
        ModelConfig c = new ModelConfig(data.prep().featureNames(), data.prep().targetNames(), 2, 16, 2, 4, 2, 32, context,
                0.0, 0.0, 1).withArch(Architecture.V1.withNorm(Norm.LAYERNORM, 1e-5))
                .withSeries(new SeriesInput(patch, Channels.INDEPENDENT, InstanceNorm.CAUSAL, 0.01));
        Weights w = ModelFixtures.randomWeights(c, 5);
        ForecastSet fixed = TestForecasts.of(w, data);
        ServedForecasts served = ServedForecasts.of(w, data, fixed);
        ReferenceModel ref = new ReferenceModel(w);
        int[] test = data.testPositions();
        assertEquals(test.length, served.rows().length, "every test position is served");
        double[][] features = new double[bars][];
        for (int t = 0; t < bars; t++) features[t] = new double[] {data.features()[t][0], data.features()[t][1]};
        for (int i : new int[] {0, 1, 2, 3, test.length / 2, test.length - 1}) {
            int t = test[i], first = (t + 1) % patch;
            double[][] stream = ref.forward(Arrays.copyOfRange(features, first, t + 1), c.positions());
            double[] expected = stream[stream.length - 1];
            for (int o = 0; o < c.nOutputs(); o++) {
                assertEquals(expected[o], served.set().pred(i, o), 1e-4, "test bar " + t + ", output " + o);
            }
        }
    }
}
