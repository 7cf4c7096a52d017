package dev.eaglelm.optdesign;

import java.util.Objects;

/**
 * An exact design: k distinct rows with equal weights 1/k, and how good it is against the continuous optimum.
 *
 * <p>M<sub>S</sub> = (1/k) &Sigma;<sub>i&isin;S</sub> x<sub>i</sub>x<sub>i</sub><sup>T</sup> + &rho;I, the information
 * matrix of the uniform design on S, so the numbers compare directly with the continuous design's.
 *
 * @param indices the chosen rows, ascending, distinct
 * @param maxLeverage max over all n rows of x<sub>i</sub><sup>T</sup>M<sub>S</sub><sup>-1</sup>x<sub>i</sub>
 * @param logDet log det M<sub>S</sub>
 * @param gEfficiency the continuous design's max leverage divided by this one's, in (0, 1] up to the
 *     continuous tolerance (1 would mean the k points are as good as the best continuous design)
 * @param dEfficiency exp((log det M<sub>S</sub> &minus; log det M(w<sup>*</sup>)) / d)
 * @param exchanges the number of Fedorov exchanges that improved the rounded design
 * @param continuous the continuous design it was rounded from
 */
public record ExactDesignResult(int[] indices, double maxLeverage, double logDet, double gEfficiency,
        double dEfficiency, int exchanges, DesignResult continuous) {

    /**
     * Copies the indices.
     *
     * @param indices the chosen rows
     * @param maxLeverage the largest leverage under M<sub>S</sub>
     * @param logDet log det M<sub>S</sub>
     * @param gEfficiency G-efficiency against the continuous design
     * @param dEfficiency D-efficiency against the continuous design
     * @param exchanges the improving exchanges
     * @param continuous the continuous design
     */
    public ExactDesignResult {
        indices = indices.clone();
        Objects.requireNonNull(continuous, "continuous");
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
        return o instanceof ExactDesignResult r && java.util.Arrays.equals(indices, r.indices)
                && Double.compare(maxLeverage, r.maxLeverage) == 0 && exchanges == r.exchanges
                && continuous.equals(r.continuous);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(indices), maxLeverage, exchanges, continuous);
    }

    @Override
    public String toString() {
        return "ExactDesignResult[k=" + indices.length + ", indices=" + java.util.Arrays.toString(indices)
                + ", maxLeverage=" + maxLeverage + ", gEfficiency=" + gEfficiency + ", dEfficiency=" + dEfficiency
                + ", exchanges=" + exchanges + "]";
    }
}
