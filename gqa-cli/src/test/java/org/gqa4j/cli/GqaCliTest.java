package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GqaCliTest {

    @TempDir Path tmp;

    /** Runs the CLI, capturing picocli's, System.out's and System.err's output (progress and picocli's warnings). */
    static Result run(String... args) {
        PrintStream saved = System.out, savedErr = System.err;
        ByteArrayOutputStream sys = new ByteArrayOutputStream(), sysErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sys, true));
        System.setErr(new PrintStream(sysErr, true));
        try {
            CommandLine cl = Gqa.commandLine();
            StringWriter err = new StringWriter();
            StringWriter out = new StringWriter();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(out, true));
            int code = cl.execute(args);
            return new Result(code, out + sys.toString(), sysErr + err.toString());
        } finally {
            System.setOut(saved);
            System.setErr(savedErr);
        }
    }

    record Result(int code, String out, String err) {}

    @Test
    void helpListsTheSubcommands() {
        assertEquals(0, run("--help").code());
        String usage = Gqa.commandLine().getUsageMessage();
        for (String sub : new String[] {"datasets", "inspect"}) assertTrue(usage.contains(sub), usage);
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : Gqa.commandLine().getSubcommands().keySet()) {
            if (sub.equals("help")) continue;
            assertEquals(0, run(sub, "--help").code(), sub + " --help");
        }
    }

    @Test
    void unknownOptionIsUsageError() {
        Result r = run("datasets", "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--bogus"), r.err());
    }

    @Test
    void nonPositiveCountIsInputError() {
        Result r = run("eval", tmp.toString(), "--instruments", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--instruments must be a positive integer, got 0"), r.err());
    }

    @Test
    void datasetsListsBtcWithItsBarCount() {
        Result r = run("datasets");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("btc-usd-1m") && r.out().contains("9603"), r.out());
    }

    @Test
    void inspectOfAMissingCheckpointIsInputError() {
        Result r = run("inspect", tmp.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nope"), r.err());
    }

    @Test
    void trainTakesAConfigFileAndNamesItsErrors() throws Exception {
        Path model = tmp.resolve("model.json");
        java.nio.file.Files.writeString(model, "{\"d_model\": 16, \"layers\": 1, \"n_heads\": 4, \"n_kv_heads\": 2,"
                + " \"targets\": [\"return\"], \"context\": 16}");
        Path out = tmp.resolve("run");
        Result ok = run("train", "--data", "synthetic", "--config", model.toString(), "--steps", "5", "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
        var config = org.gqa4j.core.checkpoint.CheckpointIO.read(out).config();
        assertEquals(java.util.List.of("return"), config.targets());
        assertEquals(2, config.nKvHeads());
        assertEquals(1, config.nLayers(), "the version-1 name 'layers' is still read");

        Result conflict = run("train", "--data", "synthetic", "--config", model.toString(), "--target", "abs_return",
                "--steps", "5", "--out", tmp.resolve("run2").toString());
        assertEquals(2, conflict.code());
        assertTrue(conflict.err().contains("--target [abs_return] differs"), conflict.err());

        java.nio.file.Files.writeString(model, "{\"d_model\": 30, \"n_heads\": 4}");
        Result invalid = run("train", "--data", "synthetic", "--config", model.toString(), "--steps", "5",
                "--out", tmp.resolve("run3").toString());
        assertEquals(2, invalid.code());
        assertTrue(invalid.err().contains("model.json") && invalid.err().contains("d_model: 30 must be divisible by n_heads (4)"),
                invalid.err());
        assertTrue(!java.nio.file.Files.exists(tmp.resolve("run3").resolve("config.json")));
    }

    /** The architecture flags reach the checkpoint and inspect; the config file takes the same fields. */
    @Test
    void trainTakesTheArchitectureFromFlagsAndConfig() throws Exception {
        Path out = tmp.resolve("llama");
        Result ok = run("train", "--data", "synthetic", "--layers", "1", "--d-model", "16", "--heads", "4", "--kv-heads", "2",
                "--context", "8", "--steps", "3", "--norm", "rmsnorm", "--ffn", "swiglu", "--no-bias", "--head-dim", "6",
                "--rope-theta", "5e5", "--ffn-dim", "24", "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
        var c = org.gqa4j.core.checkpoint.CheckpointIO.read(out).config();
        assertEquals(org.gqa4j.core.config.Architecture.LLAMA, c.arch());
        assertEquals(6, c.headDim());
        assertEquals(24, c.ffnDim());
        assertEquals(5e5, c.ropeTheta());
        Result inspect = run("inspect", out.toString());
        assertEquals(0, inspect.code(), inspect.err());
        for (String word : new String[] {"\"norm\" : \"rmsnorm\"", "\"ffn\" : \"swiglu\"", "\"attention_bias\" : false",
                "\"n_layers\" : 1", "\"head_dim\" : 6"}) {
            assertTrue(inspect.out().contains(word), word + " in " + inspect.out());
        }

        Path model = tmp.resolve("model.json");
        java.nio.file.Files.writeString(model, "{\"d_model\": 16, \"n_layers\": 1, \"n_heads\": 4, \"n_kv_heads\": 4,"
                + " \"context\": 8, \"norm\": \"layernorm\", \"norm_eps\": 1e-5, \"ffn\": \"gelu-exact\"}");
        Result file = run("train", "--data", "synthetic", "--config", model.toString(), "--steps", "3",
                "--out", tmp.resolve("exact").toString());
        assertEquals(0, file.code(), file.err());
        var e = org.gqa4j.core.checkpoint.CheckpointIO.read(tmp.resolve("exact")).config().arch();
        assertEquals(new org.gqa4j.core.config.Architecture(org.gqa4j.core.config.Norm.LAYERNORM, 1e-5,
                org.gqa4j.core.config.Ffn.GELU_EXACT, true, true), e);

        Result bad = run("train", "--data", "synthetic", "--ffn", "256", "--steps", "3", "--out", tmp.resolve("bad").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("ffn: '256' is not one of gelu, gelu-exact, swiglu"), bad.err());
    }

    /** The series-input flags (and the same config fields) reach the checkpoint and inspect; bad ones are input errors. */
    @Test
    void trainTakesTheSeriesInputFromFlagsAndConfig() throws Exception {
        StringBuilder csv = new StringBuilder("date,a,b,c\n");
        java.util.Random rnd = new java.util.Random(2);
        double level = 0;
        for (int i = 0; i < 400; i++) {
            level += rnd.nextGaussian();
            csv.append(String.format(java.util.Locale.ROOT, "2020-01-01 %02d:%02d,%.4f,%.4f,%.4f%n", i / 60, i % 60, level,
                    rnd.nextGaussian(), level + rnd.nextGaussian()));
        }
        Path file = java.nio.file.Files.writeString(tmp.resolve("walk.csv"), csv.toString());
        Path out = tmp.resolve("patchtst");
        Result ok = run("train", "--data", file.toString(), "--format", "numeric", "--target", "a,c", "--layers", "1",
                "--d-model", "16", "--heads", "4", "--context", "16", "--horizon", "4", "--batch", "4", "--steps", "3",
                "--patch", "4", "--channels", "independent", "--instance-norm", "causal", "--instance-norm-eps", "0.02",
                "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
        var c = org.gqa4j.core.checkpoint.CheckpointIO.read(out).config();
        assertEquals(new org.gqa4j.core.config.SeriesInput(4, org.gqa4j.core.config.Channels.INDEPENDENT,
                org.gqa4j.core.config.InstanceNorm.CAUSAL, 0.02), c.series());
        Result inspect = run("inspect", out.toString(), "--instruments", "2");
        assertEquals(0, inspect.code(), inspect.err());
        for (String word : new String[] {"\"patch_len\" : 4", "\"channels\" : \"independent\"", "\"instance_norm\" : \"causal\"",
                "\"instance_norm_eps\" : 0.02", "\"series_input\" : \"patch 4, independent channels, causal instance norm (eps 0.02)\"",
                "\"slots\" : 4", "\"rows_per_instrument\" : 2"}) {
            assertTrue(inspect.out().contains(word), word + " in " + inspect.out());
        }
        Result predict = run("predict", out.toString(), "--data", file.toString(), "--format", "numeric",
                "--out", tmp.resolve("f.csv").toString());
        assertEquals(0, predict.code(), predict.err());
        Result export = run("export", "--from", out.toString(), "--layout", "llama", "--out", tmp.resolve("hf").toString());
        assertEquals(2, export.code(), export.out() + export.err());
        assertTrue(export.err().contains("no series-input options"), export.err());

        Path model = tmp.resolve("series.json");
        java.nio.file.Files.writeString(model, "{\"d_model\": 16, \"n_layers\": 1, \"n_heads\": 4, \"n_kv_heads\": 4,"
                + " \"context\": 16, \"patch_len\": 2, \"instance_norm\": \"causal\"}");
        Result file2 = run("train", "--data", file.toString(), "--format", "numeric", "--target", "a", "--config", model.toString(),
                "--batch", "4", "--steps", "3", "--out", tmp.resolve("mixed").toString());
        assertEquals(0, file2.code(), file2.err());
        var m = org.gqa4j.core.checkpoint.CheckpointIO.read(tmp.resolve("mixed")).config();
        assertEquals(2, m.patchLen());
        assertEquals(org.gqa4j.core.config.Channels.MIXED, m.series().channels());

        Result indivisible = run("train", "--data", file.toString(), "--format", "numeric", "--target", "a", "--context", "16",
                "--patch", "5", "--steps", "3", "--out", tmp.resolve("bad5").toString());
        assertEquals(2, indivisible.code());
        assertTrue(indivisible.err().contains("patch_len: 5 must divide context (16)"), indivisible.err());
        Result noFeature = run("train", "--data", "synthetic", "--channels", "independent", "--steps", "3",
                "--out", tmp.resolve("badch").toString());
        assertEquals(2, noFeature.code());
        assertTrue(noFeature.err().contains("channels independent forecasts each target from the feature column of the same name"),
                noFeature.err());
        Result badKind = run("train", "--data", "synthetic", "--instance-norm", "revin", "--steps", "3",
                "--out", tmp.resolve("badin").toString());
        assertEquals(2, badKind.code());
        assertTrue(badKind.err().contains("instance_norm: 'revin' is not one of none, causal"), badKind.err());
    }
}
