package org.gqa4j.train;

import org.gqa4j.core.config.TrainingRecipe;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gqa4j.core.engine.ParamLayout;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): for each parameter p with
 * gradient g, at update t (1-based),
 * <pre>
 *   m = b1 m + (1 - b1) g          v = b2 v + (1 - b2) g^2
 *   p = p - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps) - lr wd p
 * </pre>
 * with {@code wd} applied to matrices only (no decay on biases and LayerNorm gains).
 * Arithmetic in double, state in float32; the moments and t are the whole state, saved in
 * checkpoints so a resumed run continues bit for bit.
 */
public final class AdamW {

    private final ParamLayout layout;
    private final double beta1, beta2, eps, weightDecay;
    private final float[][] m, v;
    private long t;

    public AdamW(ParamLayout layout, double beta1, double beta2, double eps, double weightDecay) {
        this.layout = layout;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = layout.zeros();
        this.v = layout.zeros();
    }

    public static AdamW of(ParamLayout layout, TrainingRecipe r) {
        return new AdamW(layout, r.beta1(), r.beta2(), r.eps(), r.weightDecay());
    }

    /** Updates the parameters in place with learning rate {@code lr}. */
    public void step(float[][] params, float[][] grads, double lr) {
        t++;
        double c1 = 1.0 - StrictMath.pow(beta1, t);
        double c2 = 1.0 - StrictMath.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
            float[] p = params[i], g = grads[i], mi = m[i], vi = v[i];
            double decay = layout.isMatrix(i) ? weightDecay : 0.0;
            for (int j = 0; j < p.length; j++) {
                double gj = g[j];
                double mj = beta1 * mi[j] + (1.0 - beta1) * gj;
                double vj = beta2 * vi[j] + (1.0 - beta2) * gj * gj;
                mi[j] = (float) mj;
                vi[j] = (float) vj;
                double update = (mj / c1) / (Math.sqrt(vj / c2) + eps) + decay * p[j];
                p[j] = (float) (p[j] - lr * update);
            }
        }
    }

    /** Updates taken so far. */
    public long updates() { return t; }

    /** The moments as named tensors ("adam.m.NAME", "adam.v.NAME") for a checkpoint. */
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>(layout.toMap("adam.m.", m));
        s.putAll(layout.toMap("adam.v.", v));
        return s;
    }

    /** Restores the moments and the update count saved by {@link #state()}. */
    public void restore(Map<String, float[]> state, long updates) {
        float[][] ms = layout.fromMap("adam.m.", state);
        float[][] vs = layout.fromMap("adam.v.", state);
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(ms[i], 0, m[i], 0, m[i].length);
            System.arraycopy(vs[i], 0, v[i], 0, v[i].length);
        }
        t = updates;
    }

    /** Global L2 norm of all gradients, summed in double in a fixed order. */
    public static double globalNorm(float[][] grads) {
        double ss = 0;
        for (float[] g : grads) for (float x : g) ss += (double) x * x;
        return Math.sqrt(ss);
    }

    /**
     * Scales all gradients so their global norm is at most {@code maxNorm} (no-op when it is
     * already, or when maxNorm <= 0). Returns the norm before clipping.
     */
    public static double clipGlobalNorm(float[][] grads, double maxNorm) {
        double norm = globalNorm(grads);
        if (maxNorm > 0 && norm > maxNorm && Double.isFinite(norm)) {
            // the 1e-6 keeps the clipped norm strictly below the bound after float rounding
            double scale = maxNorm / (norm + 1e-6);
            for (float[] g : grads) for (int j = 0; j < g.length; j++) g[j] = (float) (g[j] * scale);
        }
        return norm;
    }
}
