package dev.kenning.constraints;

/**
 * Small dense linear algebra for the projection residuals of laws that are linear in their
 * unknown parameters (x = Σ θ_k·φ_k(t)). Computed once per graph in double precision, then
 * embedded as a constant, so training only pays one matrix product.
 */
final class Projections {
    private Projections() {
    }

    /** Columns 1, t, …, t^degree at t_i = i·dt: a frames × (degree+1) matrix. */
    static double[][] polynomialBasis(int frames, double dt, int degree) {
        double[][] a = new double[frames][degree + 1];
        for (int i = 0; i < frames; i++) {
            double t = i * dt;
            double p = 1;
            for (int k = 0; k <= degree; k++) {
                a[i][k] = p;
                p *= t;
            }
        }
        return a;
    }

    /** M = I − A(AᵀA)⁻¹Aᵀ: maps a sequence to its residual after the least-squares fit on A. */
    static double[][] residualMatrix(double[][] a) {
        int n = a.length;
        int k = a[0].length;
        if (n <= k) {
            throw new IllegalArgumentException("need more than " + k + " frames to fit " + k
                    + " parameters, got " + n);
        }
        double[][] ata = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += a[r][i] * a[r][j];
                }
                ata[i][j] = s;
            }
        }
        double[][] inv = invert(ata);
        double[][] m = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double s = 0;
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        s += a[r][i] * inv[i][j] * a[c][j];
                    }
                }
                m[r][c] = (r == c ? 1 : 0) - s;
            }
        }
        return m;
    }

    static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int r = 0; r < m.length; r++) {
            double s = 0;
            for (int c = 0; c < v.length; c++) {
                s += m[r][c] * v[c];
            }
            out[r] = s;
        }
        return out;
    }

    /** Gauss–Jordan with partial pivoting; the matrices here are tiny and well conditioned. */
    static double[][] invert(double[][] x) {
        int n = x.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                throw new IllegalArgumentException("singular basis: the frames do not determine the law's parameters");
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            double d = a[col][col];
            for (int c = 0; c < 2 * n; c++) {
                a[col][c] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && a[r][col] != 0) {
                    double f = a[r][col];
                    for (int c = 0; c < 2 * n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
