package org.gqa4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.gqa4j.core.config.Channels;
import org.gqa4j.core.config.InstanceNorm;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.config.SeriesInput;
import org.gqa4j.core.config.TrainingRecipe;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.engine.FastForward;
import org.gqa4j.core.model.WindowForecaster;
import org.junit.jupiter.api.Test;

/**
 * Why instance normalization exists: on a drifting random walk (plus a seasonal wave, so there
 * is something to learn beyond the last value) whose level in the test split lies far above
 * anything the training split saw, a small model with causal instance norm beats repeating the
 * last value, and the same model without it does not (its inputs are out of distribution).
 * Seeded; two series (independent channels), patches of 4 bars.
 */
class InstanceNormLevelShiftTest {

    private static final int BARS = 1600, CONTEXT = 24, HORIZON = 4, PERIOD = 12;

    static PriceSeries drifting(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long[] times = new long[BARS];
        double[][] v = new double[BARS][2];
        double[] level = {0, 5};
        for (int t = 0; t < BARS; t++) {
            times[t] = 1_600_000_000_000L + 3_600_000L * t;
            for (int j = 0; j < 2; j++) {
                level[j] += 0.02 + 0.05 * (rng.nextDouble() - 0.5);
                v[t][j] = level[j] + Math.sin(2 * Math.PI * (t + 3 * j) / PERIOD);
            }
        }
        return PriceSeries.ofColumns("drift", "memory", times, List.of("a", "b"), v);
    }

    @Test
    void instanceNormBeatsTheLastValueOnALevelOutsideTheTrainingRange() {
        PriceSeries s = drifting(5);
        PreparedData d = DataPrep.fit(s, List.of("a", "b"), HORIZON, CONTEXT).apply(s);
        int[] test = d.testPositions();
        double trainMax = Double.NEGATIVE_INFINITY, testMin = Double.POSITIVE_INFINITY;
        for (int t : d.trainPositions()) trainMax = Math.max(trainMax, d.features()[t][0]);
        for (int t : test) testMin = Math.min(testMin, d.features()[t][0]);
        assertTrue(testMin > trainMax, "the whole test split lies above the training range: " + testMin + " vs " + trainMax);

        double lastValue = lastValueMse(d, test);
        double normalized = trainedTestMse(d, InstanceNorm.CAUSAL);
        double raw = trainedTestMse(d, InstanceNorm.NONE);
        String figures = "test MSE: causal instance norm " + normalized + ", none " + raw + ", last value " + lastValue;
        assertTrue(normalized < lastValue, figures);
        assertTrue(raw > lastValue, figures);
    }

    /** The last observed value of each target repeated for every step (z-scores; one scaler per column). */
    private static double lastValueMse(PreparedData d, int[] positions) {
        double sum = 0;
        long n = 0;
        for (int t : positions) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < HORIZON; k++) {
                    double e = d.targets()[t][j * HORIZON + k] - d.features()[t][j];
                    sum += e * e;
                    n++;
                }
            }
        }
        return sum / n;
    }

    private static double trainedTestMse(PreparedData d, InstanceNorm norm) {
        ModelConfig c = new ModelConfig(d.prep().featureNames(), d.prep().targetNames(), HORIZON, 16, 1, 2, 2, 32, CONTEXT,
                0.0, 0.0, 3).withArch(org.gqa4j.core.config.Architecture.V1.withNorm(org.gqa4j.core.config.Norm.LAYERNORM, 1e-5))
                .withSeries(new SeriesInput(4, Channels.INDEPENDENT, norm, 0.01));
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(300).withBatchSize(16).withLearningRate(3e-3)
                .withWarmup(20, 0.1).withEvaluation(100, 128, 0);
        TrainResult result = new Trainer(r).engine(EngineKind.VECTOR, 2).trainNew(c, d, "drift", null);
        return new WindowForecaster(new FastForward(result.bestWeights())).mse(d, d.testPositions());
    }
}
