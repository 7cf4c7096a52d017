package dev.eaglelm.optdesign;

import java.util.Arrays;
import java.util.Objects;

/**
 * A continuous design and its certificate.
 *
 * <p>The numbers are recomputed exactly (a fresh Cholesky factorisation of M(w) and every leverage) from the
 * returned weights, after weights below {@link OptimalDesign#PRUNE_BELOW} were set to 0 and the rest
 * renormalised, so the certificate describes exactly the design returned.
 *
 * @param criterion the criterion asked for
 * @param solver the algorithm that produced the weights
 * @param weights one weight per input row, in input order, non-negative, summing to 1
 * @param support the 0-based indices of the rows with positive weight, ascending
 * @param maxLeverage max<sub>i</sub> x<sub>i</sub><sup>T</sup>M(w)<sup>-1</sup>x<sub>i</sub> over all rows
 * @param logDet log det M(w)
 * @param traceWeightedLeverage &Sigma;<sub>i</sub> w<sub>i</sub>l<sub>i</sub>(w) = d &minus; &rho; tr M(w)<sup>-1</sup>
 *     (exactly d when &rho; = 0)
 * @param kwGap the Kiefer&ndash;Wolfowitz gap maxLeverage / traceWeightedLeverage &minus; 1, &ge; 0 up to rounding
 * @param iterations the solver's iterations
 * @param converged whether the gap is at most the tolerance (the certificate holds)
 * @param tolerance the tolerance the run was asked for
 * @param ridge the ridge &rho;
 * @param dimension d, the number of columns
 * @param seconds the solver's own wall-clock time, validation and copying of the input excluded
 */
public record DesignResult(Criterion criterion, Solver solver, double[] weights, int[] support, double maxLeverage,
        double logDet, double traceWeightedLeverage, double kwGap, long iterations, boolean converged,
        double tolerance, double ridge, int dimension, double seconds) {

    /**
     * Copies the arrays.
     *
     * @param criterion the criterion asked for
     * @param solver the algorithm
     * @param weights one weight per row
     * @param support the rows with positive weight
     * @param maxLeverage the largest leverage
     * @param logDet log det M(w)
     * @param traceWeightedLeverage &Sigma; w<sub>i</sub> l<sub>i</sub>
     * @param kwGap the Kiefer&ndash;Wolfowitz gap
     * @param iterations the iterations
     * @param converged whether the certificate holds
     * @param tolerance the tolerance asked for
     * @param ridge the ridge
     * @param dimension d
     * @param seconds the solver's time
     */
    public DesignResult {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(solver, "solver");
        weights = weights.clone();
        support = support.clone();
    }

    /**
     * Returns the weights, one per input row.
     *
     * @return a copy
     */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /**
     * Returns the rows with positive weight.
     *
     * @return a copy, ascending
     */
    @Override
    public int[] support() {
        return support.clone();
    }

    /**
     * Returns the certified lower bound on the G-efficiency of this design, traceWeightedLeverage /
     * maxLeverage = 1 / (1 + kwGap) (with &rho; = 0: d / maxLeverage).
     *
     * @return a number in (0, 1]
     */
    public double gEfficiencyLowerBound() {
        return Math.min(1.0, traceWeightedLeverage / maxLeverage);
    }

    /**
     * Returns whether the Kiefer&ndash;Wolfowitz certificate maxLeverage &le; (1 + tol)&middot;traceWeightedLeverage
     * holds (with &rho; = 0: maxLeverage &le; (1 + tol)&middot;d).
     *
     * @param tol the tolerance
     * @return whether it holds
     */
    public boolean certifies(double tol) {
        return maxLeverage <= (1 + tol) * traceWeightedLeverage;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DesignResult r && criterion == r.criterion && solver == r.solver
                && Arrays.equals(weights, r.weights) && Arrays.equals(support, r.support)
                && Double.compare(maxLeverage, r.maxLeverage) == 0 && Double.compare(logDet, r.logDet) == 0
                && iterations == r.iterations && converged == r.converged;
    }

    @Override
    public int hashCode() {
        return Objects.hash(criterion, solver, Arrays.hashCode(weights), Arrays.hashCode(support), maxLeverage,
                logDet, iterations, converged);
    }

    @Override
    public String toString() {
        return "DesignResult[" + criterion + ", " + solver + ", d=" + dimension + ", n=" + weights.length
                + ", support=" + support.length + ", maxLeverage=" + maxLeverage + ", logDet=" + logDet
                + ", gap=" + kwGap + ", iterations=" + iterations + ", converged=" + converged + ", seconds="
                + seconds + "]";
    }
}
