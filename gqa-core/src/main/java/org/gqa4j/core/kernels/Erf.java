package org.gqa4j.core.kernels;

/**
 * The error function erf(x) = 2/sqrt(pi) * integral_0^x e^(-t^2) dt.
 *
 * <p>{@link #erf(double)} is accurate to about 1e-15 (absolute) everywhere, from two classical
 * expansions that need no fitted coefficients (Abramowitz and Stegun 7.1.6 and 7.1.14):
 * <ul>
 * <li>|x| &lt; 3: erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)). Every term
 *     is positive, so nothing cancels; it is summed until a term no longer changes the sum.</li>
 * <li>|x| &ge; 3: erfc(x) = e^(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))),
 *     a continued fraction evaluated bottom-up with 60 levels (converged to double precision
 *     for x &ge; 3), and erf = 1 - erfc.</li>
 * </ul>
 *
 * <p>{@link #erfFloat(float)} is the float32 form the vector kernels use: Abramowitz and
 * Stegun 7.1.26, erf(x) = 1 - (a1 t + ... + a5 t^5) e^(-x^2), t = 1 / (1 + p x), with maximum
 * absolute error 1.5e-7 in exact arithmetic; evaluated in float it stays under 5e-7 (1 - poly
 * e^(-x^2) cancels near 0, where float rounding of numbers near 1 dominates). In the exact GELU
 * u Phi(u) that error is multiplied by u/2, so it stays below float resolution of the result.
 */
public final class Erf {

    /** Coefficients of Abramowitz and Stegun 7.1.26. */
    public static final float P = 0.3275911f, A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f,
            A4 = -1.453152027f, A5 = 1.061405429f;

    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private Erf() {}

    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        double r;
        if (ax < 3.0) {
            double x2 = ax * ax, term = ax, sum = ax;
            for (int n = 1; n < 200; n++) {
                term *= 2.0 * x2 / (2 * n + 1);
                double next = sum + term;
                if (next == sum) break;
                sum = next;
            }
            r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        } else if (ax < 27.0) {
            double f = ax;
            for (int k = 60; k >= 1; k--) f = ax + (k / 2.0) / f;
            r = 1.0 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        } else {
            r = 1.0;
        }
        return x < 0 ? -r : r;
    }

    /** Abramowitz and Stegun 7.1.26 in float: |error| &lt; 5e-7. */
    public static float erfFloat(float x) {
        float ax = Math.abs(x);
        float t = 1f / Math.fma(P, ax, 1f);
        float poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
        float r = 1f - poly * (float) Math.exp(-ax * ax);
        return x < 0 ? -r : r;
    }
}
