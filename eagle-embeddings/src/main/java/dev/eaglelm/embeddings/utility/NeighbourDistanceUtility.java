package dev.eaglelm.embeddings.utility;

import dev.eaglelm.core.Utility;
import dev.eaglelm.core.util.NdArrays;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The novelty term of the content-gap utility: U(z) = &Sigma;<sub>m' &isin; NN(z)</sub> &#8214;z &minus;
 * z<sub>m'</sub>&#8214;<sub>2</sub>, the summed &ell;<sub>2</sub> distance from z to its k nearest existing items
 * (PAPER.md &sect;4, k = 3 in the paper).
 *
 * <p>By default NN(z) is recomputed for every scored vector. {@link #fixedTo} instead fixes the neighbour set to
 * the k nearest existing items of an anchor (the anchor itself, at distance 0, excluded), and then scores the
 * distance from z to those same k items. Batch-first: the distances of all rows to all items come from one ND4J
 * product (&#8214;z&#8214;&sup2; + &#8214;e&#8214;&sup2; &minus; 2z&middot;e), and only the k smallest per row are
 * kept.
 */
public final class NeighbourDistanceUtility implements Utility {

    private final INDArray existing; // [N, d]
    private final INDArray existingT; // [d, N]
    private final double[] existingSq; // [N]
    private final int k;
    private final int[] fixed; // null: recompute

    private NeighbourDistanceUtility(INDArray existing, int k, int[] fixed) {
        this.existing = existing;
        this.existingT = existing.transpose().dup();
        this.existingSq = existing.mul(existing).sum(1).toDoubleVector();
        this.k = k;
        this.fixed = fixed;
    }

    /**
     * Creates the term with neighbours recomputed for every scored vector.
     *
     * @param existing the existing items' latent vectors {@code [N, d]}, N &ge; k
     * @param k the number of neighbours, &ge; 1
     * @return the utility
     * @throws IllegalArgumentException if k &lt; 1, k &gt; N or a value is not finite
     */
    public static NeighbourDistanceUtility recomputed(INDArray existing, int k) {
        INDArray e = check(existing, k);
        return new NeighbourDistanceUtility(e, k, null);
    }

    /**
     * Creates the term with the neighbour set fixed to the anchor's k nearest existing items (items at
     * distance 0 from the anchor, i.e. the anchor itself, excluded).
     *
     * @param existing the existing items' latent vectors {@code [N, d]}
     * @param k the number of neighbours, &ge; 1
     * @param anchor the anchor's latent vector {@code [d]}
     * @return the utility
     * @throws IllegalArgumentException if k &lt; 1, fewer than k other items exist, or the shapes disagree
     */
    public static NeighbourDistanceUtility fixedTo(INDArray existing, int k, INDArray anchor) {
        INDArray e = check(existing, k);
        INDArray a = NdArrays.asRows(anchor, "anchor", e.columns());
        NeighbourDistanceUtility probe = new NeighbourDistanceUtility(e, k, null);
        double[] d2 = probe.squaredDistances(a)[0];
        Integer[] order = new Integer[d2.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(d2[x], d2[y]));
        int[] chosen = new int[k];
        int c = 0;
        for (int i = 0; i < order.length && c < k; i++) {
            if (d2[order[i]] > 1e-18) {
                chosen[c++] = order[i];
            }
        }
        if (c < k) {
            throw new IllegalArgumentException("content gap: only " + c + " existing items differ from the anchor, "
                    + "need k = " + k);
        }
        return new NeighbourDistanceUtility(e, k, chosen);
    }

    private static INDArray check(INDArray existing, int k) {
        INDArray e = NdArrays.asRows(existing, "existing items", -1);
        NdArrays.requireFinite(e, "existing items");
        if (k < 1) {
            throw new IllegalArgumentException("content gap: k must be >= 1, got " + k);
        }
        if (k > e.rows()) {
            throw new IllegalArgumentException("content gap: k = " + k + " but only " + e.rows() + " existing items");
        }
        return e.dup();
    }

    /**
     * Returns k.
     *
     * @return the number of neighbours
     */
    public int k() {
        return k;
    }

    /**
     * Returns the fixed neighbour set.
     *
     * @return the indices of the anchor's neighbours in the existing items, or an empty array when neighbours
     *     are recomputed per vector
     */
    public int[] fixedNeighbours() {
        return fixed == null ? new int[0] : fixed.clone();
    }

    /**
     * Returns the latent dimension.
     *
     * @return d
     */
    public int dimension() {
        return existing.columns();
    }

    @Override
    public double[] scoreAll(INDArray latents) {
        INDArray z = NdArrays.asRows(latents, "content gap latents", existing.columns());
        double[][] d2 = squaredDistances(z);
        double[] out = new double[d2.length];
        for (int r = 0; r < d2.length; r++) {
            double s = 0;
            if (fixed != null) {
                for (int i : fixed) {
                    s += Math.sqrt(d2[r][i]);
                }
            } else {
                double[] best = smallest(d2[r], k);
                for (double v : best) {
                    s += Math.sqrt(v);
                }
            }
            out[r] = s;
        }
        return out;
    }

    /**
     * Returns the indices of the k nearest existing items of each row (nearest first).
     *
     * @param latents {@code [n, d]}
     * @return n arrays of k indices
     */
    public int[][] nearest(INDArray latents) {
        INDArray z = NdArrays.asRows(latents, "content gap latents", existing.columns());
        double[][] d2 = squaredDistances(z);
        int[][] out = new int[d2.length][];
        for (int r = 0; r < d2.length; r++) {
            double[] row = d2[r];
            Integer[] order = new Integer[row.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Double.compare(row[x], row[y]));
            out[r] = new int[k];
            for (int i = 0; i < k; i++) {
                out[r][i] = order[i];
            }
        }
        return out;
    }

    /** Squared distances [n, N], clamped at 0. */
    double[][] squaredDistances(INDArray z) {
        double[][] cross = z.mmul(existingT).toDoubleMatrix();
        double[] zsq = z.mul(z).sum(1).toDoubleVector();
        for (int r = 0; r < cross.length; r++) {
            for (int i = 0; i < cross[r].length; i++) {
                cross[r][i] = Math.max(0, zsq[r] + existingSq[i] - 2 * cross[r][i]);
            }
        }
        return cross;
    }

    /** The k smallest values of a row, by partial selection. */
    private static double[] smallest(double[] row, int k) {
        double[] best = new double[k];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (double v : row) {
            if (v < best[k - 1]) {
                int j = k - 1;
                while (j > 0 && best[j - 1] > v) {
                    best[j] = best[j - 1];
                    j--;
                }
                best[j] = v;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "NeighbourDistanceUtility[k=" + k + ", " + existing.rows() + " items"
                + (fixed == null ? ", recomputed" : ", fixed " + Arrays.toString(fixed)) + "]";
    }

    /**
     * Returns the existing items.
     *
     * @return a copy of the {@code [N, d]} matrix
     */
    public INDArray existing() {
        return existing.dup();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeighbourDistanceUtility other && k == other.k && Arrays.equals(fixed, other.fixed)
                && existing.equals(other.existing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(k, Arrays.hashCode(fixed), existing.rows(), existing.columns());
    }
}
