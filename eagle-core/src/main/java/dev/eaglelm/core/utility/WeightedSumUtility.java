package dev.eaglelm.core.utility;

import dev.eaglelm.core.Utility;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The utility &Sigma;<sub>i</sub> w<sub>i</sub> U<sub>i</sub>(z). Made by {@link Utility#weightedSum},
 * {@link Utility#plus} and {@link Utility#scaled}.
 */
public final class WeightedSumUtility implements Utility {

    private final List<Utility> terms;
    private final double[] weights;

    /**
     * Creates a weighted sum.
     *
     * @param terms the utilities, at least one
     * @param weights one finite weight per utility
     * @throws IllegalArgumentException if there are no terms, the lengths differ or a weight is not finite
     */
    public WeightedSumUtility(List<? extends Utility> terms, double[] weights) {
        this.terms = List.copyOf(terms);
        this.weights = Objects.requireNonNull(weights, "weights").clone();
        if (this.terms.isEmpty()) {
            throw new IllegalArgumentException("weighted sum: no utilities");
        }
        if (this.weights.length != this.terms.size()) {
            throw new IllegalArgumentException("weighted sum: " + this.terms.size() + " utilities but "
                    + this.weights.length + " weights");
        }
        for (int i = 0; i < this.weights.length; i++) {
            if (!Double.isFinite(this.weights[i])) {
                throw new IllegalArgumentException("weighted sum: weight " + i + " is " + this.weights[i]);
            }
        }
    }

    @Override
    public double[] scoreAll(INDArray latents) {
        double[] total = null;
        for (int t = 0; t < terms.size(); t++) {
            double[] s = terms.get(t).scoreAll(latents);
            if (total == null) {
                total = new double[s.length];
            } else if (s.length != total.length) {
                throw new IllegalStateException("weighted sum: term " + t + " returned " + s.length
                        + " scores, term 0 returned " + total.length);
            }
            for (int i = 0; i < s.length; i++) {
                total[i] += weights[t] * s[i];
            }
        }
        return total;
    }

    /**
     * Returns the terms.
     *
     * @return an immutable list of the utilities
     */
    public List<Utility> terms() {
        return terms;
    }

    /**
     * Returns the weights.
     *
     * @return a copy of the weights, one per term
     */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < terms.size(); i++) {
            if (i > 0) {
                sb.append(" + ");
            }
            sb.append(weights[i]).append(" * ").append(terms.get(i));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightedSumUtility other && terms.equals(other.terms)
                && Arrays.equals(weights, other.weights);
    }

    @Override
    public int hashCode() {
        return 31 * terms.hashCode() + Arrays.hashCode(weights);
    }
}
