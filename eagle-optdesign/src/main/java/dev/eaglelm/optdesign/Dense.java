package dev.eaglelm.optdesign;

/** Small dense linear algebra on row-major double arrays (plain Java, no allocation in the hot loops). */
final class Dense {

    private Dense() {
    }

    /** M = sum_i w_i x_i x_i^T + rho I over the rows with w_i != 0 (full symmetric d x d). */
    static double[] information(double[] x, int n, int d, double[] w, double rho) {
        double[] m = new double[d * d];
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            if (wi == 0) {
                continue;
            }
            int o = i * d;
            for (int a = 0; a < d; a++) {
                double s = wi * x[o + a];
                if (s == 0) {
                    continue;
                }
                int ra = a * d;
                for (int b = 0; b <= a; b++) {
                    m[ra + b] += s * x[o + b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            m[a * d + a] += rho;
            for (int b = 0; b < a; b++) {
                m[b * d + a] = m[a * d + b];
            }
        }
        return m;
    }

    /**
     * Lower Cholesky factor of a symmetric matrix, or null if it is not numerically positive definite
     * (a pivot &le; 1e-13 times the largest diagonal element).
     */
    static double[] cholesky(double[] m, int d) {
        double[] l = new double[d * d];
        double maxDiag = 0;
        for (int a = 0; a < d; a++) {
            maxDiag = Math.max(maxDiag, Math.abs(m[a * d + a]));
        }
        double floor = 1e-13 * maxDiag;
        for (int j = 0; j < d; j++) {
            int rj = j * d;
            double s = m[rj + j];
            for (int k = 0; k < j; k++) {
                s -= l[rj + k] * l[rj + k];
            }
            if (!(s > floor)) {
                return null;
            }
            double ljj = Math.sqrt(s);
            l[rj + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                int ri = i * d;
                double t = m[ri + j];
                for (int k = 0; k < j; k++) {
                    t -= l[ri + k] * l[rj + k];
                }
                l[ri + j] = t / ljj;
            }
        }
        return l;
    }

    /** log det from a Cholesky factor. */
    static double logDet(double[] l, int d) {
        double s = 0;
        for (int a = 0; a < d; a++) {
            s += Math.log(l[a * d + a]);
        }
        return 2 * s;
    }

    /** The full symmetric inverse from a lower Cholesky factor: (L L^T)^-1 = L^-T L^-1. */
    static double[] inverse(double[] l, int d) {
        // Linv lower triangular
        double[] li = new double[d * d];
        for (int j = 0; j < d; j++) {
            li[j * d + j] = 1.0 / l[j * d + j];
            for (int i = j + 1; i < d; i++) {
                double s = 0;
                for (int k = j; k < i; k++) {
                    s -= l[i * d + k] * li[k * d + j];
                }
                li[i * d + j] = s / l[i * d + i];
            }
        }
        double[] inv = new double[d * d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int k = a; k < d; k++) {
                    s += li[k * d + a] * li[k * d + b];
                }
                inv[a * d + b] = s;
                inv[b * d + a] = s;
            }
        }
        return inv;
    }

    /** Leverages l_i = ||L^-1 x_i||^2 of the given rows (forward substitution per row). */
    static void leverages(double[] x, int n, int d, double[] l, double[] out) {
        double[] y = new double[d];
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double acc = 0;
            for (int a = 0; a < d; a++) {
                int ra = a * d;
                double s = x[o + a];
                for (int k = 0; k < a; k++) {
                    s -= l[ra + k] * y[k];
                }
                double v = s / l[ra + a];
                y[a] = v;
                acc += v * v;
            }
            out[i] = acc;
        }
    }

    /** y = A v for a d x d row-major matrix. */
    static void matVec(double[] a, double[] v, int vo, int d, double[] y) {
        for (int r = 0; r < d; r++) {
            y[r] = dot(a, r * d, v, vo, d);
        }
    }

    /** Dot product of a[ao..ao+d) and b[bo..bo+d), four accumulators. */
    static double dot(double[] a, int ao, double[] b, int bo, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < d; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < d; k++) {
            s0 += a[ao + k] * b[bo + k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
