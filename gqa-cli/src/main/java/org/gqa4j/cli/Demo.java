package org.gqa4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.gqa4j.convert.ConversionJob;
import org.gqa4j.convert.ConversionMethods;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.Sweeps;
import org.gqa4j.eval.suite.Evaluator;
import org.gqa4j.eval.suite.TestLoss;
import org.gqa4j.train.ProgressListener;
import org.gqa4j.train.TrainResult;
import org.gqa4j.train.Trainer;
import org.gqa4j.core.config.TrainingRecipe;

/**
 * The main job (SPEC 10): train an MHA model on real BTC 1-minute bars, convert it to GQA-4,
 * GQA-2 and MQA by mean pooling and by the data-aware method, uptrain each for 5 % of the
 * original steps, evaluate everything against the parent and the naive baselines, and sweep
 * quality against the number of KV heads and the uptraining fraction over several seeds.
 *
 * <p>Layout of {@code out}: {@code mha/} (the parent run), {@code gqa{G}-{method}/} (the
 * converted models), {@code sweeps/} (the sweep checkpoints), {@code report/} (report.json,
 * report.md, report.html).
 */
final class Demo {

    /** Sizes of the run; {@link #standard()} is the main job, tests use a tiny one. */
    record Settings(String dataset, int layers, int dModel, int heads, int context, double dropout, long steps,
                    int batch, double learningRate, int[] kvHeads, List<String> methods, double alpha, double[] sweepFractions, int sweepKvHeads,
                    long[] seeds, int[] latencyContexts, int decisions) {

        static Settings standard() {
            // dropout 0.1 and lr 5e-4: on these 6,700 training bars the parent otherwise overfits within
            // 200 steps (validation loss 0.929 against 0.917, measured)
            return new Settings(Datasets.BTC, 2, 64, 8, 64, 0.1, 2000, 32, 5e-4, new int[] {4, 2, 1},
                    List.of(ConversionMethods.MEAN, ConversionMethods.RECOMMENDED), 0.05,
                    new double[] {0, 0.01, 0.05, 0.10}, 2, new long[] {1, 2, 3}, new int[] {256, 1024, 4096}, 300);
        }
    }

    private final Settings s;
    private final Path out;
    private final Consumer<String> say;
    private final ProgressListener training;

    Demo(Settings settings, Path out, Consumer<String> say, ProgressListener training) {
        this.s = settings;
        this.out = out;
        this.say = say;
        this.training = training;
    }

    /** Runs everything; returns the report (also written to {@code out/report}). */
    Report run() throws IOException {
        long t0 = System.nanoTime();
        prepareOut();
        PriceSeries series = Datasets.load(s.dataset(), Format.AUTO);
        List<String> targets = List.of("return", "abs_return");
        DataPrep prep = DataPrep.fit(series, targets, 1, s.context());
        PreparedData data = prep.apply(series);
        say.accept(String.format(Locale.ROOT, "[1/4] training MHA (%d heads, %d layers, d_model %d, context %d) on %s: "
                        + "%d bars, %d train / %d val / %d test positions, %d steps",
                s.heads(), s.layers(), s.dModel(), s.context(), s.dataset(), series.size(), data.trainPositions().length,
                data.valPositions().length, data.testPositions().length, s.steps()));
        ModelConfig config = new ModelConfig(prep.featureNames(), prep.targetNames(), 1, s.dModel(), s.layers(), s.heads(),
                s.heads(), 4 * s.dModel(), s.context(), s.dropout(), 0.0, s.seeds()[0]);
        TrainingRecipe recipe = TrainingRecipe.defaults().withSteps(s.steps()).withBatchSize(s.batch())
                .withLearningRate(s.learningRate())
                .withSeed(s.seeds()[0]).withCheckpointEvery(Math.max(1, s.steps() / 4));
        Path mha = out.resolve("mha");
        TrainResult parent = new Trainer(recipe).listener(training).trainNew(config, data, s.dataset(), mha);
        say.accept(String.format(Locale.ROOT, "      MHA: best validation loss %.5f at step %d (%s)", parent.bestValLoss(),
                parent.bestStep(), elapsed(t0)));

        long parentSteps = CheckpointIO.read(mha).provenance().steps();
        say.accept("[2/4] converting to " + kvList() + " KV heads with " + String.join(" and ", s.methods())
                + ", uptraining each for " + pct(s.alpha()) + " of the " + parentSteps + " steps behind the best MHA weights");
        List<Path> models = new ArrayList<>(List.of(mha));
        for (int g : s.kvHeads()) {
            for (String method : s.methods()) {
                Path dst = mainModel(g, method);
                var r = ConversionJob.run(mha, g, method, s.alpha(), s.dataset(), dst, s.seeds()[0], line -> {},
                        ProgressListener.NONE);
                models.add(dst);
                say.accept(String.format(Locale.ROOT, "      %-22s uptrained %d steps, validation loss %.5f (%s)",
                        dst.getFileName(), r.uptrainSteps(), r.valLoss(), elapsed(t0)));
            }
        }

        say.accept("[3/4] sweeps: quality against KV heads and against the uptraining fraction "
                + fractions() + ", seeds " + java.util.Arrays.toString(s.seeds()));
        Sweeps sweeps = sweeps(mha, data, t0);

        say.accept("[4/4] evaluating " + models.size() + " models on the test split (quality, memory, latency)");
        var options = new Evaluator.Options(s.dataset(), Format.AUTO, 4, 1.0, true, s.latencyContexts(), s.decisions());
        Report report = new Evaluator(options, line -> {}).evaluate(models, sweeps);
        org.gqa4j.eval.report.ReportWriter.write(out.resolve("report"), report);
        say.accept("done in " + elapsed(t0));
        return report;
    }

    /** Test MSE over seeds: (a) against KV heads at the standard alpha, (b) against alpha at one KV-head count. */
    private Sweeps sweeps(Path mha, PreparedData data, long t0) {
        double parentMse = TestLoss.mse(CheckpointIO.read(mha).weights(), data);
        List<Sweeps.Point> byKv = new ArrayList<>();
        List<Sweeps.Point> byAlpha = new ArrayList<>();
        for (String method : s.methods()) {
            byKv.add(Sweeps.Point.of(method, s.heads(), parentMse));
            Map<Double, double[]> alphaValues = new LinkedHashMap<>();
            for (int g : s.kvHeads()) {
                double[] atAlpha = new double[s.seeds().length];
                for (int i = 0; i < s.seeds().length; i++) {
                    atAlpha[i] = convertedMse(mha, data, g, method, s.alpha(), s.seeds()[i]);
                }
                byKv.add(Sweeps.Point.of(method, g, atAlpha));
                if (g == s.sweepKvHeads()) alphaValues.put(s.alpha(), atAlpha);
            }
            for (double alpha : s.sweepFractions()) {
                double[] v = alphaValues.get(alpha);
                if (v == null) {
                    v = new double[s.seeds().length];
                    for (int i = 0; i < s.seeds().length; i++) v[i] = convertedMse(mha, data, s.sweepKvHeads(), method, alpha, s.seeds()[i]);
                }
                byAlpha.add(Sweeps.Point.of(method + " GQA-" + s.sweepKvHeads(), alpha, v));
            }
            say.accept("      " + method + " sweeps done (" + elapsed(t0) + ")");
        }
        return new Sweeps(new Sweeps.Sweep("mse", "n_kv_heads", byKv), new Sweeps.Sweep("mse", "uptrain_fraction", byAlpha));
    }

    /** Where step 2 writes the converted model of this KV-head count and method. */
    private Path mainModel(int g, String method) {
        return out.resolve("gqa" + g + "-" + method);
    }

    /**
     * Test MSE of one sweep point. The point with the first seed at the standard alpha is a
     * model step 2 already made (conversion and uptraining are deterministic), so it is reused.
     */
    private double convertedMse(Path mha, PreparedData data, int g, String method, double alpha, long seed) {
        Path dst = mainModel(g, method);
        boolean made = seed == s.seeds()[0] && alpha == s.alpha() && CheckpointIO.isCheckpoint(dst);
        if (!made) {
            dst = out.resolve("sweeps").resolve(String.format(Locale.ROOT, "gqa%d-%s-a%.2f-s%d", g, method, alpha, seed));
            ConversionJob.run(mha, g, method, alpha, s.dataset(), dst, seed, line -> {}, ProgressListener.NONE);
        }
        return TestLoss.mse(CheckpointIO.read(dst).weights(), data);
    }

    private void prepareOut() throws IOException {
        if (Files.exists(out)) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new org.gqa4j.core.InputException(out + ": exists and is not empty; choose another --out");
                }
            }
        }
        Files.createDirectories(out);
    }

    private String kvList() {
        StringBuilder b = new StringBuilder();
        for (int g : s.kvHeads()) b.append(b.length() == 0 ? "" : "/").append(g);
        return b.toString();
    }

    private String fractions() {
        StringBuilder b = new StringBuilder();
        for (double f : s.sweepFractions()) b.append(b.length() == 0 ? "" : ", ").append(pct(f));
        return b.toString();
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.0f%%", f * 100);
    }

    private static String elapsed(long t0) {
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d elapsed", s / 60, s % 60);
    }
}
