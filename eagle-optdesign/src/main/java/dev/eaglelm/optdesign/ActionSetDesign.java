package dev.eaglelm.optdesign;

/**
 * What {@link GOptimalActionSetSelector} computed for one state: the kept candidates, their weights, and the
 * designs behind them.
 *
 * @param indices the kept candidates' indices, ascending
 * @param weights their design weights (the reference policy), summing to 1, in the order of {@code indices}
 * @param dimension the dimension of the design space after projection (at most k by default)
 * @param continuous the certified continuous design over all K candidates in that space
 * @param exact the rounded and exchanged exact design ({@code null} for the paper's procedure)
 * @param rejection the paper's rejection sampling ({@code null} for the design method)
 */
public record ActionSetDesign(int[] indices, double[] weights, int dimension, DesignResult continuous,
        ExactDesignResult exact, RejectionResult rejection) {

    /**
     * Copies the arrays.
     *
     * @param indices the kept candidates
     * @param weights their weights
     * @param dimension the projected dimension
     * @param continuous the continuous design
     * @param exact the exact design, or null
     * @param rejection the rejection sampling, or null
     */
    public ActionSetDesign {
        indices = indices.clone();
        weights = weights.clone();
    }

    /**
     * Returns the kept candidates' indices.
     *
     * @return a copy, ascending
     */
    @Override
    public int[] indices() {
        return indices.clone();
    }

    /**
     * Returns the design weights of the kept candidates.
     *
     * @return a copy, in the order of {@link #indices()}
     */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionSetDesign r && java.util.Arrays.equals(indices, r.indices)
                && java.util.Arrays.equals(weights, r.weights) && dimension == r.dimension;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(indices), java.util.Arrays.hashCode(weights),
                dimension);
    }

    @Override
    public String toString() {
        return "ActionSetDesign[indices=" + java.util.Arrays.toString(indices) + ", weights="
                + java.util.Arrays.toString(weights) + ", dimension=" + dimension + "]";
    }
}
