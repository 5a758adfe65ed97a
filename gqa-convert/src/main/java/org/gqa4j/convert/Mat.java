package org.gqa4j.convert;

/**
 * The few dense double-matrix operations the merge methods need ([rows][cols] arrays). The
 * matrices are tiny (head size, or d_model + 1), so plain loops in double precision are enough
 * and keep conversion independent of any native library.
 */
final class Mat {

    private Mat() {}

    static double[][] zeros(int rows, int cols) {
        return new double[rows][cols];
    }

    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) m[i][i] = 1;
        return m;
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    static double[][] mul(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            double[] ci = c[i];
            for (int p = 0; p < k; p++) {
                double aip = a[i][p];
                if (aip == 0) continue;
                double[] bp = b[p];
                for (int j = 0; j < m; j++) ci[j] += aip * bp[j];
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    /** a^T b. */
    static double[][] tmul(double[][] a, double[][] b) {
        return mul(transpose(a), b);
    }

    static double[][] add(double[][] a, double[][] b) {
        double[][] c = copy(a);
        for (int i = 0; i < c.length; i++) for (int j = 0; j < c[0].length; j++) c[i][j] += b[i][j];
        return c;
    }

    static double[][] scale(double[][] a, double s) {
        double[][] c = copy(a);
        for (double[] row : c) for (int j = 0; j < row.length; j++) row[j] *= s;
        return c;
    }

    static double trace(double[][] a) {
        double t = 0;
        for (int i = 0; i < a.length; i++) t += a[i][i];
        return t;
    }

    /** x^T C y for column vectors given as arrays. */
    static double form(double[] x, double[][] c, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0) continue;
            double row = 0;
            for (int j = 0; j < y.length; j++) row += c[i][j] * y[j];
            s += x[i] * row;
        }
        return s;
    }

    /** Column j of a. */
    static double[] column(double[][] a, int j) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) c[i] = a[i][j];
        return c;
    }

    static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) for (double v : row) s += v * v;
        return Math.sqrt(s);
    }

    /** The inverse by Gauss-Jordan with partial pivoting; null when numerically singular. */
    static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = copy(a);
        double[][] inv = identity(n);
        double scale = Math.max(frobenius(a), Double.MIN_NORMAL);
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            if (Math.abs(m[pivot][col]) < 1e-12 * scale) return null;
            double[] t = m[col]; m[col] = m[pivot]; m[pivot] = t;
            t = inv[col]; inv[col] = inv[pivot]; inv[pivot] = t;
            double p = m[col][col];
            for (int j = 0; j < n; j++) { m[col][j] /= p; inv[col][j] /= p; }
            for (int r = 0; r < n; r++) {
                if (r == col || m[r][col] == 0) continue;
                double f = m[r][col];
                for (int j = 0; j < n; j++) { m[r][j] -= f * m[col][j]; inv[r][j] -= f * inv[col][j]; }
            }
        }
        return inv;
    }
}
