package dev.eaglelm.core.utility;

import dev.eaglelm.core.Utility;
import dev.eaglelm.core.util.NdArrays;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The linear utility U(z) = &lang;w, z&rang; + b.
 *
 * <p>With w a user's behavioural vector this is the predicted rating of Sec. 5.2 of the paper (the affinity
 * term of the content-gap utility).
 */
public final class LinearUtility implements Utility {

    private final double[] weights;
    private final double bias;
    private final INDArray column;

    /**
     * Creates a linear utility without bias.
     *
     * @param weights the weight vector w, finite, at least one element
     * @throws IllegalArgumentException if the vector is empty or not finite
     */
    public LinearUtility(double[] weights) {
        this(weights, 0.0);
    }

    /**
     * Creates a linear utility.
     *
     * @param weights the weight vector w, finite, at least one element
     * @param bias the offset b, finite
     * @throws IllegalArgumentException if the vector is empty or not finite, or the bias is not finite
     */
    public LinearUtility(double[] weights, double bias) {
        Objects.requireNonNull(weights, "weights");
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("linear utility: bias is " + bias);
        }
        this.weights = weights.clone();
        this.bias = bias;
        this.column = NdArrays.vector(this.weights).reshape(this.weights.length, 1);
    }

    /**
     * Returns the latent dimension this utility accepts.
     *
     * @return the length of w
     */
    public int dimension() {
        return weights.length;
    }

    /**
     * Returns the weight vector.
     *
     * @return a copy of w
     */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] scoreAll(INDArray latents) {
        INDArray rows = NdArrays.asRows(latents, "linear utility latents", weights.length);
        double[] s = rows.mmul(column).reshape(rows.rows()).toDoubleVector();
        if (bias != 0) {
            for (int i = 0; i < s.length; i++) {
                s[i] += bias;
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return "LinearUtility[d=" + weights.length + ", bias=" + bias + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearUtility other && Arrays.equals(weights, other.weights) && bias == other.bias;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Double.hashCode(bias);
    }
}
