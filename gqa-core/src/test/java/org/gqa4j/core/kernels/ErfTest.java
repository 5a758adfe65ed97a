package org.gqa4j.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErfTest {

    /** Values of erf from tables (Abramowitz and Stegun table 7.1, 15 digits; erf(5) from its complement). */
    @Test
    void doubleErfMatchesTables() {
        double[][] table = {
            {0.0, 0.0}, {0.1, 0.112462916018285}, {0.5, 0.520499877813047}, {1.0, 0.842700792949715},
            {1.5, 0.966105146475311}, {2.0, 0.995322265018953}, {2.5, 0.999593047982555},
            {3.0, 0.999977909503001}, {3.5, 0.999999256901628}, {5.0, 1 - 1.537459794428035e-12}};
        for (double[] row : table) {
            assertEquals(row[1], Erf.erf(row[0]), 2e-15, "erf(" + row[0] + ")");
            assertEquals(-row[1], Erf.erf(-row[0]), 2e-15, "erf is odd");
        }
        assertEquals(1.0, Erf.erf(40), 0.0);
    }

    @Test
    void floatErfIsWithinItsDocumentedError() {
        for (double x = -6; x <= 6; x += 0.001) {
            assertEquals(Erf.erf((float) x), Erf.erfFloat((float) x), 5e-7, "erfFloat(" + x + ")");
        }
    }

    /** The vector kernels (full vectors and scalar tails) agree with the scalar definitions. */
    @Test
    void activationKernelsMatchTheirDefinitions() {
        int n = 3 * Kernels.L + 5;
        float[] u = new float[n], up = new float[n], out = new float[n], scratch = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = -5f + 10f * i / n;
            up[i] = 0.5f - (float) i / n;
        }
        Activations.geluExact(u, out, scratch, 0, n);
        for (int i = 0; i < n; i++) assertEquals(0.5 * u[i] * (1 + Erf.erf(u[i] / Math.sqrt(2))), out[i], 1e-6, "gelu-exact " + u[i]);
        Activations.swiglu(u, up, out, scratch, 0, n);
        for (int i = 0; i < n; i++) assertEquals(u[i] / (1 + Math.exp(-u[i])) * up[i], out[i], 1e-6, "swiglu " + u[i]);
        // derivatives against central differences of the double definitions
        float[] dy = new float[n], dGate = new float[n], dUp = new float[n];
        java.util.Arrays.fill(dy, 1f);
        Activations.geluExactBackward(u, dy, scratch, 0, n);
        java.util.Arrays.fill(out, 1f);
        Activations.swigluBackward(u, up, out, dGate, dUp, scratch, 0, n);
        double h = 1e-5;
        for (int i = 0; i < n; i++) {
            double z = u[i];
            double g = (0.5 * (z + h) * (1 + Erf.erf((z + h) / Math.sqrt(2))) - 0.5 * (z - h) * (1 + Erf.erf((z - h) / Math.sqrt(2)))) / (2 * h);
            assertEquals(g, dy[i], 1e-5, "gelu-exact' " + z);
            double silu = z / (1 + Math.exp(-z));
            double dsilu = ((z + h) / (1 + Math.exp(-(z + h))) - (z - h) / (1 + Math.exp(-(z - h)))) / (2 * h);
            assertEquals(silu, dUp[i], 1e-5, "d swiglu / d up");
            assertEquals(dsilu * up[i], dGate[i], 1e-5, "d swiglu / d gate");
        }
    }
}
