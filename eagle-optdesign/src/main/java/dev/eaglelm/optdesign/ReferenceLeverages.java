package dev.eaglelm.optdesign;

import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The plain reference: leverages, log det and the Kiefer&ndash;Wolfowitz gap of a design with Commons Math
 * ({@link CholeskyDecomposition}), written for clarity, not speed. Tests check the solvers and
 * {@link Leverages} against it.
 */
public final class ReferenceLeverages {

    private ReferenceLeverages() {
    }

    /**
     * M(w) = &Sigma; w<sub>i</sub>x<sub>i</sub>x<sub>i</sub><sup>T</sup> + &rho;I.
     *
     * @param rows n points of dimension d
     * @param weights n weights
     * @param ridge &rho;
     * @return the d &times; d information matrix
     * @throws IllegalArgumentException if the sizes disagree or a value is not finite
     */
    public static RealMatrix information(double[][] rows, double[] weights, double ridge) {
        Points p = Points.of(rows, "design points");
        Objects.requireNonNull(weights, "weights");
        if (weights.length != p.n) {
            throw new IllegalArgumentException("reference: " + p.n + " rows but " + weights.length + " weights");
        }
        RealMatrix m = new Array2DRowRealMatrix(p.d, p.d);
        for (int i = 0; i < p.n; i++) {
            RealVector x = new ArrayRealVector(rows[i]);
            m = m.add(x.outerProduct(x).scalarMultiply(weights[i]));
        }
        for (int a = 0; a < p.d; a++) {
            m.addToEntry(a, a, ridge);
        }
        return m;
    }

    /**
     * The leverages x<sub>i</sub><sup>T</sup>M(w)<sup>-1</sup>x<sub>i</sub>.
     *
     * @param rows n points of dimension d
     * @param weights n weights
     * @param ridge &rho;
     * @return one leverage per row
     * @throws IllegalArgumentException if M(w) is not positive definite or the input is invalid
     */
    public static double[] leverages(double[][] rows, double[] weights, double ridge) {
        DecompositionSolver s = cholesky(information(rows, weights, ridge)).getSolver();
        double[] l = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            RealVector x = new ArrayRealVector(rows[i]);
            l[i] = x.dotProduct(s.solve(x));
        }
        return l;
    }

    /**
     * log det M(w).
     *
     * @param rows n points of dimension d
     * @param weights n weights
     * @param ridge &rho;
     * @return the log determinant
     * @throws IllegalArgumentException if M(w) is not positive definite or the input is invalid
     */
    public static double logDet(double[][] rows, double[] weights, double ridge) {
        RealMatrix l = cholesky(information(rows, weights, ridge)).getL();
        double s = 0;
        for (int a = 0; a < l.getRowDimension(); a++) {
            s += 2 * Math.log(l.getEntry(a, a));
        }
        return s;
    }

    private static CholeskyDecomposition cholesky(RealMatrix m) {
        try {
            return new CholeskyDecomposition(m, 1e-12, 1e-14);
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new IllegalArgumentException("reference: M(w) is not positive definite: " + e.getMessage(), e);
        }
    }
}
