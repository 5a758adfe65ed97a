package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gqa train --split}: the split is applied, stored with the model, kept by --resume and checked. */
class SplitCliTest {

    @TempDir Path tmp;

    private GqaCliTest.Result train(Path data, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--target", "a,b", "--layers", "1",
                "--d-model", "16", "--heads", "4", "--context", "16", "--horizon", "2", "--batch", "8", "--steps", "2"));
        args.addAll(List.of(more));
        args.addAll(List.of("--out", tmp.resolve(out).toString()));
        return GqaCliTest.run(args.toArray(new String[0]));
    }

    private Path series(int rows) throws Exception {
        StringBuilder csv = new StringBuilder("date,a,b\n");
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < rows; i++) {
            csv.append(String.format(Locale.ROOT, "2020-01-%02d %02d:00,%.4f,%.4f%n", 1 + i / 24, i % 24, rnd.nextGaussian(), rnd.nextGaussian()));
        }
        return Files.writeString(tmp.resolve("series-" + rows + ".csv"), csv.toString());
    }

    @Test
    void aTslibSplitIsAppliedStoredAndKeptOnResume() throws Exception {
        Path data = series(400);
        GqaCliTest.Result r = train(data, "custom", "--split", "tslib-custom");
        assertEquals(0, r.code(), r.err());
        // 400 rows: train 280, test 80, validation 40; L = 16, H = 2:
        // train positions [15, 278), validation [279, 318), test [319, 398)
        assertTrue(r.err().contains("(400 bars: 263 train, 39 val, 79 test positions)"), r.err());
        var prep = org.gqa4j.core.config.ConfigJson.MAPPER.readTree(tmp.resolve("custom").resolve("data_prep.json").toFile());
        assertEquals("{\"kind\":\"tslib-custom\"}", prep.get("split").toString(), prep.toString());

        GqaCliTest.Result other = GqaCliTest.run("train", "--data", data.toString(), "--resume", "--split", "rows:200,300,398",
                "--out", tmp.resolve("custom").toString());
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("--split rows:200,300,398 (the run: {\"kind\":\"tslib-custom\"})"), other.err());
    }

    @Test
    void badOrUnfitSplitsAreInputErrors() throws Exception {
        Path data = series(400);
        GqaCliTest.Result wf = train(data, "wf", "--split", "walk-forward");
        assertEquals(2, wf.code(), wf.err());
        assertTrue(wf.err().contains("walk-forward trains one model per fold"), wf.err());
        GqaCliTest.Result typo = train(data, "typo", "--split", "tslib-ett");
        assertEquals(2, typo.code(), typo.err());
        assertTrue(typo.err().contains("tslib-ett-hour, tslib-ett-minute or tslib-custom"), typo.err());
        GqaCliTest.Result shortSeries = train(data, "short", "--split", "tslib-ett-hour");
        assertEquals(2, shortSeries.code(), shortSeries.err());
        assertTrue(shortSeries.err().contains("split tslib-ett-hour needs at least 14400 rows"), shortSeries.err());
        assertTrue(!Files.exists(tmp.resolve("short").resolve("data_prep.json")), "nothing written");
    }
}
