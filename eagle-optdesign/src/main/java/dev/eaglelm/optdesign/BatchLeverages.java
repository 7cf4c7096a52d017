package dev.eaglelm.optdesign;

/**
 * How a solver computes all n leverages at once (at the start, at its periodic refreshes of the incremental
 * values, in every multiplicative or ridge iteration, and for the certificate at exit).
 */
public enum BatchLeverages {
    /** Plain Java: one forward substitution with the Cholesky factor per row, O(n d<sup>2</sup>/2). */
    PLAIN,
    /** ND4J: (X M<sup>-1</sup>) &#8728; X summed by rows, one BLAS matrix product; needs an ND4J backend. */
    ND4J,
    /**
     * ND4J when n d<sup>2</sup> &ge; 5&middot;10<sup>7</sup> (system property {@code eaglelm.optdesign.nd4jWork}) and
     * a backend is present, plain Java otherwise.
     */
    AUTO
}
