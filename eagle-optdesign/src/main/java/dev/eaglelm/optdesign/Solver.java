package dev.eaglelm.optdesign;

/**
 * The algorithm that computes a continuous design.
 *
 * <p>{@link #FRANK_WOLFE} is the default, chosen by measurement (README, section "eagle-optdesign"): on
 * every problem size measured it reached the 1e-4 certificate with fewer operations and in less time
 * than {@link #MULTIPLICATIVE}, whose convergence is sublinear and whose every iteration recomputes M and all
 * n leverages (O(n d<sup>2</sup>)), against O(n d) for a rank-one Frank&ndash;Wolfe step.
 */
public enum Solver {
    /**
     * Fedorov&ndash;Wynn / Frank&ndash;Wolfe with away and drop steps (Wolfe 1970; Todd &amp; Yildirim 2007,
     * "WA-TY"), with exact line search, rank-one updates of M<sup>-1</sup> and of the n leverages, and the
     * Harman&ndash;Pronzato (2007) removal of points that cannot support a D-optimal design.
     */
    FRANK_WOLFE,
    /**
     * The multiplicative algorithm (Silvey, Titterington &amp; Torsney 1978): w<sub>i</sub> &larr;
     * w<sub>i</sub> l<sub>i</sub>(w) / &Sigma;<sub>j</sub> w<sub>j</sub>l<sub>j</sub>(w), from the uniform design.
     */
    MULTIPLICATIVE
}
