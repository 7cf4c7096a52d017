package dev.eaglelm.optdesign;

import java.time.Duration;
import java.util.Objects;

/**
 * When a design solver stops: the first of a tolerance on the Kiefer&ndash;Wolfowitz gap, an iteration cap
 * and a time limit.
 *
 * <p>The gap of weights w is max<sub>i</sub> l<sub>i</sub>(w) / &Sigma;<sub>i</sub> w<sub>i</sub>l<sub>i</sub>(w)
 * &minus; 1, where l<sub>i</sub>(w) = x<sub>i</sub><sup>T</sup>M(w)<sup>-1</sup>x<sub>i</sub> are the leverages.
 * With ridge 0 the denominator is exactly d, so the stopping test is the certificate
 * max<sub>i</sub> l<sub>i</sub> &le; (1 + tol)&middot;d, which bounds the G-efficiency below by 1/(1 + tol) and
 * the D-efficiency (det M(w) / det M<sup>*</sup>)<sup>1/d</sup> below by exp(&minus;tol), because
 * log det M<sup>*</sup> &le; log det M(w) + max<sub>i</sub> l<sub>i</sub>(w) &minus; d by concavity. Only the
 * tolerance gives a certificate; the other two limits end a run with {@code converged = false}.
 *
 * @param tolerance the gap at which the solver stops, &gt; 0 (e.g. 1e-4)
 * @param maxIterations the most iterations, &ge; 1
 * @param timeLimit the most wall-clock time, positive
 */
public record Convergence(double tolerance, long maxIterations, Duration timeLimit) {

    /** The default tolerance on the gap. */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    /**
     * Checks the limits.
     *
     * @param tolerance the gap at which the solver stops, &gt; 0
     * @param maxIterations the most iterations, &ge; 1
     * @param timeLimit the most wall-clock time, positive
     * @throws IllegalArgumentException if a limit is out of range
     */
    public Convergence {
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("convergence: tolerance must be a positive number, got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("convergence: maxIterations must be >= 1, got " + maxIterations);
        }
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("convergence: time limit must be positive, got " + timeLimit);
        }
    }

    /**
     * Returns the defaults: tolerance 1e-4, one million iterations, one hour.
     *
     * @return the default criteria
     */
    public static Convergence defaults() {
        return new Convergence(DEFAULT_TOLERANCE, 1_000_000L, Duration.ofHours(1));
    }

    /**
     * Returns a copy with another tolerance.
     *
     * @param tol the gap at which the solver stops, &gt; 0
     * @return the new criteria
     */
    public Convergence withTolerance(double tol) {
        return new Convergence(tol, maxIterations, timeLimit);
    }

    /**
     * Returns a copy with another iteration cap.
     *
     * @param max the most iterations, &ge; 1
     * @return the new criteria
     */
    public Convergence withMaxIterations(long max) {
        return new Convergence(tolerance, max, timeLimit);
    }

    /**
     * Returns a copy with another time limit.
     *
     * @param limit the most wall-clock time, positive
     * @return the new criteria
     */
    public Convergence withTimeLimit(Duration limit) {
        return new Convergence(tolerance, maxIterations, limit);
    }
}
