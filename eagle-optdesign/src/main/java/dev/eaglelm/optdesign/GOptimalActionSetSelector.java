package dev.eaglelm.optdesign;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.ActionSet;
import dev.eaglelm.core.ActionSetSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The G-optimal action-set selector: keeps k of a state's K candidate actions so that their next-state
 * embeddings z<sub>a</sub> cover the latent space (the paper's Definition 1), and returns design weights over them,
 * the G-optimal reference policy &pi;<sub>ref</sub>.
 *
 * <p><b>Method (default {@link Method#DESIGN}).</b>
 * <ol>
 *   <li><b>Projection [C].</b> Typical calls have K = 20..100 candidates of dimension d = 8..384 and k = 10, so
 *       k &lt; d and no k embeddings can span R<sup>d</sup>: &Sigma;(q) of any k-subset is singular (PAPER.md &sect;6,
 *       "Singular &Sigma;"). The embeddings are therefore projected onto their m = min(k, rank) leading principal
 *       directions (uncentred: Definition 1 uses absolute positions, &Sigma;(q) = E<sub>q</sub>[z z<sup>T</sup>]),
 *       the paper's own suggestion "standardise or project z when n &gt; k". Designs are invariant to the choice of
 *       basis, so only the subspace matters. With {@link Builder#projectToK(boolean) projectToK(false)} the
 *       whole span (m = rank) is kept and a {@link Builder#ridge ridge} &gt; 0 is needed when k &lt; rank.</li>
 *   <li><b>Continuous design.</b> The certified G-optimal design over all K projected embeddings
 *       ({@link OptimalDesign}, tolerance {@link Builder#tolerance}).</li>
 *   <li><b>Exact design.</b> Efficient rounding to k distinct actions and Fedorov exchange ({@link ExactDesign}).</li>
 *   <li><b>Weights.</b> The certified G-optimal design restricted to the k kept embeddings: uniform when they
 *       form a basis (m = k), otherwise the optimal weights; a kept action may then get weight 0, which
 *       {@code DesignPolicy}'s smoothing covers.</li>
 * </ol>
 * {@link Method#PAPER_REJECTION} instead draws random k-subsets of the projected embeddings until max
 * leverage &le; C&middot;m (C = 1 by default, at most 100 draws; {@link RejectionSampler}) and weighs them uniformly,
 * as the paper does.
 *
 * <p><b>Degenerate input.</b> Duplicate and zero embeddings are fine; if every embedding is zero there is no
 * design and a seeded uniform random subset with uniform weights is returned (logged). NaN or infinity fail
 * with an {@link IllegalArgumentException} naming the row and column. k &ge; K keeps every candidate.
 *
 * <p>Deterministic (the seed matters only for the rejection method and the all-zero case) and thread-safe
 * (immutable). {@link #analyse} exposes the certificate and efficiencies behind a selection.
 */
public final class GOptimalActionSetSelector implements ActionSetSelector {

    /** How the k actions are chosen. */
    public enum Method {
        /** Certified continuous design, efficient rounding and Fedorov exchange (the default). */
        DESIGN,
        /** The paper's rejection sampling of random k-subsets. */
        PAPER_REJECTION
    }

    private static final Logger LOG = LoggerFactory.getLogger(GOptimalActionSetSelector.class);
    private static final double RANK_TOLERANCE = 1e-10;

    private final Method method;
    private final double tolerance;
    private final double ridge;
    private final boolean projectToK;
    private final double c;
    private final int maxTries;
    private final int maxExchanges;

    /**
     * Creates the selector with the defaults: {@link Method#DESIGN}, tolerance 1e-4, projection to
     * min(k, rank) dimensions, ridge 0, at most 1000 exchanges (rejection: C = 1, 100 draws).
     */
    public GOptimalActionSetSelector() {
        this(new Builder());
    }

    private GOptimalActionSetSelector(Builder b) {
        this.method = b.method;
        this.tolerance = b.tolerance;
        this.ridge = b.ridge;
        this.projectToK = b.projectToK;
        this.c = b.c;
        this.maxTries = b.maxTries;
        this.maxExchanges = b.maxExchanges;
    }

    /**
     * Starts a builder with the defaults of {@link #GOptimalActionSetSelector()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public <A> ActionSet<A> select(List<A> candidates, INDArray nextStateEmbeddings, int k, long seed) {
        Objects.requireNonNull(candidates, "candidates");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("g-optimal selector: no candidates");
        }
        Objects.requireNonNull(nextStateEmbeddings, "nextStateEmbeddings");
        if (nextStateEmbeddings.rank() != 2 || nextStateEmbeddings.rows() != candidates.size()) {
            throw new IllegalArgumentException("g-optimal selector: " + candidates.size() + " candidates but "
                    + "next-state embeddings of shape " + Arrays.toString(nextStateEmbeddings.shape())
                    + "; expected [" + candidates.size() + ", d]");
        }
        ActionSetDesign design = analyse(nextStateEmbeddings.toDoubleMatrix(), k, seed);
        int[] idx = design.indices();
        List<A> kept = new ArrayList<>(idx.length);
        for (int i : idx) {
            kept.add(candidates.get(i));
        }
        return new ActionSet<>(kept, idx, ActionDistribution.of(design.weights()), name());
    }

    /**
     * Computes the selection with the designs behind it.
     *
     * @param embeddings the K next-state embeddings, one per row, finite
     * @param k the number of actions to keep, &ge; 1
     * @param seed seeds the rejection method and the all-zero fallback
     * @return the kept indices, their weights, and the continuous and exact designs
     * @throws IllegalArgumentException if the embeddings are empty, ragged or not finite (naming row and
     *     column), or k &lt; 1
     */
    public ActionSetDesign analyse(double[][] embeddings, int k, long seed) {
        Points raw = Points.of(embeddings, "next-state embeddings");
        if (k < 1) {
            throw new IllegalArgumentException("g-optimal selector: k must be >= 1, got " + k);
        }
        int n = raw.n;
        Points y = project(raw, k);
        if (y == null) {
            LOG.debug("g-optimal selector: every embedding is zero; keeping a seeded random subset");
            return fallback(n, k, seed);
        }
        OptimalDesign solver = OptimalDesign.builder().ridge(ridge).tolerance(tolerance).build();
        DesignResult cont = solver.solve(y);
        if (k >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return new ActionSetDesign(all, normalised(cont.weights()), y.d, cont, null, null);
        }
        if (method == Method.PAPER_REJECTION) {
            RejectionResult r = new RejectionSampler(c, maxTries, ridge).sample(y, k, seed);
            double[] w = new double[r.indices().length];
            Arrays.fill(w, 1.0 / w.length);
            return new ActionSetDesign(r.indices(), w, y.d, cont, null, r);
        }
        ExactDesignResult exact = ExactDesign.builder().ridge(ridge).maxExchanges(maxExchanges).build()
                .round(y, cont, k);
        int[] idx = exact.indices();
        DesignResult onSet = solver.solve(y.subset(idx));
        return new ActionSetDesign(idx, normalised(onSet.weights()), y.d, cont, exact, null);
    }

    private static double[] normalised(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] / s;
        }
        return out;
    }

    private static ActionSetDesign fallback(int n, int k, long seed) {
        int m = Math.min(k, n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] s = Arrays.copyOf(order, m);
        Arrays.sort(s);
        double[] w = new double[m];
        Arrays.fill(w, 1.0 / m);
        double[] cw = new double[n];
        Arrays.fill(cw, 1.0 / n);
        DesignResult none = new DesignResult(Criterion.G, Solver.FRANK_WOLFE, cw, new int[0], 0, Double.NEGATIVE_INFINITY,
                0, 0, 0, false, 0, 0, 0, 0);
        return new ActionSetDesign(s, w, 0, none, null, null);
    }

    /** Coordinates of the rows in their m leading uncentred principal directions, or null if all are zero. */
    Points project(Points p, int k) {
        int n = p.n;
        int d = p.d;
        boolean gramOfRows = n <= d;
        int size = gramOfRows ? n : d;
        double[][] g = new double[size][size];
        if (gramOfRows) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = Dense.dot(p.x, i * d, p.x, j * d, d);
                    g[i][j] = v;
                    g[j][i] = v;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                int o = i * d;
                for (int a = 0; a < d; a++) {
                    double va = p.x[o + a];
                    for (int b = 0; b <= a; b++) {
                        g[a][b] += va * p.x[o + b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < a; b++) {
                    g[b][a] = g[a][b];
                }
            }
        }
        RealMatrix gm = new Array2DRowRealMatrix(g, false);
        EigenDecomposition eig = new EigenDecomposition(gm);
        double[] lambda = eig.getRealEigenvalues();
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(lambda[b], lambda[a]));
        double top = lambda[order[0]];
        if (!(top > 0)) {
            return null;
        }
        int rank = 0;
        while (rank < size && lambda[order[rank]] > RANK_TOLERANCE * top) {
            rank++;
        }
        int m = projectToK ? Math.min(k, rank) : rank;
        double[] y = new double[n * m];
        for (int c2 = 0; c2 < m; c2++) {
            double[] v = eig.getEigenvector(order[c2]).toArray();
            if (gramOfRows) {
                double s = Math.sqrt(lambda[order[c2]]);
                for (int i = 0; i < n; i++) {
                    y[i * m + c2] = v[i] * s;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    y[i * m + c2] = Dense.dot(p.x, i * d, v, 0, d);
                }
            }
        }
        return Points.wrap(y, n, m);
    }

    @Override
    public String name() {
        return "g-optimal";
    }

    @Override
    public String toString() {
        return "GOptimalActionSetSelector[" + method + ", tol=" + tolerance + ", ridge=" + ridge + ", projectToK="
                + projectToK + (method == Method.PAPER_REJECTION ? ", C=" + c + ", maxTries=" + maxTries : "") + "]";
    }

    /** Builder of a {@link GOptimalActionSetSelector}. */
    public static final class Builder {
        private Method method = Method.DESIGN;
        private double tolerance = Convergence.DEFAULT_TOLERANCE;
        private double ridge;
        private boolean projectToK = true;
        private double c = 1;
        private int maxTries = 100;
        private int maxExchanges = 1000;

        private Builder() {
        }

        /**
         * Sets the method (default {@link Method#DESIGN}).
         *
         * @param m the method
         * @return this builder
         */
        public Builder method(Method m) {
            this.method = Objects.requireNonNull(m, "method");
            return this;
        }

        /**
         * Sets the tolerance of the continuous designs' certificates (default 1e-4).
         *
         * @param tol &gt; 0
         * @return this builder
         * @throws IllegalArgumentException if tol is not positive
         */
        public Builder tolerance(double tol) {
            if (!(tol > 0) || !Double.isFinite(tol)) {
                throw new IllegalArgumentException("g-optimal selector: tolerance must be > 0, got " + tol);
            }
            this.tolerance = tol;
            return this;
        }

        /**
         * Sets the ridge &rho; of every information matrix (default 0).
         *
         * @param rho &ge; 0, finite
         * @return this builder
         * @throws IllegalArgumentException if &rho; is negative or not finite
         */
        public Builder ridge(double rho) {
            if (!(rho >= 0) || !Double.isFinite(rho)) {
                throw new IllegalArgumentException("g-optimal selector: ridge must be >= 0, got " + rho);
            }
            this.ridge = rho;
            return this;
        }

        /**
         * Sets whether embeddings are projected to min(k, rank) leading directions (default true) or only to
         * their span (false; then k &lt; rank needs a ridge &gt; 0).
         *
         * @param project whether to project to at most k dimensions
         * @return this builder
         */
        public Builder projectToK(boolean project) {
            this.projectToK = project;
            return this;
        }

        /**
         * Sets the paper's approximation factor C for {@link Method#PAPER_REJECTION} (default 1).
         *
         * @param factor &ge; 1
         * @return this builder
         * @throws IllegalArgumentException if the factor is below 1
         */
        public Builder approximationFactor(double factor) {
            if (!(factor >= 1) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("g-optimal selector: C must be >= 1, got " + factor);
            }
            this.c = factor;
            return this;
        }

        /**
         * Sets the most draws of {@link Method#PAPER_REJECTION} (default 100).
         *
         * @param tries &ge; 1
         * @return this builder
         * @throws IllegalArgumentException if tries &lt; 1
         */
        public Builder maxTries(int tries) {
            if (tries < 1) {
                throw new IllegalArgumentException("g-optimal selector: maxTries must be >= 1, got " + tries);
            }
            this.maxTries = tries;
            return this;
        }

        /**
         * Sets the most Fedorov exchanges of the exact design (default 1000).
         *
         * @param max &ge; 0
         * @return this builder
         * @throws IllegalArgumentException if max is negative
         */
        public Builder maxExchanges(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("g-optimal selector: maxExchanges must be >= 0, got " + max);
            }
            this.maxExchanges = max;
            return this;
        }

        /**
         * Builds the selector.
         *
         * @return the selector
         */
        public GOptimalActionSetSelector build() {
            return new GOptimalActionSetSelector(this);
        }
    }
}
