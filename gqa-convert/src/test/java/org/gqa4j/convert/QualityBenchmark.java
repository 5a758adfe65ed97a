package org.gqa4j.convert;

import java.util.List;
import java.util.Locale;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SyntheticMarket;
import org.gqa4j.core.model.Weights;
import org.gqa4j.train.Trainer;
import org.gqa4j.core.config.TrainingRecipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Conversion quality on a trained model, every method and group count, before and after
 * uptraining: the figures quoted in the package documentation. The parent is trained with the
 * project's trainer and default recipe on the synthetic market; uptraining runs as
 * {@link Uptraining} does for 5 % of its steps, averaged over a few seeds, with the parent
 * itself uptrained the same way as the control.
 *
 * <p>Runs only with {@code -Dbench=true} (a few minutes on 2 cores); sizes via
 * {@code -Dbench.d, .heads, .layers, .context, .steps, .bars, .lr, .upseeds}.
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
        int upSeeds = Integer.getInteger("bench.upseeds", 3);
        boolean sequential = !"false".equals(System.getProperty("bench.sequential"));
        TrainingRecipe recipe = TrainingRecipe.defaults().withSteps(steps)
                .withLearningRate(Double.parseDouble(System.getProperty("bench.lr", "1e-3")));
        PriceSeries s = SyntheticMarket.generate(SyntheticMarket.DEFAULT_SEED, bars);
        PreparedData data = DataPrep.fit(s, null, 1, context).apply(s);
        ModelConfig c = TinyTraining.config(data, dModel, layers, heads, context, 1);
        long t0 = System.nanoTime();
        Weights w = new Trainer(recipe).train(Weights.init(c), data, "synthetic", null).bestWeights();
        int[] test = data.testPositions();
        Calibration cal = Calibration.fromTrain(data, Calibration.DEFAULT_WINDOWS);
        double parent = TinyTraining.mse(w, data, test);
        System.out.printf(Locale.ROOT, "parent: d_model %d, %d layers, %d heads, context %d, %d steps in %.1f s;"
                + " test MSE %.5f over %d positions%n", dModel, layers, heads, context, steps, (System.nanoTime() - t0) / 1e9,
                parent, test.length);
        String header = header(heads);
        System.out.println("before uptraining" + " ".repeat(Math.max(0, header.length() - 17)));
        System.out.println(header + "   (test MSE minus the parent's | MSE to the parent's forecasts; x1e-3)");
        for (String method : ConversionMethods.names()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s", method));
            long m0 = System.nanoTime();
            for (int g = heads / 2; g >= 1; g /= 2) {
                Weights conv = Converter.convert(w, g, method, cal, 3, msg -> {}, sequential).weights();
                row.append(cell(w, conv, data, test, parent));
            }
            row.append(String.format(Locale.ROOT, " convert %.1f s", (System.nanoTime() - m0) / 1e9));
            System.out.println(row);
        }
        long budget = Math.max(1, Math.round(0.05 * steps));
        // -Dbench.uppeak=true: re-warm to the parent's peak learning rate instead of continuing at its final one
        TrainingRecipe upRecipe = Boolean.getBoolean("bench.uppeak") ? recipe.forBudget(budget)
                : Uptraining.recipe(recipe, budget, 0);
        System.out.println("after uptraining " + budget + " steps at peak learning rate " + upRecipe.learningRate()
                + " (mean of " + upSeeds + " seeds)");
        System.out.println(header);
        List<String> rows = List.of("parent (control)", ConversionMethods.MEAN, ConversionMethods.ALIGNED,
                ConversionMethods.REGROUP_MEAN, ConversionMethods.REGROUP_ALIGNED);
        for (String method : rows) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s", method));
            for (int g = heads / 2; g >= 1; g /= 2) {
                Weights conv = method.startsWith("parent") ? w : Converter.convert(w, g, method, cal, 3).weights();
                double excess = 0, dist = 0;
                for (int seed = 0; seed < upSeeds; seed++) {
                    Weights up = new Trainer(upRecipe.withSeed(100 + seed))
                            .train(conv, data, "synthetic", null).bestWeights();
                    excess += TinyTraining.mse(up, data, test) - parent;
                    dist += org.gqa4j.core.model.ModelFixtures.forecastDistance(w, up, data, test);
                }
                row.append(String.format(Locale.ROOT, "  %+8.3f |%7.3f ", 1e3 * excess / upSeeds, 1e3 * dist / upSeeds));
            }
            System.out.println(row);
        }
    }

    private static String header(int heads) {
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-16s", "method"));
        for (int g = heads / 2; g >= 1; g /= 2) h.append(String.format(Locale.ROOT, "  G=%-17d", g));
        return h.toString();
    }

    private static String cell(Weights parent, Weights w, PreparedData data, int[] test, double parentMse) {
        return String.format(Locale.ROOT, "  %+8.3f |%7.3f ", 1e3 * (TinyTraining.mse(w, data, test) - parentMse),
                1e3 * org.gqa4j.core.model.ModelFixtures.forecastDistance(parent, w, data, test));
    }
}
