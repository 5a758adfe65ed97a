package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.config.UptrainRate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark configs that ship with the project are read by gqa train as the README says, and train. */
class ShippedConfigsTest {

    private static final Path DIR = Path.of("../benchmarks/long-horizon");

    @TempDir Path tmp;

    @Test
    void theLongHorizonConfigsTrainAModelOfTheirShape() throws Exception {
        StringBuilder csv = new StringBuilder("date,a,b,c\n");
        java.util.Random rnd = new java.util.Random(5);
        double a = 0, b = 0, c = 0;
        for (int i = 0; i < 1200; i++) {
            a += rnd.nextGaussian();
            b += rnd.nextGaussian();
            c = Math.sin(i / 10.0) + 0.1 * rnd.nextGaussian();
            csv.append(String.format(Locale.ROOT, "2020-%02d-%02d %02d:00,%.4f,%.4f,%.4f%n", 1 + i / 672, 1 + i / 24 % 28, i % 24, a, b, c));
        }
        Path data = Files.writeString(tmp.resolve("walks.csv"), csv.toString());
        Path out = tmp.resolve("run");
        GqaCliTest.Result r = GqaCliTest.run("train", "--data", data.toString(), "--format", "numeric", "--target", "a,b,c",
                "--split", "tslib-custom", "--context", "96", "--horizon", "96", "--config", DIR.resolve("model.json").toString(),
                "--recipe", DIR.resolve("recipe.json").toString(), "--steps", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        var ck = CheckpointIO.read(out);
        var series = ck.config().series();
        assertEquals(16, series.patchLen());
        assertEquals("independent", series.channels().id());
        assertEquals("causal", series.instanceNorm().id());
        assertEquals(64, ck.config().dModel());
        assertEquals(96, ck.config().context());
        assertEquals(UptrainRate.PEAK, ck.provenance().recipe().uptrainRate(), "the recipe's uptraining policy is kept for convert");
        assertEquals(36, ck.provenance().recipe().batchSize());
        assertEquals(4, ck.config().nHeads());
        assertEquals(16, ck.config().headDim());
        assertEquals(1.0, ck.provenance().recipe().uptrainDistill(), "converted models distill from their parent");

        Path g2 = tmp.resolve("g2");
        GqaCliTest.Result conv = GqaCliTest.run("convert", "--from", out.toString(), "--kv-heads", "2", "--uptrain-steps", "2",
                "--data", data.toString(), "--out", g2.toString());
        assertEquals(0, conv.code(), conv.err());
        assertEquals(1.0, CheckpointIO.read(g2).provenance().conversion().uptrainDistill());
        GqaCliTest.Result bad = GqaCliTest.run("convert", "--from", out.toString(), "--kv-heads", "2", "--uptrain-steps", "2",
                "--distill", "2", "--data", data.toString(), "--out", tmp.resolve("bad").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--distill 2.0: must be in [0, 1]"), bad.err());
    }
}
