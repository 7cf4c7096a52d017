package dev.eaglelm.embeddings.behavioral;

/**
 * In-place Cholesky solves of small symmetric positive-definite systems stored in flat arrays.
 */
final class Cholesky {

    private Cholesky() {
    }

    /**
     * Solves A x = b for one d &times; d system, overwriting A with its Cholesky factor and b with x.
     *
     * @return false if A is not positive definite (then the arrays hold garbage)
     */
    static boolean solveInPlace(double[] a, int aOff, double[] b, int bOff, int d) {
        for (int j = 0; j < d; j++) {
            int rj = aOff + j * d;
            double s = a[rj + j];
            for (int k = 0; k < j; k++) {
                s -= a[rj + k] * a[rj + k];
            }
            if (!(s > 0)) {
                return false;
            }
            double l = Math.sqrt(s);
            a[rj + j] = l;
            double inv = 1.0 / l;
            for (int i = j + 1; i < d; i++) {
                int ri = aOff + i * d;
                double t = a[ri + j];
                for (int k = 0; k < j; k++) {
                    t -= a[ri + k] * a[rj + k];
                }
                a[ri + j] = t * inv;
            }
        }
        for (int i = 0; i < d; i++) { // L y = b
            int ri = aOff + i * d;
            double t = b[bOff + i];
            for (int k = 0; k < i; k++) {
                t -= a[ri + k] * b[bOff + k];
            }
            b[bOff + i] = t / a[ri + i];
        }
        for (int i = d - 1; i >= 0; i--) { // L^T x = y
            double t = b[bOff + i];
            for (int k = i + 1; k < d; k++) {
                t -= a[aOff + k * d + i] * b[bOff + k];
            }
            b[bOff + i] = t / a[aOff + i * d + i];
        }
        return true;
    }
}
