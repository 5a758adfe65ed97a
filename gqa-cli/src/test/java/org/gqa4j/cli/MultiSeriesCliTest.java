package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gqa4j.core.config.ConfigJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gqa train --data A,B}: one model over several series, evaluated per series and pooled, predicted and converted. */
class MultiSeriesCliTest {

    @TempDir Path tmp;

    private Path series(String name, long seed, double scale) throws Exception {
        StringBuilder csv = new StringBuilder("date,a,b\n");
        java.util.Random rnd = new java.util.Random(seed);
        double a = 0, b = 0;
        for (int i = 0; i < 400; i++) {
            a += rnd.nextGaussian();
            b = 0.5 * b + rnd.nextGaussian();
            csv.append(String.format(Locale.ROOT, "2020-01-%02d %02d:00,%.4f,%.4f%n", 1 + i / 24, i % 24, scale * a, scale * b));
        }
        return Files.writeString(tmp.resolve(name + ".csv"), csv.toString());
    }

    @Test
    void trainEvalPredictAndConvertAMultiSeriesModel() throws Exception {
        String data = series("small", 1, 1) + "," + series("large", 2, 1000);
        Path run = tmp.resolve("run");
        GqaCliTest.Result train = GqaCliTest.run("train", "--data", data, "--target", "a,b", "--layers", "1", "--d-model", "16",
                "--heads", "4", "--context", "16", "--horizon", "2", "--batch", "8", "--steps", "3", "--out", run.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.err().contains("on 2 series " + data + " (800 bars:"), train.err());
        JsonNode series = ConfigJson.MAPPER.readTree(run.resolve("series.json").toFile()).get("series");
        assertEquals(2, series.size());
        double smallStd = series.get(0).get("data_prep").get("feature_std").get(0).asDouble();
        double largeStd = series.get(1).get("data_prep").get("feature_std").get(0).asDouble();
        assertTrue(largeStd > 100 * smallStd, "each series has its own statistics: " + smallStd + " vs " + largeStd);

        GqaCliTest.Result inspect = GqaCliTest.run("inspect", run.toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertEquals(ConfigJson.MAPPER.valueToTree(List.of(data.split(","))), ConfigJson.MAPPER.readTree(inspect.out()).get("series"));

        // eval: one report per series and the pooled figures, the test windows of both
        Path rep = tmp.resolve("rep");
        GqaCliTest.Result eval = GqaCliTest.run("eval", run.toString(), "--data", data, "--no-latency", "--report", rep.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("pooled: pooled over every test window of every series"), eval.out());
        JsonNode pooled = ConfigJson.MAPPER.readTree(rep.resolve("pooled.json").toFile());
        int n1 = pooled.get("series").get(0).get("test_positions").asInt(), n2 = pooled.get("series").get(1).get("test_positions").asInt();
        assertEquals(n1 + n2, pooled.get("pooled").get("test_positions").asInt());
        double m1 = pooled.get("series").get(0).get("models").get("run").get("mse").asDouble();
        double m2 = pooled.get("series").get(1).get("models").get("run").get("mse").asDouble();
        assertEquals((n1 * m1 + n2 * m2) / (n1 + n2), pooled.get("pooled").get("models").get("run").get("mse").asDouble(), 1e-12);
        assertTrue(pooled.get("pooled").get("baselines").has("last_value"), pooled.toString());
        for (int k = 1; k <= 2; k++) {
            JsonNode r = ConfigJson.MAPPER.readTree(rep.resolve("series-" + k).resolve("report.json").toFile());
            assertEquals(pooled.get("series").get(k - 1).get("test_positions").asInt(), r.get("dataset").get("test_positions").asInt());
        }
        // a recorded file is never opened: without --data the series must be given
        GqaCliTest.Result noData = GqaCliTest.run("eval", run.toString(), "--no-latency");
        assertEquals(2, noData.code(), noData.err());
        assertTrue(noData.err().contains("pass them all, in that order"), noData.err());

        // a model of one series is unchanged (no series.json) and is not scored side by side with a multi-series one
        Path single = tmp.resolve("single");
        GqaCliTest.Result one = GqaCliTest.run("train", "--data", data.split(",")[0], "--target", "a,b", "--layers", "1", "--d-model", "16",
                "--heads", "4", "--context", "16", "--horizon", "2", "--batch", "8", "--steps", "2", "--out", single.toString());
        assertEquals(0, one.code(), one.err());
        assertFalse(Files.exists(single.resolve("series.json")));
        GqaCliTest.Result mixed = GqaCliTest.run("eval", single.toString(), run.toString(), "--data", data.split(",")[0], "--no-latency");
        assertEquals(2, mixed.code(), mixed.err());
        assertTrue(mixed.err().contains("is a multi-series model"), mixed.err());

        // predict: every series in raw units, labelled
        Path csv = tmp.resolve("f.csv");
        GqaCliTest.Result predict = GqaCliTest.run("predict", run.toString(), "--data", data, "--out", csv.toString());
        assertEquals(0, predict.code(), predict.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("series,time,a+1,a+2,b+1,b+2", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(data.split(",")[1] + ",")), "rows of the second series");

        // convert with uptraining on the same series; the converted model keeps every series' preparation
        Path g2 = tmp.resolve("g2");
        GqaCliTest.Result convert = GqaCliTest.run("convert", "--from", run.toString(), "--kv-heads", "2", "--method", "mean",
                "--uptrain-steps", "2", "--data", data, "--out", g2.toString());
        assertEquals(0, convert.code(), convert.err());
        assertEquals(Files.readString(run.resolve("series.json")), Files.readString(g2.resolve("series.json")));
        GqaCliTest.Result both = GqaCliTest.run("eval", run.toString(), g2.toString(), "--data", data, "--no-latency");
        assertEquals(0, both.code(), both.err());
        GqaCliTest.Result wrongCount = GqaCliTest.run("convert", "--from", run.toString(), "--kv-heads", "2", "--method", "mean",
                "--uptrain-steps", "2", "--data", data.split(",")[0], "--out", tmp.resolve("g3").toString());
        assertEquals(2, wrongCount.code(), wrongCount.err());
        assertTrue(wrongCount.err().contains("the model was trained on 2"), wrongCount.err());
        assertFalse(Files.exists(tmp.resolve("g3")));
    }
}
