package dev.eaglelm.core.utility;

import dev.eaglelm.core.Utility;
import dev.eaglelm.core.util.NdArrays;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A bump around a target point: U(z) = exp(&minus;&Vert;z &minus; c&Vert;&sup2; / (2&sigma;&sup2;)), in (0, 1].
 *
 * <p>A bounded, non-linear utility with a single known maximiser (z = c), useful for synthetic
 * environments: one-step greedy is not optimal under it, and its scale matches the paper's utilities,
 * which lie in about [0, 1].
 */
public final class GaussianUtility implements Utility {

    private final double[] center;
    private final double width;
    private final INDArray centerRow;

    /**
     * Creates a Gaussian bump.
     *
     * @param center the target c, finite, at least one element
     * @param width the length scale &sigma;, finite and &gt; 0
     * @throws IllegalArgumentException if the target is empty or not finite, or the width is not positive
     */
    public GaussianUtility(double[] center, double width) {
        Objects.requireNonNull(center, "center");
        if (!(width > 0) || !Double.isFinite(width)) {
            throw new IllegalArgumentException("gaussian utility: width must be finite and > 0, got " + width);
        }
        this.center = center.clone();
        this.width = width;
        this.centerRow = NdArrays.vector(this.center).reshape(1, this.center.length);
    }

    /**
     * Returns the target point c.
     *
     * @return a copy of the target
     */
    public double[] center() {
        return center.clone();
    }

    /**
     * Returns the length scale &sigma;.
     *
     * @return the width
     */
    public double width() {
        return width;
    }

    @Override
    public double[] scoreAll(INDArray latents) {
        INDArray rows = NdArrays.asRows(latents, "gaussian utility latents", center.length);
        INDArray diff = rows.subRowVector(centerRow);
        double[] sq = diff.muli(diff).sum(1).toDoubleVector();
        double[] s = new double[sq.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.exp(-sq[i] / (2 * width * width));
        }
        return s;
    }

    @Override
    public String toString() {
        return "GaussianUtility[d=" + center.length + ", width=" + width + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianUtility other && Arrays.equals(center, other.center) && width == other.width;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(center) + Double.hashCode(width);
    }
}
