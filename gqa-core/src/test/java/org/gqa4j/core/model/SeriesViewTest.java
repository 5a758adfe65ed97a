package org.gqa4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.Channels;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.InstanceNorm;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.config.SeriesInput;
import org.junit.jupiter.api.Test;

/** The series transform against hand-computed values, and the config fields that select it. */
class SeriesViewTest {

    /** Three features a, b, c over 4 bars; targets a and c. */
    private static final float[] X = {
        1, 10, -2,
        3, 20, -2,
        2, 40, 0,
        6, 30, 4};

    private static ModelConfig config(SeriesInput s) {
        return ModelFixtures.series(Architecture.V1, s, 2, 1, 4).withSeries(s);
    }

    /** mean and sqrt(population variance + eps) of column col over bars 0..end, the textbook way. */
    private static double[] stats(int col, int end, double eps) {
        double s = 0, ss = 0;
        for (int i = 0; i <= end; i++) {
            s += X[i * 3 + col];
            ss += X[i * 3 + col] * X[i * 3 + col];
        }
        double n = end + 1, m = s / n;
        return new double[] {m, Math.sqrt(ss / n - m * m + eps)};
    }

    @Test
    void mixedPatchesWithCausalNormalization() {
        ModelConfig c = config(new SeriesInput(2, Channels.MIXED, InstanceNorm.CAUSAL, 0.01));
        SeriesView v = new SeriesView(c);
        assertEquals(2, c.positions());
        assertEquals(6, c.inputWidth());
        float[] tokens = new float[2 * 6], shift = new float[2 * 4], scale = new float[2 * 4];
        v.tokens(X, 1, 4, tokens, shift, scale);
        for (int e = 0; e < 2; e++) {
            int end = 2 * e + 1; // position e ends at bar 2e+1 and sees bars 0..2e+1
            for (int i = 0; i < 2; i++) {
                for (int col = 0; col < 3; col++) {
                    double[] ms = stats(col, end, 0.01);
                    assertEquals((X[(2 * e + i) * 3 + col] - ms[0]) / ms[1], tokens[e * 6 + i * 3 + col], 1e-6, "e " + e + " bar " + i + " col " + col);
                }
            }
            // outputs: target a (column 0) at steps 1, 2, then target c (column 2)
            for (int o = 0; o < 4; o++) {
                double[] ms = stats(o < 2 ? 0 : 2, end, 0.01);
                assertEquals(ms[0], shift[e * 4 + o], 1e-6);
                assertEquals(ms[1], scale[e * 4 + o], 1e-6);
            }
        }
    }

    @Test
    void independentChannelsReadTheirOwnColumn() {
        ModelConfig c = config(new SeriesInput(2, Channels.INDEPENDENT, InstanceNorm.NONE, 0.01));
        SeriesView v = new SeriesView(c);
        assertEquals(2, v.rows(1));
        assertEquals(2, c.inputWidth());
        assertEquals(2, c.outputWidth());
        float[] tokens = new float[2 * 2 * 2];
        v.tokens(X, 1, 4, tokens, null, null);
        // row 0 = target a = column 0, row 1 = target c = column 2; each [position][2 bars]
        assertArrayEquals(new float[] {1, 3, 2, 6, -2, -2, 0, 4}, tokens);
        // core outputs [row][position][horizon] assemble target-major per position
        float[] core = {1, 2, 3, 4, 5, 6, 7, 8}, out = new float[8];
        v.assemble(core, 1, 2, out);
        assertArrayEquals(new float[] {1, 2, 5, 6, 3, 4, 7, 8}, out);
        // per-bar targets [bar][4] at the positions' last bars (1 and 3), in core layout
        float[] y = new float[16];
        for (int i = 0; i < 16; i++) y[i] = i;
        float[] yCore = new float[8];
        v.coreTargets(y, 1, 4, yCore);
        assertArrayEquals(new float[] {4, 5, 12, 13, 6, 7, 14, 15}, yCore);
    }

    @Test
    void defaultsAreTheVersionOneModelAndEveryFieldRoundTrips() {
        String v1 = """
                {"features": ["a"], "targets": ["a"], "horizon": 1, "d_model": 8, "n_layers": 1, "n_heads": 2,
                 "n_kv_heads": 1, "ffn_dim": 16, "context": 8}""";
        ModelConfig c = ConfigJson.parse("config.json", v1, ModelConfig.class);
        assertEquals(SeriesInput.V1, c.series());
        assertTrue(c.series().isIdentity());
        ModelConfig s = c.withArch(c.arch().withNorm(org.gqa4j.core.config.Norm.LAYERNORM, 1e-5))
                .withSeries(new SeriesInput(4, Channels.INDEPENDENT, InstanceNorm.CAUSAL, 0.02));
        String json = ConfigJson.toJson(s);
        assertTrue(json.contains("\"patch_len\" : 4") && json.contains("\"channels\" : \"independent\"")
                && json.contains("\"instance_norm\" : \"causal\"") && json.contains("\"instance_norm_eps\" : 0.02"), json);
        assertEquals(s, ConfigJson.parse("config.json", json, ModelConfig.class));
        assertEquals(2, s.positions());
        assertEquals(new int[] {4, 8}[0], ParamNames.shapes(s).get(ParamNames.EMBED_W)[0]);
        assertEquals(1, ParamNames.shapes(s).get(ParamNames.HEAD_W)[1]);
    }

    @Test
    void inconsistentSeriesOptionsAreInputErrors() {
        ModelConfig base = ModelFixtures.tiny(2, 1, 12); // targets return, abs_return are no features
        assertInvalid(() -> base.withSeries(SeriesInput.V1.withPatch(5)), "patch_len: 5 must divide context (12)");
        assertInvalid(() -> base.withSeries(SeriesInput.V1.withPatch(0)), "patch_len: 0");
        assertInvalid(() -> base.withSeries(SeriesInput.V1.withChannels(Channels.INDEPENDENT)),
                "targets [return, abs_return] are not features [f0, f1, f2]: channels independent");
        assertInvalid(() -> base.withSeries(SeriesInput.V1.withInstanceNorm(InstanceNorm.CAUSAL, 0.01)),
                "instance_norm causal de-normalizes");
        ModelConfig ok = config(SeriesInput.V1);
        assertInvalid(() -> ok.withSeries(SeriesInput.V1.withInstanceNorm(InstanceNorm.CAUSAL, 0)), "instance_norm_eps: 0.0 must be finite and > 0");
        assertInvalid(() -> ok.withArch(Architecture.V1).withSeries(SeriesInput.V1.withInstanceNorm(InstanceNorm.CAUSAL, 0.01)),
                "norm_eps: 0 (the epsilon-free layernorm) cannot follow instance_norm causal");
        // a config that names no norm_eps gets 1e-5 with a series input, 0 (version 1) without
        String noEps = ConfigJson.toJson(ok).replaceAll("\"norm_eps\" : [^,]*,", "");
        assertEquals(0.0, ConfigJson.parse("config.json", noEps, ModelConfig.class).arch().normEps());
        String patched = noEps.replace("\"patch_len\" : 1", "\"patch_len\" : 2");
        assertEquals(1e-5, ConfigJson.parse("config.json", patched, ModelConfig.class).arch().normEps());
        String json = ConfigJson.toJson(ok).replace("\"channels\" : \"mixed\"", "\"channels\" : \"shared\"");
        assertInvalid(() -> ConfigJson.parse("config.json", json, ModelConfig.class), "channels: 'shared' is not one of mixed, independent");
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable e, String part) {
        InputException ex = assertThrows(InputException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
