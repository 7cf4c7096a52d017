package dev.eaglelm.optdesign;

/**
 * Sees every iteration of a design solver: for tests (the D criterion never decreases) and diagnostics.
 * Called on the solver's thread; keep it cheap.
 */
@FunctionalInterface
public interface IterationObserver {

    /** An observer that ignores every iteration. */
    IterationObserver NONE = (iteration, logDet, maxLeverage) -> { };

    /**
     * One iteration ended.
     *
     * @param iteration the iterations done so far, from 1
     * @param logDet log det M(w) after the iteration
     * @param maxLeverage the largest leverage of the active points after the iteration (maintained
     *     incrementally; the certificate at exit is recomputed exactly)
     */
    void iteration(long iteration, double logDet, double maxLeverage);
}
