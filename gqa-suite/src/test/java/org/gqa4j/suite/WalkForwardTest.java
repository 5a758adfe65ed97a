package org.gqa4j.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.data.SplitSpec;
import org.gqa4j.core.data.SyntheticMarket;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportJson;
import org.gqa4j.suite.graph.SuiteRun;
import org.gqa4j.train.ProgressListener;
import org.gqa4j.train.Trainer;
import org.gqa4j.core.config.TrainingRecipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Walk-forward: N folds score N disjoint test periods, and each fold's model never sees its test period or later. */
class WalkForwardTest {

    @TempDir Path tmp;

    @Test
    void threeFoldsScoreThreeDisjointPeriodsInTimeOrder() throws Exception {
        Path suite = tmp.resolve("wf.yaml");
        Files.writeString(suite, """
                tasks: [{name: wf, data: synthetic, targets: [return], context: 8,
                         split: {kind: walk-forward, folds: 3, val: 0.05, test: 0.15}}]
                parent: {layers: 1, d_model: 8, heads: 2, ffn: 16, steps: 8, batch: 4}
                models: [{name: mha, kind: parent}]
                evaluation: {instruments: 1, latency: false, memory_samples: 0}
                """);
        SuiteRun.Outcome o = SuiteRun.run(suite, tmp.resolve("run"), l -> {});
        assertEquals(3 * 3, o.jobsTotal(), "per fold: train, score, report");
        JsonNode tasks = ConfigJson.MAPPER.readTree(Path.of(o.results()).toFile()).get("tasks");
        assertEquals(3, tasks.size());
        String lastEnd = "";
        int total = 0;
        for (JsonNode t : tasks) {
            Report r = ReportJson.read(Path.of(t.get("report_json").asText()));
            assertTrue(r.dataset().span().start().compareTo(lastEnd) > 0, "fold " + t.get("fold") + " starts after the previous one ends");
            lastEnd = r.dataset().span().end();
            total += r.dataset().testPositions();
            SplitSpec.Rows fold = ConfigJson.MAPPER.readValue(r.task().split(), SplitSpec.Rows.class);
            assertEquals(fold.testEnd() - fold.valEnd(), r.dataset().testPositions(), "every position of the fold's block is scored");
        }
        // 20,000 bars, horizon 1: 19,998 positions; 15 % of them in 3 blocks of floor(2999.7 / 3) = 999 (the last runs to the end)
        assertEquals(999 + 999 + (19_999 - (1 + 19_998 - 3 * 999) - 2 * 999), total);
    }

    @Test
    void aFoldsModelIsTheSameWhateverHappensFromItsValidationEndOn() {
        PriceSeries s = SyntheticMarket.generate(7, 1200);
        List<SplitSpec> folds = new SplitSpec.WalkForward(2, 0.1, 0.3).folds(1200, 1, 1);
        SplitSpec.Rows first = (SplitSpec.Rows) folds.get(0);
        // change every bar from the fold's test start on: prices scaled, which changes every later return and range
        PriceSeries future = s;
        for (int row = first.valEnd(); row < s.size(); row++) {
            for (int c = 0; c < 4; c++) future = future.withValue(row, c, s.value(row, c) * (1 + 0.01 * (row % 7)));
        }
        float[][] a = train(s, first), b = train(future, first);
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], "parameter " + i + " differs: the model saw its test period");
        // and the test periods are different data: the check would catch a leak
        PreparedData da = DataPrep.fit(s, List.of("return"), 1, 8, first).apply(s);
        PreparedData db = DataPrep.fit(future, List.of("return"), 1, 8, first).apply(future);
        assertTrue(da.rawTargets()[first.valEnd() + 3][0] != db.rawTargets()[first.valEnd() + 3][0]);
    }

    private static float[][] train(PriceSeries s, SplitSpec fold) {
        DataPrep prep = DataPrep.fit(s, List.of("return"), 1, 8, fold);
        PreparedData data = prep.apply(s);
        ModelConfig c = new ModelConfig(prep.featureNames(), prep.targetNames(), 1, 8, 1, 2, 2, 16, 8, 0, 0, 3);
        TrainingRecipe r = TrainingRecipe.defaults().withSteps(10).withBatchSize(4).withSeed(3).withWarmup(1, 0.1)
                .withEvaluation(5, 64, 5).withCheckpointEvery(10);
        var w = new Trainer(r).listener(ProgressListener.NONE).trainNew(c, data, "synthetic", null).bestWeights();
        return w.asMap().values().toArray(new float[0][]);
    }
}
