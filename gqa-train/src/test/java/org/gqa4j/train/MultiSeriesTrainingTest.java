package org.gqa4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.config.TrainingRecipe;
import org.gqa4j.core.data.MultiSeries;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SplitSpec;
import org.gqa4j.core.data.SyntheticMarket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One model over several series: the trainer's windows come from every series, and the model keeps each series' preparation. */
class MultiSeriesTrainingTest {

    @TempDir Path tmp;

    private static final List<String> NAMES = List.of("s1", "s2", "s3");

    private static PreparedData pooled() {
        List<PriceSeries> s = List.of(SyntheticMarket.generate(1, 900), SyntheticMarket.generate(2, 600), SyntheticMarket.generate(3, 300));
        return MultiSeries.fit(NAMES, s, null, 1, 16, SplitSpec.Chronological.DEFAULT);
    }

    @Test
    void theTrainersDrawsComeFromEverySeriesInProportionToItsWindows() {
        PreparedData d = pooled();
        int[] starts = d.trainWindowStarts();
        int[] windows = new int[3], draws = new int[3];
        for (int s : starts) windows[d.seriesIndex(s)]++;
        int[] batch = new int[8];
        int total = 0;
        for (long step = 0; step < 500; step++) {
            Batches.draw(7, step, starts, batch);
            for (int s : batch) {
                draws[d.seriesIndex(s)]++;
                total++;
            }
        }
        for (int k = 0; k < 3; k++) {
            double expected = (double) windows[k] / starts.length * total;
            assertTrue(draws[k] > 0, "series " + k + " is never drawn");
            assertTrue(Math.abs(draws[k] - expected) < 0.1 * expected,
                    "series " + k + ": " + draws[k] + " draws, " + expected + " expected from its " + windows[k] + " windows");
        }
    }

    @Test
    void aTrainedModelStoresEverySeriesPreparation() throws Exception {
        PreparedData d = pooled();
        ModelConfig c = new ModelConfig(d.prep().featureNames(), d.prep().targetNames(), 1, 16, 1, 4, 2, 32, 16, 0.0, 0, 5);
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(4).withBatchSize(4).withWarmup(1, 0.1).withEvaluation(2, 32, 0);
        Path out = tmp.resolve("run");
        new Trainer(r).engine(EngineKind.VECTOR, 1).trainNew(c, d, String.join(",", NAMES), out);
        Checkpoint ck = CheckpointIO.read(out);
        assertEquals(d.series(), ck.series());
        assertEquals(NAMES, ck.series().stream().map(p -> p.name()).toList());
        assertEquals(ck.series().get(0).prep(), ck.dataPrep());
        assertTrue(!ck.series().get(1).prep().equals(ck.series().get(2).prep()), "each series has its own statistics");
        assertEquals(d.fingerprint(), ck.provenance().dataFingerprint());
        // the log has each series' validation loss, which the pooled one averages by positions
        String evalLine = java.nio.file.Files.readAllLines(out.resolve(RunDirectory.LOG_FILE)).stream()
                .filter(l -> l.contains("val_loss_series")).reduce((x, y) -> y).orElseThrow();
        var node = org.gqa4j.core.config.ConfigJson.MAPPER.readTree(evalLine);
        int[] val = Validation.positions(d.valPositions(), r.evalPositions());
        double weighted = 0;
        for (int k = 0; k < 3; k++) {
            final int series = k;
            long n = java.util.Arrays.stream(val).filter(p -> d.seriesIndex(p) == series).count();
            assertTrue(n > 0, "series " + k + " is validated");
            weighted += n * node.get("val_loss_series").get(NAMES.get(k)).asDouble();
        }
        assertEquals(node.get("val_loss").asDouble(), weighted / val.length, 1e-9);
        // resumable on the same series: the pooled fingerprint matches
        TrainResult again = new Trainer(null).engine(EngineKind.VECTOR, 1).resume(out, pooled());
        assertEquals(4, again.steps());
    }
}
