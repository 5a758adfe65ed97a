package org.gqa4j.eval.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.WindowForecaster;
import org.gqa4j.convert.Converter;
import org.gqa4j.eval.metrics.Comparison;
import org.gqa4j.eval.report.Report;
import org.gqa4j.eval.report.ReportJson;
import org.gqa4j.eval.report.ReportWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole evaluation on a tiny model and the synthetic market: files, fields, and figures recomputed independently. */
class EvaluatorTest {

    static final int CONTEXT = 16;
    @TempDir static Path tmp;
    static Path parent, child, same;
    static Weights parentWeights, childWeights;
    static PreparedData data;

    @BeforeAll
    static void checkpoints() throws Exception {
        PriceSeries series = Datasets.load(Datasets.SYNTHETIC, Format.AUTO);
        DataPrep prep = DataPrep.fit(series, List.of("return", "abs_return"), 1, CONTEXT);
        data = prep.apply(series);
        ModelConfig c = new ModelConfig(prep.featureNames(), prep.targetNames(), 1, 16, 1, 4, 4, 32, CONTEXT, 0, 0, 3);
        parentWeights = ModelFixtures.randomWeights(c, 5);
        DataPrep prepJson = prep;
        Provenance p = new Provenance("t", "test", Datasets.SYNTHETIC, series.fingerprint(), 100, 3, null, null, null, Map.of());
        parent = tmp.resolve("mha");
        CheckpointIO.write(parent, new Checkpoint(parentWeights, prepJson, p, null, null));
        var parentRef = new Provenance.Parent(parent.toString(), CheckpointIO.hash(parent), 4, p);
        childWeights = Converter.convert(parentWeights, 1, "mean", null, 1).weights();
        child = tmp.resolve("mqa");
        CheckpointIO.write(child, new Checkpoint(childWeights, prepJson,
                new Provenance("t", "test", Datasets.SYNTHETIC, series.fingerprint(), 100, 3, null, parentRef,
                        new Provenance.Conversion("mean", 4, 1, null, null, null, 0, 0, 0), Map.of()), null, null));
        same = tmp.resolve("identity");
        CheckpointIO.write(same, new Checkpoint(parentWeights, prepJson,
                new Provenance("t", "test", Datasets.SYNTHETIC, series.fingerprint(), 100, 3, null, parentRef,
                        new Provenance.Conversion("mean", 4, 4, null, null, null, 0, 0, 0), Map.of()), null, null));
    }

    @Test
    void reportHoldsEveryModelAndItsFigures() throws Exception {
        List<String> progress = new ArrayList<>();
        // latency at the models' own shape only (the seed reference takes seconds per model); one heap sample
        var options = new Evaluator.Options(null, Format.AUTO, 2, 1.0, true, new int[] {32}, 20, null, "mse", 1, false, 1, "t");
        Report r = new Evaluator(options, progress::add).evaluate(List.of(parent, child, same));
        assertEquals(List.of("mha", "mqa", "identity"), r.models().stream().map(Report.Model::name).toList());
        assertEquals(data.testPositions().length, r.dataset().testPositions());
        assertTrue(!progress.isEmpty());

        // headline mse (vector engine) equals an independent computation with the SameDiff graph, within float error
        // (on the first 256 test positions, the slow graph's share of the work)
        int[] head = java.util.Arrays.copyOf(data.testPositions(), 256);
        Weights[] weights = {parentWeights, childWeights};
        for (int m = 0; m < 2; m++) {
            double[] loss = new Evaluator(options, x -> {}).forecastsForTest(weights[m], data).positionLoss();
            double reported = java.util.Arrays.stream(loss, 0, head.length).average().orElseThrow();
            assertEquals(new WindowForecaster(weights[m]).mse(data, head), reported, 1e-5);
        }
        double allPositions = java.util.Arrays.stream(new Evaluator(options, x -> {}).forecastsForTest(parentWeights, data)
                .positionLoss()).average().orElseThrow();
        assertEquals(allPositions, r.models().get(0).metrics().mse(), 1e-12);

        // memory: analytic = the allocated arrays; the heap measured for the cache (engine at the context minus at
        // context 1) is the analytic figure less one slot's share, give or take object headers and alignment
        for (Report.Model m : r.models()) {
            assertEquals(m.kvCacheBytes(), (long) m.kvCacheBytesMeasured(), m.name());
            long expected = m.kvCacheBytes() - m.kvCacheBytes() / CONTEXT;
            assertEquals(expected, m.memory().kvHeapBytes(), 512 + 0.05 * expected, m.name() + " " + m.memory());
            assertTrue(m.memory().engineHeapBytes() > m.kvCacheBytes(), "the engine holds its weights too");
        }
        assertEquals(4.0, r.models().get(0).kvCacheBytes() / (double) r.models().get(1).kvCacheBytes(), 0.0);
        assertEquals(2L * 1 * 4 * 4 * CONTEXT * 2 * 4, r.models().get(0).kvCacheBytes());

        // comparisons against the parent, found by hash; the identical model differs by exactly zero
        // each converted model twice: pooled, and on the headline target (return)
        assertEquals(4, r.comparisons().size());
        Comparison mqa = r.comparisonOf("mqa", Comparison.POOLED);
        assertEquals("mha", mqa.parent());
        assertEquals(r.models().get(1).metrics().mse() - r.models().get(0).metrics().mse(), mqa.deltaMse(), 1e-9);
        Comparison mqaReturn = r.comparisonOf("mqa", "return");
        assertEquals(r.models().get(1).metrics().targetMse("return") - r.models().get(0).metrics().targetMse("return"),
                mqaReturn.deltaMse(), 1e-9);
        assertEquals(2, r.headlines().size());
        assertTrue(r.headlines().get(0).text().startsWith("mqa: KV cache -75 %, return MSE "), r.headlines().get(0).text());
        assertEquals("return", r.models().get(0).headline().target());
        assertEquals(r.models().get(0).metrics().targetMse("return"), r.models().get(0).headline().value(), 0);
        assertNotNull(r.models().get(0).servedMetrics());
        assertEquals(r.models().get(0).sha256(), CheckpointIO.hash(parent));
        assertEquals(org.gqa4j.core.BuildInfo.codeVersion(), r.codeVersion());
        Comparison id = r.comparisonOf("identity", Comparison.POOLED);
        assertEquals(0.0, id.deltaMse(), 0.0);
        assertEquals(0.0, id.ciLow(), 0.0);
        assertEquals(0.0, id.ciHigh(), 0.0);
        assertNull(r.models().get(0).provenance().parent());
        assertEquals("mha", r.models().get(1).provenance().parent());

        assertNotNull(r.models().get(0).latency());
        assertEquals(3, r.latencySweep().size());
        assertTrue(r.baselines().containsKey("zero") && r.baselines().containsKey("last_value") && r.baselines().containsKey("train_mean")
                && r.baselines().containsKey("ar1"));

        Path dir = tmp.resolve("report");
        ReportWriter.write(dir, r);
        for (String f : List.of(ReportWriter.JSON, ReportWriter.MARKDOWN, ReportWriter.HTML)) assertTrue(Files.size(dir.resolve(f)) > 0, f);
        JsonNode json = ReportJson.MAPPER.readTree(dir.resolve(ReportWriter.JSON).toFile());
        assertEquals(3, json.get("models").size());
        assertEquals(4, json.get("models").get(0).get("n_kv_heads").asInt());
        assertEquals(1, json.get("models").get(1).get("n_kv_heads").asInt());
    }

    @Test
    void lastObservedIsTheCurrentBarsTarget() {
        double[][] last = TestForecasts.lastObserved(data);
        int t = data.testPositions()[5];
        // the return of bar t is the step-1 target of position t-1, and the log_return feature of bar t
        assertEquals(data.rawTargets()[t - 1][0], last[5][0], 0.0);
        double z = data.features()[t][data.prep().featureNames().indexOf("log_return")];
        double raw = z * data.prep().featureStd()[0] + data.prep().featureMean()[0];
        assertEquals(raw, last[5][0], 1e-6);
    }
}
