package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first hour with tiny models: what they type, and what the tool says back when
 * they get something wrong. (Help and version: {@link HelpTest}; the launcher: {@link LauncherTest}.)
 */
class FirstHourTest {

    @TempDir Path tmp;

    /** A tiny model on the synthetic market: fast, and enough for every message below. */
    private static final List<String> TINY = List.of("--data", "synthetic", "--layers", "1", "--d-model", "16", "--heads", "4",
            "--context", "16", "--batch", "8");

    private GqaCliTest.Result train(String out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train"));
        args.addAll(TINY);
        args.addAll(List.of(more));
        args.addAll(List.of("--out", tmp.resolve(out).toString()));
        return GqaCliTest.run(args.toArray(new String[0]));
    }

    @Test
    void aShortRunWarnsAboutWarmupAndReportsItsEndOnce() {
        GqaCliTest.Result r = train("run", "--steps", "6");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("note: 6 steps are no more than the recipe's 100 warmup steps: the learning rate rises"
                + " linearly over the whole run"), r.err());
        String end = "training completed at step 6 of 6: best validation loss ";
        assertTrue(r.out().contains(end) && r.out().contains("; model in " + tmp.resolve("run")), r.out());
        assertFalse(r.err().contains("training completed"), "said once, on stdout: " + r.err());
        assertEquals(1, r.out().lines().filter(l -> l.contains("model in")).count(), r.out());
    }

    @Test
    void aRunThatStopsEarlyEndsItsProgressAtItsLastStep() throws Exception {
        // a learning rate below float resolution: validation cannot improve, patience 2 stops at step 6
        Path recipe = Files.writeString(tmp.resolve("recipe.json"),
                "{\"steps\": 400, \"learning_rate\": 1e-30, \"warmup_steps\": 0, \"eval_every\": 2, \"patience\": 2}");
        GqaCliTest.Result r = train("early", "--recipe", recipe.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("training stopped early (no improvement in 2 evaluations) at step 6 of 400"), r.out());
        List<String> steps = r.err().lines().filter(l -> l.startsWith("step ") && l.contains("%)")).toList();
        assertEquals("step 6/6 (100%)", steps.get(steps.size() - 1).substring(0, "step 6/6 (100%)".length()), r.err());
    }

    @Test
    void trainingErrorsSayWhatIsValidAndComeBeforeAnyWork() {
        GqaCliTest.Result kv = train("kv", "--kv-heads", "3", "--steps", "2");
        assertEquals(2, kv.code());
        assertTrue(kv.err().contains("n_kv_heads: 3 must divide n_heads (4): one of 1, 2, 4"), kv.err());

        assertEquals(0, train("run", "--steps", "4").code());
        GqaCliTest.Result again = train("run", "--steps", "4");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a training run; continue it with --resume"), again.err());
        assertFalse(again.err().contains("training 1-layer"), "refused before announcing the run: " + again.err());
    }

    @Test
    void resumeRefusesAFlagThatDiffersAndNamesIt() {
        assertEquals(0, train("run", "--steps", "4").code());
        String out = tmp.resolve("run").toString();
        GqaCliTest.Result lr = GqaCliTest.run("train", "--resume", "--out", out, "--lr", "1e-2", "--kv-heads", "2");
        assertEquals(2, lr.code());
        assertTrue(lr.err().contains("--resume continues the run as it was started, and these differ from it: "), lr.err());
        assertTrue(lr.err().contains("--kv-heads 2 (the run: 4)") && lr.err().contains("--lr 0.01 (the run: 0.001)"), lr.err());

        // the flags it was started with are fine: a finished run is republished
        GqaCliTest.Result same = GqaCliTest.run("train", "--resume", "--out", out, "--steps", "4", "--heads", "4");
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("training completed at step 4 of 4"), same.out());
    }

    @Test
    void evalWarnsAboutOtherDataAndFailsOnDataThatDoNotFitBeforeForecasting() throws Exception {
        assertEquals(0, train("syn", "--steps", "4").code());
        String syn = tmp.resolve("syn").toString();

        GqaCliTest.Result other = GqaCliTest.run("eval", syn, "--data", "btc-usd-1m", "--no-latency");
        assertEquals(0, other.code(), other.err());
        assertTrue(other.err().contains("warning: " + syn + " was trained on synthetic, not on btc-usd-1m"), other.err());
        assertTrue(other.err().contains("features are far from the statistics"), other.err());

        GqaCliTest.Result own = GqaCliTest.run("eval", syn, "--no-latency");
        assertEquals(0, own.code(), own.err());
        assertFalse(own.err().contains("warning"), "its own data: no warning\n" + own.err());

        // a numeric series' model meets price bars: named by the built-in's name, before any forecast
        StringBuilder csv = new StringBuilder("date,a,b\n");
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 400; i++) {
            csv.append(String.format(Locale.ROOT, "2020-01-01 %02d:%02d,%.4f,%.4f%n", i / 60, i % 60, rnd.nextGaussian(), rnd.nextGaussian()));
        }
        Path file = Files.writeString(tmp.resolve("series.csv"), csv.toString());
        GqaCliTest.Result numeric = GqaCliTest.run("train", "--data", file.toString(), "--target", "a", "--layers", "1",
                "--d-model", "16", "--heads", "4", "--context", "16", "--batch", "8", "--steps", "2",
                "--out", tmp.resolve("num").toString());
        assertEquals(0, numeric.code(), numeric.err());
        GqaCliTest.Result mismatch = GqaCliTest.run("eval", syn, tmp.resolve("num").toString(), "--data", "btc-usd-1m",
                "--no-latency");
        assertEquals(2, mismatch.code(), mismatch.err());
        assertTrue(mismatch.err().contains("btc-usd-1m: this is ohlcv data but the model was prepared for numeric data"),
                mismatch.err());
        assertFalse(mismatch.err().contains("classpath:"), mismatch.err());
        assertFalse(mismatch.err().contains("forecasting"), "fails before forecasting the first model: " + mismatch.err());
    }
}
