package dev.eaglelm.core;

import dev.eaglelm.core.utility.WeightedSumUtility;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A utility over the latent space, U: Z &rarr; R: what makes a point of Z valuable (Sec. 4 of the paper;
 * e.g. the MovieLens content-gap utility of Sec. 5.2).
 *
 * <p>Utilities are batch-first: {@link #scoreAll} scores every row of a matrix of latent vectors in one
 * call. They compose: {@link #plus}, {@link #scaled} and {@link #weightedSum}. Implementations must be
 * thread-safe, deterministic and side-effect free.
 *
 * <pre>{@code
 * Utility affinity = new LinearUtility(userVector);
 * Utility u = affinity.plus(noveltyBonus.scaled(0.1));
 * double[] scores = u.scoreAll(latentRows);
 * }</pre>
 */
@FunctionalInterface
public interface Utility {

    /**
     * Scores latent vectors.
     *
     * @param latents a matrix {@code [n, d]} with one latent vector per row (a rank-1 vector of length d
     *     is read as one row)
     * @return n finite scores, score i for row i
     * @throws IllegalArgumentException if the shape does not match the utility's latent dimension
     */
    double[] scoreAll(INDArray latents);

    /**
     * Scores one latent vector.
     *
     * @param latent a vector of shape {@code [d]} or {@code [1, d]}
     * @return its score
     * @throws IllegalArgumentException if more than one row is given or the shape does not match
     */
    default double score(INDArray latent) {
        if (latent.rank() == 2 && latent.rows() != 1) {
            throw new IllegalArgumentException("score: expected one latent vector, got " + latent.rows()
                    + " rows; use scoreAll for batches");
        }
        return scoreAll(latent)[0];
    }

    /**
     * Returns the utility {@code this + other}.
     *
     * @param other another utility over the same space
     * @return the sum
     */
    default Utility plus(Utility other) {
        return weightedSum(List.of(this, other), new double[] {1.0, 1.0});
    }

    /**
     * Returns the utility {@code factor * this}.
     *
     * @param factor a finite factor
     * @return the scaled utility
     * @throws IllegalArgumentException if the factor is not finite
     */
    default Utility scaled(double factor) {
        return weightedSum(List.of(this), new double[] {factor});
    }

    /**
     * Returns the utility &Sigma;<sub>i</sub> w<sub>i</sub> U<sub>i</sub>.
     *
     * @param utilities the terms, at least one
     * @param weights one finite weight per term
     * @return the weighted sum
     * @throws IllegalArgumentException if the lists are empty, differ in length, or a weight is not finite
     */
    static Utility weightedSum(List<? extends Utility> utilities, double[] weights) {
        return new WeightedSumUtility(utilities, weights);
    }
}
