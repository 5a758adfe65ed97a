package org.gqa4j.train;

import org.gqa4j.core.config.TrainingRecipe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static PreparedData synthetic;

    @BeforeAll
    static void data() {
        PriceSeries s = Datasets.load(Datasets.SYNTHETIC, Format.AUTO);
        synthetic = DataPrep.fit(s, null, 1, 32).apply(s);
    }

    static ModelConfig small(PreparedData d, int dModel, int layers, int heads, int kvHeads, double dropout) {
        return new ModelConfig(d.prep().featureNames(), d.prep().targetNames(), d.prep().horizon(), dModel, layers,
                heads, kvHeads, 2 * dModel, d.context(), dropout, 0, 3);
    }

    @Test
    void learnsTheSyntheticMarketAndBeatsTheNaiveBaselines(@TempDir Path tmp) {
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(300).withWarmup(30, 0.1).withEvaluation(50, 256, 0);
        Path out = tmp.resolve("run");
        TrainResult res = new Trainer(r).trainNew(small(synthetic, 16, 2, 4, 4, 0), synthetic, "synthetic", out);
        assertEquals(TrainResult.Status.COMPLETED, res.status());

        List<JsonNode> log = log(out);
        double firstVal = log.stream().filter(n -> n.has("val_loss")).findFirst().orElseThrow().get("val_loss").asDouble();
        assertTrue(res.bestValLoss() < firstVal, "validation loss falls: first " + firstVal + ", best " + res.bestValLoss());

        int[] test = synthetic.testPositions();
        double model;
        try (var engine = EngineKind.VECTOR.create(res.model().config(), 2)) {
            float[][] p = new org.gqa4j.core.engine.ParamLayout(res.model().config()).fromWeights(res.bestWeights());
            model = Validation.loss(engine, p, synthetic, test, 64);
        }
        float[][] zero = new float[test.length][synthetic.outputCount()];
        float[][] last = new float[test.length][];
        for (int i = 0; i < test.length; i++) last[i] = synthetic.targets()[test[i] - 1]; // horizon 1: the value at t
        double naive = Math.min(Validation.mse(zero, synthetic, test), Validation.mse(last, synthetic, test));
        assertTrue(model < 0.95 * naive, "test MSE " + model + " vs best naive " + naive);
    }

    @Test
    void stoppingAndResumingEqualsTrainingStraight(@TempDir Path tmp) {
        ModelConfig c = small(synthetic, 16, 2, 4, 2, 0.1); // GQA and dropout: every random source in play
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(40).withBatchSize(8).withWarmup(5, 0.1)
                .withEvaluation(10, 64, 0).withCheckpointEvery(7);
        TrainResult straight = new Trainer(r).engine(EngineKind.VECTOR, 2).trainNew(c, synthetic, "synthetic", tmp.resolve("a"));

        Path b = tmp.resolve("b");
        Trainer first = new Trainer(r).engine(EngineKind.VECTOR, 1); // another thread count: still the same bits
        first.listener(p -> {
            if (p.step() == 20) first.requestStop();
        });
        TrainResult half = first.trainNew(c, synthetic, "synthetic", b);
        assertEquals(TrainResult.Status.INTERRUPTED, half.status());
        assertEquals(20, half.steps());
        assertEquals(20, Trainer.inspectRun(b).step());

        TrainResult resumed = new Trainer(null).engine(EngineKind.VECTOR, 2).resume(b, synthetic);
        assertEquals(TrainResult.Status.COMPLETED, resumed.status());
        assertEquals(40, resumed.steps());
        assertEquals(0.0, maxAbsDiff(straight.lastWeights(), resumed.lastWeights()), 1e-6);
        assertEquals(0.0, maxAbsDiff(straight.bestWeights(), resumed.bestWeights()), 1e-6);
        assertEquals(straight.bestValLoss(), resumed.bestValLoss(), 1e-12);
        assertEquals(0.0, maxAbsDiff(straight.bestWeights(), CheckpointIO.read(b).weights()), 1e-6);
        // a hard stop (here an exception out of the listener) right after a new best at step 30, with the last
        // periodic checkpoint at 28: resuming from 28 still ends where the straight run ends
        Path k = tmp.resolve("killed");
        Trainer killed = new Trainer(r);
        killed.listener(p -> {
            if (p.step() == 30) throw new IllegalStateException("killed");
        });
        assertThrows(IllegalStateException.class, () -> killed.trainNew(c, synthetic, "synthetic", k));
        assertEquals(28, Trainer.inspectRun(k).step());
        TrainResult revived = new Trainer(r).resume(k, synthetic);
        assertEquals(0.0, maxAbsDiff(straight.lastWeights(), revived.lastWeights()), 1e-6);
        assertEquals(0.0, maxAbsDiff(straight.bestWeights(), revived.bestWeights()), 1e-6);
        assertEquals(straight.bestStep(), revived.bestStep());

        // the logs agree on everything but timing
        List<JsonNode> la = log(tmp.resolve("a")), lb = log(b);
        assertEquals(la.size(), lb.size());
        for (int i = 0; i < la.size(); i++) {
            for (String f : List.of("step", "loss", "val_loss", "lr", "grad_norm")) {
                assertEquals(la.get(i).path(f).asDouble(-1), lb.get(i).path(f).asDouble(-1), 1e-12, f + " in line " + i);
            }
        }
    }

    @Test
    void theNanGuardStopsADivergingRunAndLeavesLoadableCheckpoints(@TempDir Path tmp) {
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(50).withBatchSize(8).withLearningRate(1e30)
                .withWarmup(0, 1.0).withEvaluation(1, 16, 0).withCheckpointEvery(1);
        Path out = tmp.resolve("run");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(r).trainNew(small(synthetic, 16, 1, 2, 2, 0), synthetic, "synthetic", out));
        assertTrue(e.getMessage().startsWith("training diverged at step " + e.step() + ": "), e.getMessage());
        assertTrue(e.getMessage().matches(".*(NaN|Infinity|non-finite).*"), e.getMessage());
        assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
        Checkpoint last = CheckpointIO.read(e.lastGoodCheckpoint());
        assertTrue(last.weights().allFinite());
        long saved = last.trainerState().step();
        assertTrue(saved < e.step(), "checkpoint at step " + saved + " precedes the divergence at " + e.step());
        assertTrue(Trainer.inspectRun(out).step() == saved);
    }

    @Test
    void theRunDirectoryIsACheckpointWithProvenanceAndALog(@TempDir Path tmp) throws Exception {
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(12).withBatchSize(4).withEvaluation(5, 16, 0);
        ModelConfig c = small(synthetic, 16, 1, 2, 2, 0);
        Path out = tmp.resolve("run");
        TrainResult res = new Trainer(r).trainNew(c, synthetic, "synthetic", out);

        Checkpoint ck = CheckpointIO.read(out);
        assertEquals(c, ck.config());
        assertEquals("synthetic", ck.provenance().dataset());
        assertEquals(synthetic.fingerprint(), ck.provenance().dataFingerprint());
        assertEquals(res.bestStep(), ck.provenance().steps());
        assertEquals(r.seed(), ck.provenance().seed());
        assertEquals(r, ck.provenance().recipe());
        assertTrue(ck.provenance().metrics().containsKey("val_loss") && ck.provenance().metrics().containsKey("train_loss"));
        assertEquals(synthetic.prep(), ck.dataPrep());
        assertEquals(null, ck.optimizerState(), "the published model carries no optimizer state");

        List<JsonNode> log = log(out);
        assertEquals(12, log.get(log.size() - 1).get("step").asLong());
        JsonNode line = log.get(0);
        for (String f : List.of("step", "loss", "lr", "grad_norm", "bars_per_s", "elapsed_s")) assertTrue(line.has(f), f);
        assertTrue(log.stream().anyMatch(n -> n.has("val_loss")));

        assertThrows(InputException.class, () -> new Trainer(r).trainNew(c, synthetic, "synthetic", out),
                "a new run refuses a directory that holds one");
        TrainResult again = new Trainer(null).resume(out, synthetic);
        assertEquals(TrainResult.Status.COMPLETED, again.status());
        assertEquals(0.0, maxAbsDiff(res.bestWeights(), again.bestWeights()), 0.0);
        assertTrue(CheckpointIO.read(out).weights().allFinite());
    }

    @Test
    void continuesGivenWeightsForABudgetInMemory() {
        ModelConfig c = small(synthetic, 16, 1, 2, 1, 0);
        Weights start = Weights.init(c);
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(200).withBatchSize(8).forBudget(10);
        TrainResult res = new Trainer(r).train(start, synthetic, "synthetic", null);
        assertEquals(10, res.steps());
        assertNotNull(res.model().provenance());
        assertFalse(res.runDir() != null);
        assertTrue(maxAbsDiff(start, res.lastWeights()) > 0);
    }

    @Test
    void stopsEarlyWhenValidationStopsImproving() {
        // a learning rate below the weights' float resolution: the validation loss cannot improve
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(100).withBatchSize(4).withLearningRate(1e-30)
                .withWarmup(0, 1.0).withEvaluation(2, 16, 3);
        // a terminal bar that redraws at most once an hour: only the first update and the end are drawn
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        ConsoleProgress bar = new ConsoleProgress(new java.io.PrintStream(screen, true, java.nio.charset.StandardCharsets.UTF_8),
                true, 3600, System::nanoTime);
        List<ProgressListener.Progress> seen = new java.util.ArrayList<>();
        TrainResult res = new Trainer(r).listener(new ProgressListener() {
            @Override public void update(Progress p) { seen.add(p); bar.update(p); }
            @Override public void finished(String message) { bar.finished(message); }
        }).train(Weights.init(small(synthetic, 16, 1, 2, 2, 0)), synthetic, "synthetic", null);
        assertEquals(TrainResult.Status.EARLY_STOPPED, res.status());
        assertEquals(8, res.steps(), "best at the first evaluation (step 2), then 3 evaluations without improvement");
        assertEquals(2, res.bestStep());

        // the run ends at step 8: so does its progress, and the bar is full there, not frozen at 8 %
        ProgressListener.Progress last = seen.get(seen.size() - 1);
        assertEquals(8, last.step());
        assertEquals(8, last.total());
        assertEquals(0.0, last.etaS());
        assertTrue(seen.subList(0, seen.size() - 1).stream().allMatch(p -> p.total() == 100), "the plan until then");
        String text = screen.toString(java.nio.charset.StandardCharsets.UTF_8);
        String finalBar = text.substring(text.lastIndexOf('\r') + 1);
        assertTrue(finalBar.startsWith("[########################] 100% step 8/8 "), text);
        assertTrue(finalBar.contains("\ntraining stopped early (no improvement in 3 evaluations) at step 8 of 100"), finalBar);
    }

    @Test
    void resumingRefusesOtherData(@TempDir Path tmp) {
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(6).withBatchSize(4).withEvaluation(3, 16, 0);
        ModelConfig c = small(synthetic, 16, 1, 2, 2, 0);
        Path out = tmp.resolve("run");
        Trainer t = new Trainer(r);
        t.listener(p -> t.requestStop());
        assertEquals(TrainResult.Status.INTERRUPTED, t.trainNew(c, synthetic, "synthetic", out).status());
        PriceSeries other = org.gqa4j.core.data.SyntheticMarket.generate(99, 3000);
        PreparedData otherData = DataPrep.fromJson(synthetic.prep().toJson()).apply(other);
        InputException e = assertThrows(InputException.class, () -> new Trainer(null).resume(out, otherData));
        assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
        assertThrows(InputException.class, () -> new Trainer(r.withSteps(7)).resume(out, synthetic), "another recipe");
        assertThrows(InputException.class, () -> new Trainer(null).resume(tmp.resolve("nothing"), synthetic));
        assertEquals("synthetic", Trainer.inspectRun(out).dataset());
        assertEquals(synthetic.prep(), Trainer.inspectRun(out).dataPrep());
    }

    @Test
    void aStopRequestFromAnotherThreadWaitsForTheCheckpoint(@TempDir Path tmp) throws Exception {
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(100_000).withBatchSize(4).withEvaluation(1000, 16, 0);
        Path out = tmp.resolve("run");
        Trainer t = new Trainer(r);
        java.util.concurrent.CountDownLatch going = new java.util.concurrent.CountDownLatch(3);
        t.listener(p -> going.countDown());
        java.util.concurrent.atomic.AtomicReference<TrainResult> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread training = new Thread(() -> result.set(t.trainNew(small(synthetic, 16, 1, 2, 2, 0), synthetic, "synthetic", out)));
        training.start();
        assertTrue(going.await(120, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(t.requestStopAndWait(120_000), "the session ended");
        // what a shutdown hook relies on: when the wait returns, the checkpoint is on disk
        long saved = Trainer.inspectRun(out).step();
        training.join(60_000);
        assertEquals(TrainResult.Status.INTERRUPTED, result.get().status());
        assertEquals(result.get().steps(), saved);
    }

    static double maxAbsDiff(Weights a, Weights b) {
        double m = 0;
        for (var e : a.asMap().entrySet()) {
            float[] x = e.getValue(), y = b.get(e.getKey());
            for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    static List<JsonNode> log(Path run) {
        try {
            ObjectMapper m = new ObjectMapper();
            return Files.readAllLines(run.resolve(RunDirectory.LOG_FILE)).stream().map(l -> {
                try {
                    return m.readTree(l);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
