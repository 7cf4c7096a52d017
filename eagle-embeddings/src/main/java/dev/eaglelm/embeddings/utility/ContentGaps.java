package dev.eaglelm.embeddings.utility;

import dev.eaglelm.core.util.NdArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Helpers that find under-served regions of a behavioural latent space: where a content-gap search should
 * start (PAPER.md &sect;4).
 *
 * <p>The paper considers local gaps "around one anchor, for one specified user" and does not say how users or
 * anchors are picked. This library's reading [C]: a user is under-served when even their best existing item
 * scores low, i.e. max<sub>m &isin; D</sub> &lang;z<sub>u</sub>, z<sub>m</sub>&rang; is small
 * ({@link #underservedUsers}); that best item is a natural anchor, since EAGLE edits an existing item into a
 * new one. {@link #isolation} measures the other side: items whose k nearest neighbours are far away sit in
 * sparse regions of the space. All computations are batched over rows with ND4J.
 */
public final class ContentGaps {

    private static final int BLOCK = 1024;

    private ContentGaps() {
    }

    /**
     * A user and the best score any existing item gives them.
     *
     * @param user the user's row index
     * @param bestItem the row index of the user's best existing item (a candidate anchor)
     * @param bestScore &lang;z<sub>u</sub>, z<sub>bestItem</sub>&rang;
     */
    public record UnderservedUser(int user, int bestItem, double bestScore) {
    }

    /**
     * Ranks users by the score of their best existing item, lowest first.
     *
     * @param users the users' latent vectors {@code [U, d]}
     * @param items the existing items' latent vectors {@code [N, d]}
     * @param count how many users to return (at most U)
     * @return the {@code count} worst-served users, lowest best score first (ties by index)
     * @throws IllegalArgumentException if the dimensions disagree or count &lt; 1
     */
    public static List<UnderservedUser> underservedUsers(INDArray users, INDArray items, int count) {
        INDArray u = NdArrays.asRows(users, "users", -1);
        INDArray it = NdArrays.asRows(items, "items", u.columns());
        if (count < 1) {
            throw new IllegalArgumentException("underserved users: count must be >= 1, got " + count);
        }
        INDArray itT = it.transpose();
        int nu = u.rows();
        UnderservedUser[] all = new UnderservedUser[nu];
        for (int from = 0; from < nu; from += BLOCK) {
            int to = Math.min(nu, from + BLOCK);
            double[][] s = u.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).mmul(itT).toDoubleMatrix();
            for (int r = 0; r < s.length; r++) {
                int best = 0;
                for (int i = 1; i < s[r].length; i++) {
                    if (s[r][i] > s[r][best]) {
                        best = i;
                    }
                }
                all[from + r] = new UnderservedUser(from + r, best, s[r][best]);
            }
        }
        Arrays.sort(all, (a, b) -> a.bestScore() != b.bestScore() ? Double.compare(a.bestScore(), b.bestScore())
                : Integer.compare(a.user(), b.user()));
        return new ArrayList<>(Arrays.asList(all).subList(0, Math.min(count, nu)));
    }

    /**
     * The isolation of each existing item: the mean &ell;<sub>2</sub> distance to its k nearest other items.
     *
     * @param items the existing items' latent vectors {@code [N, d]}, N &gt; k
     * @param k the number of neighbours, &ge; 1
     * @return N values; larger means a sparser neighbourhood
     * @throws IllegalArgumentException if k &lt; 1 or k &ge; N
     */
    public static double[] isolation(INDArray items, int k) {
        INDArray it = NdArrays.asRows(items, "items", -1);
        if (k < 1 || k >= it.rows()) {
            throw new IllegalArgumentException("isolation: k must be in [1, " + (it.rows() - 1) + "], got " + k);
        }
        NeighbourDistanceUtility d = NeighbourDistanceUtility.recomputed(it, Math.min(it.rows(), k + 1));
        int n = it.rows();
        double[] out = new double[n];
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            double[][] d2 = d.squaredDistances(it.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
            for (int r = 0; r < d2.length; r++) {
                d2[r][from + r] = Double.POSITIVE_INFINITY; // not its own neighbour
                double[] row = d2[r].clone();
                Arrays.sort(row);
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += Math.sqrt(row[j]);
                }
                out[from + r] = s / k;
            }
        }
        return out;
    }
}
