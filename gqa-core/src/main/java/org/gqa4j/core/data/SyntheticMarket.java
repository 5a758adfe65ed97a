package org.gqa4j.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic market with known, learnable structure, for tests and learnability checks:
 * <ul>
 *   <li>a 2-state Markov regime (calm / turbulent) that sets the long-run volatility and the drift;</li>
 *   <li>GARCH(1,1) volatility clustering: {@code h_t = (1-a-b) v_s + a e_{t-1}^2 + b h_{t-1}};</li>
 *   <li>a weak AR(1) in returns: {@code r_t = mu_s + PHI (r_{t-1} - mu_prev) + e_t}, {@code e_t = sqrt(h_t) z_t};</li>
 *   <li>consistent bars: open = previous close, high/low from intrabar noise scaled with the
 *       volatility, volume rising with the volatility.</li>
 * </ul>
 * Deterministic for a seed on every JVM (SplittableRandom, own Gaussian, StrictMath).
 */
public final class SyntheticMarket {

    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_BARS = 20_000;
    /** 2020-01-01T00:00:00Z: the first bar's time. */
    public static final long START_MILLIS = 1_577_836_800_000L;
    public static final long STEP_MILLIS = 60_000L;

    public static final double PHI = 0.15;
    static final double GARCH_ALPHA = 0.08;
    static final double GARCH_BETA = 0.90;
    static final double[] VOL = {0.0008, 0.0025};        // long-run per-bar volatility: calm, turbulent
    static final double[] DRIFT = {0.00001, -0.00003};   // per-bar drift: calm, turbulent
    static final double[] STAY = {0.995, 0.98};          // probability of keeping the regime

    private SyntheticMarket() {
    }

    public static PriceSeries generate(long seed, int bars) {
        if (bars < 1) {
            throw new IllegalArgumentException("bars must be >= 1: " + bars);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Bar> out = new ArrayList<>(bars);
        int regime = 0;
        double h = VOL[0] * VOL[0];
        double e = 0;
        double r = 0;
        double mu = DRIFT[0];
        double close = 100.0;
        for (int t = 0; t < bars; t++) {
            if (rnd.nextDouble() > STAY[regime]) {
                regime = 1 - regime;
            }
            double muPrev = mu;
            mu = DRIFT[regime];
            h = (1 - GARCH_ALPHA - GARCH_BETA) * VOL[regime] * VOL[regime] + GARCH_ALPHA * e * e + GARCH_BETA * h;
            double sigma = StrictMath.sqrt(h);
            e = sigma * gaussian(rnd);
            r = t == 0 ? mu + e : mu + PHI * (r - muPrev) + e;
            double open = close;
            close = open * StrictMath.exp(r);
            double high = Math.max(open, close) * StrictMath.exp(0.5 * sigma * Math.abs(gaussian(rnd)));
            double low = Math.min(open, close) * StrictMath.exp(-0.5 * sigma * Math.abs(gaussian(rnd)));
            double volume = 10.0 * (sigma / VOL[0]) * StrictMath.exp(0.3 * gaussian(rnd));
            out.add(Bar.of(START_MILLIS + t * STEP_MILLIS, open, high, low, close, volume));
        }
        return PriceSeries.ofBars("synthetic", "synthetic:seed=" + seed + ",bars=" + bars, out);
    }

    /** Box-Muller from two uniforms (one normal per call, so the stream is simple to reason about). */
    private static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble(); // (0, 1]
        double v = rnd.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
    }
}
