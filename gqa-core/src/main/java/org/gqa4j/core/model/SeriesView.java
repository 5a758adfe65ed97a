package org.gqa4j.core.model;

import org.gqa4j.core.config.Channels;
import org.gqa4j.core.config.InstanceNorm;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.config.SeriesInput;

/**
 * The one home of the series-input transform ({@link SeriesInput}): how windows of bars become
 * the transformer's token rows, and how its outputs become forecasts. Every engine (the
 * reference model, the vector engine forward and backward, the SameDiff graph, the streaming
 * engine) calls these methods, so the transform is bit-identical across them.
 *
 * <p>For a window of T bars x [T][n_features] (T a multiple of P = patch_len):
 * <ul>
 * <li><b>Positions.</b> Position e holds bars eP .. eP+P-1; RoPE turns by e. The forecast made at
 *     position e is the forecast made at its last bar, end(e) = eP + P - 1.</li>
 * <li><b>Rows.</b> Mixed channels: one row per window; its token at e is the P bars' feature
 *     vectors one after the other (index i * n_features + f). Independent channels: one row per
 *     target k, reading only the feature column of the same name; its token is that column's P
 *     values and its output the k-th target's H steps. Rows are ordered window-major
 *     (row = window * C + k).</li>
 * <li><b>Causal instance norm.</b> For each column, mu_e and var_e are the mean and population
 *     variance over bars lo(e) .. end(e) of the window, lo(e) = max(0, end(e) - context + 1): every
 *     bar of the window up to the position's last bar, at most {@code context} of them, nothing
 *     later. sigma_e = sqrt(var_e + eps). Token values are (x - mu_e) / sigma_e; an output f that
 *     forecasts target j becomes mu_e + sigma_e f with the statistics of target j's column.
 *     Statistics are computed in double, in bar order, so any caller that passes the same bars
 *     gets the same bits; the streaming engine passes its last {@code context} bars.</li>
 * </ul>
 * Because position e reads bars up to end(e) only, a changed future bar changes no earlier
 * forecast, and training on every position of a window is leak-free.
 *
 * <p>Layouts: tokens [rows][N][input_width]; core outputs, shift and scale [rows][N][output_width];
 * forecasts [windows][N][n_outputs] (target-major, as without the transform).
 */
public final class SeriesView {

    private final int p, f, c, inW, outW, nOut, horizon, span;
    private final boolean identity, normalized, independent;
    private final double eps;
    /** Independent: the feature column of channel (target) k. */
    private final int[] channelColumn;
    /** Mixed: the feature column whose statistics de-normalize output o. */
    private final int[] outputColumn;
    /** Per-call scratch of column statistics (one SeriesView per engine; not thread-safe). */
    private final double[] mean, sigma;

    public SeriesView(ModelConfig config) {
        SeriesInput s = config.series();
        p = s.patchLen();
        f = config.nFeatures();
        c = config.channelRows();
        inW = config.inputWidth();
        outW = config.outputWidth();
        nOut = config.nOutputs();
        horizon = config.horizon();
        span = config.context();
        identity = s.isIdentity();
        normalized = s.instanceNorm() != InstanceNorm.NONE;
        independent = s.channels() == Channels.INDEPENDENT;
        eps = s.instanceNormEps();
        channelColumn = new int[config.targets().size()];
        for (int k = 0; k < channelColumn.length; k++) channelColumn[k] = config.features().indexOf(config.targets().get(k));
        outputColumn = new int[nOut];
        for (int o = 0; o < nOut; o++) outputColumn[o] = channelColumn[o / horizon];
        mean = new double[f];
        sigma = new double[f];
    }

    /** True for version-1 models: tokens are the bars and outputs the forecasts, nothing to do. */
    public boolean isIdentity() { return identity; }

    /** Whether outputs are de-normalized (shift and scale exist). */
    public boolean normalized() { return normalized; }

    /** Transformer rows for this many windows. */
    public int rows(int windows) { return windows * c; }

    /** Rows per window: 1, or the number of targets with independent channels. */
    public int rowsPerWindow() { return c; }

    public int patchLen() { return p; }

    public int inputWidth() { return inW; }

    public int outputWidth() { return outW; }

    /** Positions of a window of {@code bars} bars. */
    public int positions(int bars) {
        if (bars % p != 0) throw new IllegalArgumentException(bars + " bars are not a whole number of patches of " + p);
        return bars / p;
    }

    /**
     * Tokens of {@code windows} windows of {@code bars} bars, x [windows][bars][n_features]; with
     * instance norm also the shift (mu) and scale (sigma) of every output. shift and scale may be
     * null when not normalized.
     */
    public void tokens(float[] x, int windows, int bars, float[] tokens, float[] shift, float[] scale) {
        int n = positions(bars);
        for (int b = 0; b < windows; b++) {
            for (int e = 0; e < n; e++) {
                int row0 = b * c * n + e;
                position(x, b * bars * f, e, tokens, row0 * inW, n * inW, shift, scale, row0 * outW, n * outW);
            }
        }
    }

    /**
     * Position e of one window whose bar i starts at x[base + i * n_features] (the window starts at
     * bar 0 = x[base]): writes the position's token in each of the window's C rows, at
     * tokens[t0 + k * tStride], and with instance norm its shift and scale at s0 + k * sStride.
     */
    public void position(float[] x, int base, int e, float[] tokens, int t0, int tStride,
                         float[] shift, float[] scale, int s0, int sStride) {
        int first = e * p, end = first + p - 1;
        if (normalized) {
            int lo = Math.max(0, end - span + 1);
            if (independent) {
                for (int col : channelColumn) statistics(x, base, lo, end, col);
            } else {
                for (int col = 0; col < f; col++) statistics(x, base, lo, end, col);
            }
        }
        if (independent) {
            for (int k = 0; k < c; k++) {
                int col = channelColumn[k], t = t0 + k * tStride;
                for (int i = 0; i < p; i++) tokens[t + i] = value(x[base + (first + i) * f + col], col);
                if (normalized) {
                    int s = s0 + k * sStride;
                    float mu = (float) mean[col], sd = (float) sigma[col];
                    for (int j = 0; j < outW; j++) {
                        shift[s + j] = mu;
                        scale[s + j] = sd;
                    }
                }
            }
        } else {
            for (int i = 0; i < p; i++) {
                int from = base + (first + i) * f, to = t0 + i * f;
                for (int col = 0; col < f; col++) tokens[to + col] = value(x[from + col], col);
            }
            if (normalized) {
                for (int o = 0; o < outW; o++) {
                    shift[s0 + o] = (float) mean[outputColumn[o]];
                    scale[s0 + o] = (float) sigma[outputColumn[o]];
                }
            }
        }
    }

    private float value(float v, int col) {
        return normalized ? (float) ((v - mean[col]) / sigma[col]) : v;
    }

    /** Mean and sqrt(population variance + eps) of column col over bars lo..end, two passes in double. */
    private void statistics(float[] x, int base, int lo, int end, int col) {
        double sum = 0;
        for (int i = lo; i <= end; i++) sum += x[base + i * f + col];
        double m = sum / (end - lo + 1);
        double ss = 0;
        for (int i = lo; i <= end; i++) {
            double d = x[base + i * f + col] - m;
            ss += d * d;
        }
        mean[col] = m;
        sigma[col] = Math.sqrt(ss / (end - lo + 1) + eps);
    }

    /** core[i] = shift[i] + scale[i] * core[i] over [0, count): the de-normalized outputs, in place. */
    public static void denormalize(float[] core, float[] shift, float[] scale, int count) {
        denormalize(core, 0, shift, scale, 0, count);
    }

    /** The same for core[off ..] with shift and scale from sOff. */
    public static void denormalize(float[] core, int off, float[] shift, float[] scale, int sOff, int count) {
        for (int i = 0; i < count; i++) core[off + i] = shift[sOff + i] + scale[sOff + i] * core[off + i];
    }

    /** Core rows [windows * C][N][output_width] as forecasts [windows][N][n_outputs]. */
    public void assemble(float[] core, int windows, int n, float[] out) {
        if (!independent) {
            System.arraycopy(core, 0, out, 0, windows * n * nOut);
            return;
        }
        for (int b = 0; b < windows; b++) {
            for (int k = 0; k < c; k++) {
                for (int e = 0; e < n; e++) {
                    System.arraycopy(core, ((b * c + k) * n + e) * horizon, out, (b * n + e) * nOut + k * horizon, horizon);
                }
            }
        }
    }

    /**
     * Per-bar targets y [windows][bars][n_outputs] at each position's last bar, in core layout
     * [windows * C][N][output_width]: what the de-normalized core outputs are compared with.
     */
    public void coreTargets(float[] y, int windows, int bars, float[] yCore) {
        int n = positions(bars);
        for (int b = 0; b < windows; b++) {
            for (int e = 0; e < n; e++) {
                int from = (b * bars + e * p + p - 1) * nOut;
                if (!independent) {
                    System.arraycopy(y, from, yCore, (b * n + e) * nOut, nOut);
                } else {
                    for (int k = 0; k < c; k++) System.arraycopy(y, from + k * horizon, yCore, ((b * c + k) * n + e) * horizon, horizon);
                }
            }
        }
    }
}
