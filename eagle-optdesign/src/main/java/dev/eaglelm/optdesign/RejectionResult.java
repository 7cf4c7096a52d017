package dev.eaglelm.optdesign;

/**
 * The outcome of {@link RejectionSampler}: the accepted k-subset, or the best one drawn when none was accepted.
 *
 * @param indices the chosen rows, ascending
 * @param accepted whether the subset met the bound
 * @param tries the subsets drawn
 * @param maxLeverage max over all n rows of x<sub>i</sub><sup>T</sup>&Sigma;(q<sub>S</sub>)<sup>-1</sup>x<sub>i</sub>
 *     (+&infin; if &Sigma; was singular)
 * @param bound C times the dimension
 */
public record RejectionResult(int[] indices, boolean accepted, int tries, double maxLeverage, double bound) {

    /**
     * Copies the indices.
     *
     * @param indices the chosen rows
     * @param accepted whether the bound was met
     * @param tries the subsets drawn
     * @param maxLeverage the largest leverage
     * @param bound the bound
     */
    public RejectionResult {
        indices = indices.clone();
    }

    /**
     * Returns the chosen rows.
     *
     * @return a copy, ascending
     */
    @Override
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RejectionResult r && java.util.Arrays.equals(indices, r.indices) && accepted == r.accepted
                && tries == r.tries && Double.compare(maxLeverage, r.maxLeverage) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(indices), accepted, tries, maxLeverage);
    }

    @Override
    public String toString() {
        return "RejectionResult[indices=" + java.util.Arrays.toString(indices) + ", accepted=" + accepted + ", tries="
                + tries + ", maxLeverage=" + maxLeverage + ", bound=" + bound + "]";
    }
}
