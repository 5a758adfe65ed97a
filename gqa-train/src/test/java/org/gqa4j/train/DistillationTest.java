package org.gqa4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.Channels;
import org.gqa4j.core.config.InstanceNorm;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.config.Norm;
import org.gqa4j.core.config.SeriesInput;
import org.gqa4j.core.config.TrainingRecipe;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.ModelFixtures;
import org.junit.jupiter.api.Test;

/** Distillation targets: the blend at each position's last bar, and a trainer that follows its teacher. */
class DistillationTest {

    @Test
    void blendsTheTeacherIntoTheBarsTheLossReadsAndLeavesTheOthers() {
        // 2 windows of 4 bars, 3 outputs, patches of 2 bars: positions end at bars 1 and 3
        int batch = 2, bars = 4, outs = 3, positions = 2;
        float[] y = new float[batch * bars * outs];
        for (int i = 0; i < y.length; i++) y[i] = i;
        float[] teacher = new float[batch * positions * outs];
        for (int i = 0; i < teacher.length; i++) teacher[i] = 100 + i;
        float[] blended = y.clone();
        Distillation.blend(blended, teacher, batch, bars, outs, 0.25);
        for (int b = 0; b < batch; b++) {
            for (int bar = 0; bar < bars; bar++) {
                for (int k = 0; k < outs; k++) {
                    int at = (b * bars + bar) * outs + k;
                    float expected = bar % 2 == 1
                            ? 0.75f * y[at] + 0.25f * teacher[(b * positions + bar / 2) * outs + k] : y[at];
                    assertEquals(expected, blended[at], 0f, "window " + b + " bar " + bar + " output " + k);
                }
            }
        }
        // hand-computed: window 1, bar 3 (its second position), output 2
        assertEquals(0.75f * 23 + 0.25f * (100 + 11), blended[23], 0f);
        float[] whole = y.clone();
        Distillation.blend(whole, teacher, batch, bars, outs, 1.0);
        assertEquals(100 + 3 * 0 + 0, whole[3], 0f); // window 0, bar 1 = the teacher's position 0
        assertThrows(IllegalArgumentException.class, () -> Distillation.blend(y.clone(), new float[7], batch, bars, outs, 1));
    }

    @Test
    void weightZeroIsTrainingOnTheDataBitForBit() {
        PreparedData d = data();
        TrainingRecipe r = recipe();
        Weights student = Weights.init(config(d, 3));
        TrainResult plain = new Trainer(r).engine(EngineKind.VECTOR, 1).train(student, d, "drift", null);
        TrainResult zero = new Trainer(r).engine(EngineKind.VECTOR, 1).teacher(Weights.init(config(d, 7)), 0)
                .train(student, d, "drift", null);
        assertEquals(0.0, TrainerTest.maxAbsDiff(plain.lastWeights(), zero.lastWeights()), 0.0);
        assertTrue(TrainerTest.maxAbsDiff(student, plain.lastWeights()) > 0, "the run trained");
    }

    @Test
    void theStudentMovesTowardsItsTeacher() {
        PreparedData d = data();
        TrainingRecipe r = recipe();
        Weights teacher = Weights.init(config(d, 7)); // another function than the data's: the pull is visible
        Weights student = Weights.init(config(d, 3));
        double before = distance(student, teacher, d);
        double onData = distance(new Trainer(r).engine(EngineKind.VECTOR, 1).train(student, d, "drift", null).lastWeights(), teacher, d);
        double distilled = distance(new Trainer(r).engine(EngineKind.VECTOR, 1).teacher(teacher, 1.0)
                .train(student, d, "drift", null).lastWeights(), teacher, d);
        String figures = "mean squared distance to the teacher's validation forecasts: before " + before
                + ", trained on the data " + onData + ", distilled " + distilled;
        assertTrue(distilled < 0.5 * before, figures);
        assertTrue(distilled < 0.5 * onData, figures);
    }

    @Test
    void refusesATeacherThatForecastsOtherBarsAndAWeightOutsideZeroToOne() {
        PreparedData d = data();
        ModelConfig other = config(d, 7).withSeries(new SeriesInput(2, Channels.INDEPENDENT, InstanceNorm.CAUSAL, 0.01));
        Trainer t = new Trainer(recipe()).teacher(Weights.init(other), 1);
        InputException e = assertThrows(InputException.class, () -> t.train(Weights.init(config(d, 3)), d, "drift", null));
        assertTrue(e.getMessage().contains("patch 2 vs 4"), e.getMessage());
        assertThrows(InputException.class, () -> new Trainer(recipe()).teacher(Weights.init(other), 1.5));
        assertThrows(IllegalStateException.class, () -> new Trainer(null).teacher(Weights.init(other), 1)
                .resume(java.nio.file.Path.of("unused"), d));
    }

    private static PreparedData data() {
        PriceSeries s = InstanceNormLevelShiftTest.drifting(5);
        return DataPrep.fit(s, List.of("a", "b"), 4, 24).apply(s);
    }

    /** Patches of 4 bars, independent channels, causal instance norm: the long-horizon layout in small. */
    private static ModelConfig config(PreparedData d, long seed) {
        return new ModelConfig(d.prep().featureNames(), d.prep().targetNames(), 4, 16, 1, 2, 2, 32, 24, 0.0, 0.0, seed)
                .withArch(Architecture.V1.withNorm(Norm.LAYERNORM, 1e-5))
                .withSeries(new SeriesInput(4, Channels.INDEPENDENT, InstanceNorm.CAUSAL, 0.01));
    }

    private static TrainingRecipe recipe() {
        return TrainingRecipe.defaults().withSteps(60).withBatchSize(8).withLearningRate(3e-3).withWarmup(5, 0.1)
                .withEvaluation(30, 64, 0);
    }

    private static double distance(Weights a, Weights b, PreparedData d) {
        return ModelFixtures.forecastDistance(a, b, d, d.valPositions());
    }
}
