package dev.eaglelm.optdesign;

import dev.eaglelm.core.util.NdArrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Leverages and log det of a given design, in batch with ND4J: M = X<sup>T</sup>diag(w)X + &rho;I by one matrix
 * product, its Cholesky factor L (ND4J's {@code linalg().cholesky}), Y = L<sup>-1</sup>X<sup>T</sup> by one
 * triangular solve, and l<sub>i</sub> = &Vert;Y<sub>:,i</sub>&Vert;<sup>2</sup>. {@link ReferenceLeverages}
 * computes the same numbers with Commons Math; the tests require agreement to 1e-9.
 */
public final class Leverages {

    private Leverages() {
    }

    /**
     * The leverages of a design.
     *
     * @param rows the points, {@code [n, d]}, finite
     * @param weights n non-negative weights
     * @param ridge &rho; &ge; 0
     * @return l<sub>i</sub> = x<sub>i</sub><sup>T</sup>M(w)<sup>-1</sup>x<sub>i</sub>, one per row
     * @throws IllegalArgumentException if the shapes disagree, a value is not finite or M(w) is singular
     */
    public static double[] of(INDArray rows, double[] weights, double ridge) {
        return solve(rows, weights, ridge).leverages;
    }

    /**
     * log det M(w).
     *
     * @param rows the points, {@code [n, d]}, finite
     * @param weights n non-negative weights
     * @param ridge &rho; &ge; 0
     * @return log det M(w)
     * @throws IllegalArgumentException if the shapes disagree, a value is not finite or M(w) is singular
     */
    public static double logDet(INDArray rows, double[] weights, double ridge) {
        return solve(rows, weights, ridge).logDet;
    }

    private record Out(double[] leverages, double logDet) {
    }

    private static Out solve(INDArray rows, double[] weights, double ridge) {
        Objects.requireNonNull(weights, "weights");
        NdArrays.requireBackend();
        INDArray x = NdArrays.asRows(rows, "design points", -1);
        NdArrays.requireFinite(x, "design points");
        if (x.rows() != weights.length) {
            throw new IllegalArgumentException("leverages: " + x.rows() + " rows but " + weights.length + " weights");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("leverages: weight " + i + " must be finite and >= 0, got "
                        + weights[i]);
            }
        }
        int d = x.columns();
        INDArray w = Nd4j.createFromArray(weights.clone()).reshape(weights.length, 1);
        INDArray m = x.mul(w).transpose().mmul(x);
        if (ridge != 0) {
            m.addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(ridge));
        }
        m = m.add(m.transpose()).muli(0.5);
        INDArray l;
        try {
            l = Nd4j.linalg().cholesky(m);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("leverages: M(w) is not positive definite: " + e.getMessage(), e);
        }
        double[][] lv = l.toDoubleMatrix();
        double logDet = 0;
        for (int a = 0; a < d; a++) {
            if (!(lv[a][a] > 0) || !Double.isFinite(lv[a][a])) {
                throw new IllegalArgumentException("leverages: M(w) is singular (pivot " + a + ")");
            }
            logDet += 2 * Math.log(lv[a][a]);
        }
        INDArray y = Nd4j.linalg().triangularSolve(l, x.transpose().dup(), true, false);
        double[] lev = y.mul(y).sum(0).toDoubleVector();
        return new Out(lev, logDet);
    }
}
