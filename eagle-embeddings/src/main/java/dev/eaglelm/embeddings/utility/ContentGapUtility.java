package dev.eaglelm.embeddings.utility;

import dev.eaglelm.core.Utility;
import dev.eaglelm.core.util.NdArrays;
import dev.eaglelm.core.utility.LinearUtility;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The MovieLens content-gap utility of the paper (PAPER.md &sect;4, Sec. 5.2 of Tennenholtz et al. 2024):
 * <blockquote>
 *   U(z<sub>m</sub>; D) = &lang;z<sub>u</sub>, z<sub>m</sub>&rang; + &lambda; &middot; &Sigma;<sub>m' &isin; NN(m)</sub> &#8214;z<sub>m</sub> &minus; z<sub>m'</sub>&#8214;<sub>2</sub>
 * </blockquote>
 * z<sub>u</sub> is the target user's behavioural vector, z<sub>m</sub> = E<sub>D</sub>(m) the generated movie's,
 * &lang;z<sub>u</sub>, z<sub>m</sub>&rang; the predicted rating, and NN(m) the k nearest existing movies by
 * &ell;<sub>2</sub> distance in the latent space. It is built from eagle-core's pieces:
 * {@code Utility.weightedSum([LinearUtility(z_u), NeighbourDistanceUtility], [1, λ])}.
 *
 * <p><b>What the paper fixes:</b> the form, k = 3, the &ell;<sub>2</sub> norm, &lambda; &gt; 0 (a novelty
 * bonus). <b>What it leaves open</b> and this class makes explicit configuration, with no value presented as
 * the paper's: the value of &lambda; (no default: {@link Config#of} requires it); whether NN(m) follows the
 * generated embedding ({@link Neighbours#RECOMPUTED}, this library's default [C]) or stays the anchor's
 * neighbours ({@link Neighbours#FIXED_TO_ANCHOR}); and any rescaling (the paper's quoted utilities suggest
 * values in about [0, 1]; apply one with {@link Utility#scaled} or a weighted sum).
 *
 * <p>With {@link dev.eaglelm.embeddings.behavioral.FactorModel}'s augmented vectors (biases folded in),
 * &lang;z<sub>u</sub>, z<sub>m</sub>&rang; is exactly the model's predicted rating.
 */
public final class ContentGapUtility implements Utility {

    /** How the neighbour set NN(m) is chosen. */
    public enum Neighbours {
        /** The k nearest existing items of each scored vector (the library's default [C]). */
        RECOMPUTED,
        /** The k nearest existing items of the anchor, the same for every scored vector. */
        FIXED_TO_ANCHOR
    }

    /**
     * The utility's configuration.
     *
     * @param lambda the novelty weight &lambda; &gt; 0 (the paper does not give its value)
     * @param k the number of nearest neighbours (3 in the paper)
     * @param neighbours how NN(m) is chosen
     */
    public record Config(double lambda, int k, Neighbours neighbours) {

        /**
         * Validates the configuration.
         *
         * @param lambda the novelty weight, finite and &gt; 0
         * @param k the number of neighbours, &ge; 1
         * @param neighbours how NN(m) is chosen, non-null
         * @throws IllegalArgumentException naming the first invalid field
         */
        public Config {
            if (!(lambda > 0) || !Double.isFinite(lambda)) {
                throw new IllegalArgumentException("content gap: lambda must be finite and > 0 (the paper requires "
                        + "a positive novelty weight), got " + lambda);
            }
            if (k < 1) {
                throw new IllegalArgumentException("content gap: k must be >= 1, got " + k);
            }
            Objects.requireNonNull(neighbours, "neighbours");
        }

        /**
         * The paper's k = 3 with neighbours recomputed per vector, and a &lambda; the caller chooses.
         *
         * @param lambda the novelty weight &gt; 0
         * @return the configuration
         */
        public static Config of(double lambda) {
            return new Config(lambda, 3, Neighbours.RECOMPUTED);
        }

        /**
         * Returns a copy with another k.
         *
         * @param k the number of neighbours
         * @return the new configuration
         */
        public Config withK(int k) {
            return new Config(lambda, k, neighbours);
        }

        /**
         * Returns a copy with another neighbour mode.
         *
         * @param neighbours how NN(m) is chosen
         * @return the new configuration
         */
        public Config withNeighbours(Neighbours neighbours) {
            return new Config(lambda, k, neighbours);
        }
    }

    private final Config config;
    private final LinearUtility affinity;
    private final NeighbourDistanceUtility novelty;
    private final Utility sum;

    /**
     * Creates the utility with neighbours recomputed per vector.
     *
     * @param user the target user's latent vector z<sub>u</sub>
     * @param existing the existing items' latent vectors {@code [N, d]} (the data D)
     * @param config &lambda;, k and the neighbour mode (must be {@link Neighbours#RECOMPUTED})
     * @throws IllegalArgumentException if the dimensions disagree, or the mode needs an anchor
     */
    public ContentGapUtility(double[] user, INDArray existing, Config config) {
        this(user, existing, config, null);
    }

    /**
     * Creates the utility.
     *
     * @param user the target user's latent vector z<sub>u</sub>
     * @param existing the existing items' latent vectors {@code [N, d]} (the data D)
     * @param config &lambda;, k and the neighbour mode
     * @param anchor the anchor's latent vector; required for {@link Neighbours#FIXED_TO_ANCHOR}, ignored otherwise
     * @throws IllegalArgumentException if the dimensions disagree, or the anchor is missing when needed
     */
    public ContentGapUtility(double[] user, INDArray existing, Config config, INDArray anchor) {
        this.config = Objects.requireNonNull(config, "config");
        this.affinity = new LinearUtility(user);
        INDArray e = NdArrays.asRows(existing, "existing items", user.length);
        if (config.neighbours() == Neighbours.FIXED_TO_ANCHOR) {
            if (anchor == null) {
                throw new IllegalArgumentException("content gap: neighbours FIXED_TO_ANCHOR needs an anchor vector");
            }
            this.novelty = NeighbourDistanceUtility.fixedTo(e, config.k(), anchor);
        } else {
            this.novelty = NeighbourDistanceUtility.recomputed(e, config.k());
        }
        this.sum = Utility.weightedSum(List.of(affinity, novelty), new double[] {1.0, config.lambda()});
    }

    /**
     * Returns the configuration.
     *
     * @return &lambda;, k and the neighbour mode
     */
    public Config config() {
        return config;
    }

    /**
     * Returns the affinity term &lang;z<sub>u</sub>, &middot;&rang;.
     *
     * @return eagle-core's linear utility over the user vector
     */
    public LinearUtility affinity() {
        return affinity;
    }

    /**
     * Returns the novelty term (without &lambda;).
     *
     * @return the summed distance to the nearest existing items
     */
    public NeighbourDistanceUtility novelty() {
        return novelty;
    }

    @Override
    public double[] scoreAll(INDArray latents) {
        return sum.scoreAll(latents);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ContentGapUtility[lambda=%s, k=%d, %s]", config.lambda(), config.k(),
                config.neighbours());
    }
}
