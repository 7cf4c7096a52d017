package dev.eaglelm.optdesign;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Validated design points, copied into one row-major array. */
final class Points {

    final double[] x;
    final int n;
    final int d;

    private Points(double[] x, int n, int d) {
        this.x = x;
        this.n = n;
        this.d = d;
    }

    static Points wrap(double[] flat, int n, int d) {
        return new Points(flat, n, d);
    }

    /**
     * Copies and checks rows: at least one, none empty, all of one length, all finite.
     *
     * @throws IllegalArgumentException naming the row and column of the first problem
     */
    static Points of(double[][] rows, String what) {
        Objects.requireNonNull(rows, what);
        if (rows.length == 0) {
            throw new IllegalArgumentException(what + ": no rows");
        }
        if (rows[0] == null || rows[0].length == 0) {
            throw new IllegalArgumentException(what + ": row 0 has no columns");
        }
        int d = rows[0].length;
        int n = rows.length;
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] r = rows[i];
            if (r == null || r.length != d) {
                throw new IllegalArgumentException(what + ": row " + i + " has " + (r == null ? 0 : r.length)
                        + " columns, expected " + d + " (as row 0)");
            }
            for (int j = 0; j < d; j++) {
                double v = r[j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(what + ": row " + i + ", column " + j + ": not finite: " + v);
                }
                x[i * d + j] = v;
            }
        }
        return new Points(x, n, d);
    }

    static Points of(INDArray matrix, String what) {
        Objects.requireNonNull(matrix, what);
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException(what + ": expected a matrix [n, d], got shape "
                    + java.util.Arrays.toString(matrix.shape()));
        }
        if (matrix.rows() == 0 || matrix.columns() == 0) {
            throw new IllegalArgumentException(what + ": empty matrix " + java.util.Arrays.toString(matrix.shape()));
        }
        return of(matrix.toDoubleMatrix(), what);
    }

    double[][] rows() {
        double[][] r = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, r[i], 0, d);
        }
        return r;
    }

    Points subset(int[] idx) {
        double[] y = new double[idx.length * d];
        for (int a = 0; a < idx.length; a++) {
            System.arraycopy(x, idx[a] * d, y, a * d, d);
        }
        return new Points(y, idx.length, d);
    }
}
