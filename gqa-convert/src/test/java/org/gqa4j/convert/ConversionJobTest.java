package org.gqa4j.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.train.ProgressListener;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.config.TrainingRecipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversionJobTest {

    private static final int CONTEXT = 16;

    @TempDir
    Path dir;

    /** A parent checkpoint on the built-in synthetic data, as if trained for 200 steps with the default recipe. */
    private Path parent(String dataset, long steps) throws IOException {
        return parent(dataset, steps, 0);
    }

    /** The same, its recipe asking converted models to distill with {@code distill}. */
    private Path parent(String dataset, long steps, double distill) throws IOException {
        PriceSeries s = Datasets.builtIn(Datasets.SYNTHETIC);
        DataPrep prep = DataPrep.fit(s, null, 1, CONTEXT);
        ModelConfig c = new ModelConfig(prep.featureNames(), prep.targetNames(), 1, 16, 2, 4, 4, 32, CONTEXT,
                0.0, 0.0, 3);
        Weights w = ModelFixtures.randomWeights(c, 5);
        TrainingRecipe recipe = TrainingRecipe.defaults().withSteps(Math.max(1, steps)).withBatchSize(8).withUptrainDistill(distill);
        Provenance p = new Provenance("2024-01-01T00:00:00Z", "test", dataset, s.fingerprint(), steps, 1, recipe,
                null, null, null);
        Path from = dir.resolve("parent");
        CheckpointIO.write(from, new Checkpoint(w, prep, p, null, null));
        return from;
    }

    @Test
    void convertsAndRecordsProvenanceWithoutUptraining() throws IOException {
        Path from = parent(Datasets.SYNTHETIC, 200);
        Path out = dir.resolve("gqa2");
        List<String> lines = new ArrayList<>();
        ConversionJob.Result r = ConversionJob.run(from, 2, "mean", 0, null, out, 1, lines::add);
        Checkpoint ck = CheckpointIO.read(out);
        assertEquals(2, ck.config().nKvHeads());
        Provenance.Conversion conv = ck.provenance().conversion();
        assertEquals("mean", conv.method());
        assertEquals(4, conv.fromKvHeads());
        assertEquals(List.of(List.of(0, 1), List.of(2, 3)), conv.groupMap().get(0));
        assertEquals(0, conv.uptrainSteps());
        assertEquals(CheckpointIO.hash(from), ck.provenance().parent().sha256());
        assertEquals(4, ck.provenance().parent().nKvHeads());
        assertEquals(200, ck.provenance().parent().provenance().steps());
        assertEquals(200, ck.provenance().steps());
        assertEquals(CheckpointIO.read(from).dataPrep(), ck.dataPrep());
        assertEquals(0, r.uptrainSteps());
        assertFalse(lines.isEmpty());
    }

    /** Keeping every KV head is the identity; the default uptraining is skipped so the weights stay bit-exact. */
    @Test
    void sameKvHeadsIsTheIdentityEvenWithUptrainingRequested() throws IOException {
        Path from = parent(Datasets.SYNTHETIC, 200);
        Path out = dir.resolve("same");
        List<String> lines = new ArrayList<>();
        ConversionJob.Result r = ConversionJob.run(from, 4, "mean", Uptraining.DEFAULT_ALPHA, null, out, 1, lines::add);
        assertEquals(0, r.uptrainSteps());
        Weights before = CheckpointIO.read(from).weights();
        Weights after = CheckpointIO.read(out).weights();
        for (var e : before.asMap().entrySet()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(e.getValue(), after.get(e.getKey()), 0f, e.getKey());
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("identity")), lines.toString());
    }

    /** Data-aware conversion with the parent's data (from its provenance) and alpha x steps of uptraining. */
    @Test
    void dataAwareConversionThenUptraining() throws IOException {
        Path from = parent(Datasets.SYNTHETIC, 200);
        Path out = dir.resolve("mqa");
        ConversionJob.Result r = ConversionJob.run(from, 1, ConversionMethods.RECOMMENDED, 0.05, null, out, 7, msg -> {});
        Checkpoint ck = CheckpointIO.read(out);
        assertEquals(1, ck.config().nKvHeads());
        Provenance.Conversion conv = ck.provenance().conversion();
        assertEquals(ConversionMethods.RECOMMENDED, conv.method());
        assertNotNull(conv.calibrationFingerprint());
        assertEquals(0.05, conv.uptrainAlpha());
        assertEquals(10, conv.uptrainSteps());
        assertEquals(10, r.uptrainSteps());
        assertTrue(Double.isFinite(r.valLoss()));
        assertTrue(ck.provenance().steps() > 200 && ck.provenance().steps() <= 210, "steps " + ck.provenance().steps());
        assertEquals(CheckpointIO.hash(from), ck.provenance().parent().sha256());
        assertEquals(Datasets.SYNTHETIC, ck.provenance().dataset());
        assertEquals(CheckpointIO.read(from).provenance().recipe(), ck.provenance().recipe());
        assertTrue(ck.weights().allFinite());
        // uptraining changed the converted weights
        Weights converted = r.conversion().weights();
        String name = converted.asMap().keySet().iterator().next();
        assertFalse(java.util.Arrays.equals(converted.get(name), ck.weights().get(name)));
    }

    /** The parent recipe's uptrain_distill is applied and recorded; --distill overrides it; out of [0, 1] it is refused. */
    @Test
    void uptrainingDistillsFromTheParentWhenItsRecipeSaysSo() throws IOException {
        Path from = parent(Datasets.SYNTHETIC, 400, 1.0);
        Path distilled = dir.resolve("distilled"), onData = dir.resolve("on-data");
        List<String> lines = new java.util.ArrayList<>();
        ConversionJob.run(from, 1, "mean", 0.05, null, null, distilled, 7, lines::add, ProgressListener.NONE);
        ConversionJob.run(from, 1, "mean", 0.05, null, 0.0, null, onData, 7, m -> {}, ProgressListener.NONE);
        assertEquals(1.0, CheckpointIO.read(distilled).provenance().conversion().uptrainDistill());
        assertEquals(0.0, CheckpointIO.read(onData).provenance().conversion().uptrainDistill());
        assertFalse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(onData.resolve("provenance.json").toFile())
                .get("conversion").has("uptrain_distill"), "0 is left out of the conversion record, as before it existed");
        assertTrue(lines.stream().anyMatch(l -> l.contains("distilled from the parent's forecasts (weight 1.0)")), String.join("\n", lines));
        // the distilled model forecasts closer to its parent than the one uptrained on the data
        Checkpoint parent = CheckpointIO.read(from);
        PreparedData d = parent.dataPrep().apply(Datasets.builtIn(Datasets.SYNTHETIC));
        double toParentDistilled = ModelFixtures.forecastDistance(CheckpointIO.read(distilled).weights(), parent.weights(), d, d.valPositions());
        double toParentOnData = ModelFixtures.forecastDistance(CheckpointIO.read(onData).weights(), parent.weights(), d, d.valPositions());
        assertTrue(toParentDistilled < toParentOnData, "distance to the parent's forecasts: distilled " + toParentDistilled
                + ", on the data " + toParentOnData);
        InputException bad = assertThrows(InputException.class, () -> ConversionJob.run(from, 1, "mean", 0.05, null, 1.5, null,
                dir.resolve("bad"), 7, m -> {}, ProgressListener.NONE));
        assertTrue(bad.getMessage().contains("--distill 1.5: must be in [0, 1]"), bad.getMessage());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    @Test
    void badRequestsFailBeforeAnyOutput() throws IOException {
        Path from = parent(null, 200);
        Path out = dir.resolve("out");
        List<Executable> bad = List.of(
                () -> ConversionJob.run(from, 3, "mean", 0, null, out, 0, m -> {}),
                () -> ConversionJob.run(from, 8, "mean", 0, null, out, 0, m -> {}),
                () -> ConversionJob.run(from, 0, "mean", 0, null, out, 0, m -> {}),
                () -> ConversionJob.run(from, 2, "nope", 0, null, out, 0, m -> {}),
                () -> ConversionJob.run(from, 2, "aligned", 0, null, out, 0, m -> {}),   // no data anywhere
                () -> ConversionJob.run(from, 2, "mean", 0.05, null, out, 0, m -> {}),   // uptraining without data
                () -> ConversionJob.run(from, 2, "mean", -1, null, out, 0, m -> {}),
                () -> ConversionJob.run(from, 2, "mean", Double.NaN, null, out, 0, m -> {}),
                () -> ConversionJob.run(from, 2, "mean", 0, "no-such-file.csv", out, 0, m -> {}),
                () -> ConversionJob.run(dir.resolve("missing"), 2, "mean", 0, null, out, 0, m -> {}),
                () -> ConversionJob.run(from, 2, "mean", 0, null, from, 0, m -> {}));
        for (Executable e : bad) {
            InputException ex = assertThrows(InputException.class, e::run);
            assertFalse(ex.getMessage().isBlank());
            assertFalse(Files.exists(out), "no output after: " + ex.getMessage());
        }
        try (var s = Files.list(dir)) {
            assertEquals(List.of(from), s.toList(), "no temporary directory left behind either");
        }
        Files.createDirectories(out.resolve("something"));
        InputException notEmpty = assertThrows(InputException.class, () -> ConversionJob.run(from, 2, "mean", 0, null, out, 0, m -> {}));
        assertTrue(notEmpty.getMessage().contains("not empty"), notEmpty.getMessage());
    }

    @Test
    void uptrainingNeedsTheParentsSteps() throws IOException {
        Path from = parent(Datasets.SYNTHETIC, 0);
        InputException e = assertThrows(InputException.class,
                () -> ConversionJob.run(from, 2, "mean", 0.05, null, dir.resolve("o"), 0, m -> {}));
        assertTrue(e.getMessage().contains("no training steps"), e.getMessage());
        ConversionJob.run(from, 2, "mean", 0, null, dir.resolve("o"), 0, m -> {});
        assertNull(CheckpointIO.read(dir.resolve("o")).provenance().conversion().calibrationFingerprint());
    }

    @Test
    void uptrainingContinuesAtTheParentsFinalLearningRate() {
        TrainingRecipe parent = TrainingRecipe.defaults().withSteps(1000);
        TrainingRecipe up = Uptraining.recipe(parent, 50, 9);
        assertEquals(50, up.steps());
        assertEquals(parent.learningRate() * parent.minLrRatio(), up.learningRate(), 1e-15);
        assertEquals(parent.batchSize(), up.batchSize());
        assertEquals(9, up.seed());
        assertEquals(50, Uptraining.steps(0.05, new Provenance(null, null, null, null, 1000, 0, parent, null, null, null)));
        assertEquals(0, Uptraining.steps(0, null));
    }

    @Test
    void aPeakRecipeWarmsUpAndHoldsTheParentsPeakRate() {
        TrainingRecipe parent = TrainingRecipe.defaults().withSteps(1000).withWarmup(100, 0.1)
                .withUptrainRate(org.gqa4j.core.config.UptrainRate.PEAK);
        TrainingRecipe up = Uptraining.recipe(parent, 50, 9);
        assertEquals(parent.learningRate(), up.learningRate(), 0.0);
        assertEquals(5, up.warmupSteps()); // 100 x 50/1000
        assertEquals(1.0, up.minLrRatio(), 0.0, "held at the peak to the end");
        // an explicit rate overrides the parent's
        TrainingRecipe fin = Uptraining.recipe(parent, 50, 9, org.gqa4j.core.config.UptrainRate.FINAL);
        assertEquals(parent.learningRate() * parent.minLrRatio(), fin.learningRate(), 1e-15);
    }

    interface Executable {
        void run() throws Exception;
    }

    /** An imported model: no step count, no recipe, no dataset in its provenance, a data preparation attached. */
    private Path importedParent() throws IOException {
        PriceSeries s = Datasets.builtIn(Datasets.SYNTHETIC);
        DataPrep prep = DataPrep.fit(s, null, 1, CONTEXT);
        ModelConfig c = new ModelConfig(prep.featureNames(), prep.targetNames(), 1, 16, 2, 4, 4, 32, CONTEXT, 0.0, 0.0, 3);
        Provenance p = new Provenance("2024-01-01T00:00:00Z", "test", null, null, 0, 0, null, null, null, null,
                new Provenance.Source("llama", "/somewhere", List.of(new Provenance.SourceFile("config.json", "00"))));
        Path from = dir.resolve("imported");
        CheckpointIO.write(from, new Checkpoint(ModelFixtures.randomWeights(c, 5), prep, p, null, null));
        return from;
    }

    @Test
    void importedModelUptrainsForAnExplicitStepCount() throws IOException {
        Path from = importedParent();
        InputException fraction = assertThrows(InputException.class,
                () -> ConversionJob.run(from, 2, "mean", 0.05, Datasets.SYNTHETIC, dir.resolve("a"), 1, m -> {}));
        assertTrue(fraction.getMessage().contains("--uptrain-steps"), fraction.getMessage());
        InputException noData = assertThrows(InputException.class,
                () -> ConversionJob.run(from, 2, "mean", 0, 3L, null, dir.resolve("b"), 1, m -> {}, ProgressListener.NONE));
        assertTrue(noData.getMessage().contains("--data"), noData.getMessage());
        InputException negative = assertThrows(InputException.class,
                () -> ConversionJob.run(from, 2, "mean", 0, -1L, Datasets.SYNTHETIC, dir.resolve("c"), 1, m -> {}, ProgressListener.NONE));
        assertTrue(negative.getMessage().contains("--uptrain-steps -1"), negative.getMessage());
        assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")) || Files.exists(dir.resolve("c")));

        Path out = dir.resolve("g2");
        ConversionJob.Result r = ConversionJob.run(from, 2, "mean", 0, 3L, Datasets.SYNTHETIC, out, 1, m -> {},
                ProgressListener.NONE);
        assertEquals(3, r.uptrainSteps());
        Checkpoint ck = CheckpointIO.read(out);
        assertEquals(2, ck.config().nKvHeads());
        assertEquals(3, ck.provenance().conversion().uptrainSteps());
        assertEquals("llama", ck.provenance().parent().provenance().source().layout(), "the import's provenance is kept");
    }
}
