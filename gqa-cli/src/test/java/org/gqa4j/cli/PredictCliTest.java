package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.Datasets;
import org.gqa4j.core.data.Format;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.reference.ReferenceModel;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.WindowForecaster;
import org.gqa4j.core.tensor.FloatTensor;
import org.gqa4j.core.tensor.SafetensorsFile;
import org.gqa4j.core.tensor.SafetensorsWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCliTest {

    @TempDir Path tmp;
    private Path ck;
    private Weights w;
    private DataPrep prep;
    private PriceSeries series;

    @BeforeEach
    void checkpoint() throws IOException {
        series = Datasets.load("aapl-1d", Format.AUTO);
        prep = DataPrep.fit(series, List.of("return", "abs_return"), 1, 8);
        ModelConfig c = new ModelConfig(prep.featureNames(), prep.targetNames(), 1, 16, 2, 4, 2, 32, 8, 0, 0, 1);
        w = ModelFixtures.randomWeights(c, 3);
        ck = tmp.resolve("ck");
        Provenance p = new Provenance("2026-01-01T00:00:00Z", "test", "aapl-1d", series.fingerprint(), 0, 1, null, null, null, null);
        CheckpointIO.write(ck, new Checkpoint(w, prep, p, null, null));
    }

    @Test
    void tensorInTensorOutMatchesTheReferenceModel() throws IOException {
        int batch = 2, time = 5;
        float[] x = ModelFixtures.randomInput(batch, time, 3, 7);
        Path in = tmp.resolve("x.safetensors");
        Path out = tmp.resolve("y.safetensors");
        SafetensorsWriter.writeF32(in, Map.of("inputs", new FloatTensor(new int[] {batch, time, 3}, x)));
        GqaCliTest.Result r = GqaCliTest.run("predict", ck.toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        FloatTensor y = SafetensorsFile.readAll(out).get("outputs");
        assertArrayEquals(new int[] {batch, time, 2}, y.shape());
        for (int b = 0; b < batch; b++) {
            double[][] want = new ReferenceModel(w).forward(ModelFixtures.sequence(x, b, time, 3));
            for (int t = 0; t < time; t++) {
                for (int o = 0; o < 2; o++) assertEquals(want[t][o], y.data()[(b * time + t) * 2 + o], 2e-5);
            }
        }
    }

    @Test
    void tensorErrorsAreInputErrors() throws IOException {
        Path in = tmp.resolve("x.safetensors");
        SafetensorsWriter.writeF32(in, Map.of("x", new FloatTensor(new int[] {1, 2, 3}, new float[6])));
        GqaCliTest.Result noInputs = GqaCliTest.run("predict", ck.toString(), "--input", in.toString(), "--output", tmp.resolve("y").toString());
        assertEquals(2, noInputs.code());
        assertTrue(noInputs.err().contains("has no tensor 'inputs'"), noInputs.err());
        SafetensorsWriter.writeF32(in, Map.of("inputs", new FloatTensor(new int[] {1, 9, 3}, new float[27])));
        GqaCliTest.Result tooLong = GqaCliTest.run("predict", ck.toString(), "--input", in.toString(), "--output", tmp.resolve("y").toString());
        assertEquals(2, tooLong.code());
        assertTrue(tooLong.err().contains("time length 9") && tooLong.err().contains("context is 8"), tooLong.err());
        assertFalse(Files.exists(tmp.resolve("y")));
        GqaCliTest.Result both = GqaCliTest.run("predict", ck.toString(), "--input", in.toString(), "--data", "aapl-1d");
        assertEquals(2, both.code());
    }

    @Test
    void forecastsCsvHasEveryFullWindowInRawUnitsWithUtcTimes() throws IOException {
        Path csv = tmp.resolve("f.csv");
        GqaCliTest.Result r = GqaCliTest.run("predict", ck.toString(), "--data", "aapl-1d", "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("time,return+1,abs_return+1", lines.get(0));
        int first = 8; // bar 0 has no return: bars 1..8 are the first full window
        assertEquals(series.size() - first, lines.size() - 1);
        long[] times = series.times();
        int[] bars = {first, 100, series.size() - 1};
        float[][] z = new WindowForecaster(w).forecast(prep.apply(series), bars);
        for (int i = 0; i < bars.length; i++) {
            String[] cells = lines.get(1 + bars[i] - first).split(",");
            assertEquals(Instant.ofEpochMilli(times[bars[i]]).toString(), cells[0]);
            assertTrue(cells[0].endsWith("Z"), cells[0]);
            for (int k = 0; k < 2; k++) {
                double want = prep.denormalizeTarget(k, z[i][k]);
                assertEquals(want, Double.parseDouble(cells[1 + k]), 1e-4 * prep.targetStd()[k], "bar " + bars[i]);
            }
        }
    }
}
