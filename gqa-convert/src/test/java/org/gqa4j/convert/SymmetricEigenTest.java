package org.gqa4j.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Test
    void decomposesARandomSymmetricMatrix() {
        int n = 12;
        SplittableRandom rng = new SplittableRandom(3);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) a[i][j] = a[j][i] = rng.nextDouble(-1, 1);
        SymmetricEigen e = SymmetricEigen.of(a);
        for (int k = 0; k < n; k++) {
            double[] v = Mat.column(e.vectors(), k);
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i][j] * v[j];
                assertTrue(Math.abs(av - e.values()[k] * v[i]) < 1e-10, "A v = lambda v");
            }
            if (k > 0) assertTrue(e.values()[k] <= e.values()[k - 1], "sorted, largest first");
        }
        double[][] vtv = Mat.tmul(e.vectors(), e.vectors());
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertTrue(Math.abs(vtv[i][j] - (i == j ? 1 : 0)) < 1e-10);
    }

    @Test
    void squareRootOfSpdMatrix() {
        double[][] p = {{4, 1, 0}, {1, 3, 0.5}, {0, 0.5, 2}};
        double[][][] s = SymmetricEigen.sqrtAndInverseSqrt(p);
        double[][] back = Mat.mul(s[0], s[0]);
        double[][] id = Mat.mul(s[0], s[1]);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertTrue(Math.abs(back[i][j] - p[i][j]) < 1e-12);
                assertTrue(Math.abs(id[i][j] - (i == j ? 1 : 0)) < 1e-12);
            }
        }
    }
}
