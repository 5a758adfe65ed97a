package org.gqa4j.convert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.engine.VectorEngine;

/** Models with known head structure, and helpers to compare outputs. */
final class Fixtures {

    static final int T = 10;

    private Fixtures() {}

    /** The model's outputs, computed by the training engine (tested against the graph in gqa-train; much faster to set up). */
    static float[] outputs(Weights w, float[] x, int batch) {
        try (VectorEngine e = new VectorEngine(w.config(), 1)) {
            return e.forward(e.layout().fromWeights(w), x, batch);
        }
    }

    static float[] input(ModelConfig c, int batch, long seed) {
        return ModelFixtures.randomInput(batch, c.context(), c.nFeatures(), seed);
    }

    static Calibration calibration(ModelConfig c, int windows, long seed) {
        return Calibration.of(ModelFixtures.randomInput(windows, c.context(), c.nFeatures(), seed), windows,
                c.context(), c.nFeatures());
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /**
     * Random weights whose KV heads are rebuilt from one base head per group: {@code groups[j]}
     * lists the KV heads of group j, the first being the base. With {@code aligned} the other
     * heads are the base transformed by maps the aligned merge can undo (per rotary pair a
     * complex factor for keys, any invertible matrix for values); otherwise exact copies.
     */
    static Weights structured(ModelConfig c, long seed, int[][] groups, boolean aligned) {
        Weights base = ModelFixtures.randomWeights(c, seed);
        Map<String, float[]> v = new LinkedHashMap<>();
        base.asMap().forEach((k, a) -> v.put(k, a.clone()));
        SplittableRandom rng = new SplittableRandom(seed + 7);
        for (int layer = 0; layer < c.nLayers(); layer++) {
            LayerAttention la = LayerAttention.read(c, v, layer);
            int hd = la.hd, half = hd / 2;
            for (int[] group : groups) {
                double[][] k0 = la.k[group[0]], v0 = la.v[group[0]];
                for (int m = 1; m < group.length; m++) {
                    double[][] k = Mat.copy(k0);
                    double[][] val = Mat.copy(v0);
                    if (aligned) {
                        for (int i = 0; i < half; i++) {
                            double r = rng.nextDouble(0.5, 2.0), phi = rng.nextDouble(-Math.PI, Math.PI);
                            double x = r * Math.cos(phi), y = r * Math.sin(phi);
                            for (double[] row : k) {
                                double a = row[i], b = row[i + half];
                                row[i] = x * a - y * b;   // (a + ib)(x + iy)
                                row[i + half] = x * b + y * a;
                            }
                        }
                        double[][] n = Mat.identity(hd);
                        for (double[] row : n) for (int j = 0; j < hd; j++) row[j] += rng.nextDouble(-0.4, 0.4);
                        val = Mat.mul(v0, n);
                    }
                    la.k[group[m]] = k;
                    la.v[group[m]] = val;
                }
            }
            la.write(v);
        }
        return Weights.of(c, v);
    }
}
