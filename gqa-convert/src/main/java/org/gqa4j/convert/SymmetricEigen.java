package org.gqa4j.convert;

/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method: slow for big
 * matrices but simple, accurate and deterministic, and the matrices here are at most
 * (group size x head size) square.
 *
 * @param values  eigenvalues, largest first
 * @param vectors eigenvectors as columns, in the order of {@code values}
 */
record SymmetricEigen(double[] values, double[][] vectors) {

    static SymmetricEigen of(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = Mat.copy(symmetric);
        double[][] v = Mat.identity(n);
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    total += a[i][j] * a[i][j];
                    if (i != j) off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-30 * total || off == 0) break;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) rotate(a, v, p, q);
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = a[order[k]][order[k]];
            for (int i = 0; i < n; i++) vectors[i][k] = v[i][order[k]];
        }
        return new SymmetricEigen(values, vectors);
    }

    /** One Jacobi rotation zeroing a[p][q] (Golub and Van Loan, algorithm 8.4.1). */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p], akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k], aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p], vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** S^{1/2} and S^{-1/2} of a symmetric positive definite matrix. */
    static double[][][] sqrtAndInverseSqrt(double[][] spd) {
        SymmetricEigen e = of(spd);
        int n = spd.length;
        double[][] sqrt = new double[n][n];
        double[][] inv = new double[n][n];
        for (int k = 0; k < n; k++) {
            double lam = Math.max(e.values[k], 0);
            double r = Math.sqrt(lam);
            double ir = lam > 0 ? 1 / r : 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double vv = e.vectors[i][k] * e.vectors[j][k];
                    sqrt[i][j] += r * vv;
                    inv[i][j] += ir * vv;
                }
            }
        }
        return new double[][][] {sqrt, inv};
    }
}
