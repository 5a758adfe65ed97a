package org.gqa4j.core.stream;

import java.util.Arrays;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.SeriesView;

/**
 * The streaming engine's side of {@link SeriesView}: per instrument, the last {@code context}
 * bars (a ring) and the bar count, so that when a patch completes its tokens and statistics are
 * computed by the same code, on the same bars in the same order, as for the sliding-window
 * model; and the de-normalized, assembled forecasts of each instrument.
 */
final class SeriesFront {

    private final SeriesView view;
    private final int f, span, p, per, inW, outW, nOut;
    private final boolean normalized;
    /** [instruments][span][f]: bar number b of instrument i is at slot b % span. */
    private final float[] history;
    private final long[] bars;
    /** The last min(bars, span) bars of one instrument in time order. */
    private final float[] window;
    /** [instruments * per][inW] tokens and [instruments * per][outW] statistics of the step. */
    private final float[] tokens, shift, scale;
    /** [instruments][n_outputs]; rows of instruments that completed no patch are NaN. */
    private final float[] forecasts;
    private final float[] core, row;

    SeriesFront(SeriesView view, ModelConfig c, int instruments) {
        this.view = view;
        f = c.nFeatures();
        span = c.context();
        p = c.patchLen();
        per = view.rowsPerWindow();
        inW = view.inputWidth();
        outW = view.outputWidth();
        nOut = c.nOutputs();
        normalized = view.normalized();
        long size = (long) instruments * span * f;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("bar history of " + instruments + " instruments x context " + span
                    + " x " + f + " features exceeds one Java array");
        }
        history = new float[(int) size];
        bars = new long[instruments];
        window = new float[span * f];
        tokens = new float[instruments * per * inW];
        shift = normalized ? new float[instruments * per * outW] : null;
        scale = normalized ? new float[instruments * per * outW] : null;
        forecasts = new float[instruments * nOut];
        Arrays.fill(forecasts, Float.NaN);
        core = new float[per * outW];
        row = new float[nOut];
    }

    /** Appends one bar (src[off .. off + n_features)) to instrument i's history. */
    void add(int i, float[] src, int off) {
        int slot = (int) (bars[i] % span);
        System.arraycopy(src, off, history, (i * span + slot) * f, f);
        bars[i]++;
    }

    /** Whether instrument i's last bar completed a patch. */
    boolean ready(int i) {
        return bars[i] > 0 && bars[i] % p == 0;
    }

    /** Tokens (and statistics) of instrument i's completed patch, from its last min(bars, context) bars. */
    void prepare(int i) {
        int n = (int) Math.min(bars[i], span);
        long first = bars[i] - n;
        for (int k = 0; k < n; k++) {
            int slot = (int) ((first + k) % span);
            System.arraycopy(history, (i * span + slot) * f, window, k * f, f);
        }
        view.position(window, 0, n / p - 1, tokens, i * per * inW, inW, shift, scale, i * per * outW, outW);
    }

    /** Marks instrument i's forecast as undefined for this step (its patch is incomplete). */
    void notReady(int i) {
        Arrays.fill(forecasts, i * nOut, (i + 1) * nOut, Float.NaN);
    }

    /** De-normalizes and assembles the transformer's outputs (rows [i0 * per, ..) of out) into forecasts. */
    void forecast(int i0, int count, float[] out) {
        for (int i = i0; i < i0 + count; i++) {
            System.arraycopy(out, i * per * outW, core, 0, per * outW);
            if (normalized) SeriesView.denormalize(core, 0, shift, scale, i * per * outW, per * outW);
            view.assemble(core, 1, 1, row);
            System.arraycopy(row, 0, forecasts, i * nOut, nOut);
        }
    }

    float[] tokens() {
        return tokens;
    }

    float[] forecasts() {
        return forecasts;
    }

    long bars(int i) {
        return bars[i];
    }

    void reset() {
        Arrays.fill(bars, 0L);
        Arrays.fill(forecasts, Float.NaN);
    }

    void reset(int i) {
        bars[i] = 0L;
        notReady(i);
    }
}
