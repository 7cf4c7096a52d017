package dev.eaglelm.optdesign;

import java.util.Arrays;
import java.util.Objects;

/**
 * Exact designs of size k: k distinct rows, chosen by efficient rounding of the continuous optimum
 * (Pukelsheim &amp; Rieder 1992) and improved by Fedorov exchanges.
 *
 * <p><b>Rounding.</b> With p support points and k &ge; p, the counts n<sub>i</sub> = &lceil;(k &minus; p/2)
 * w<sub>i</sub>&rceil; are adjusted one at a time (up at argmin n<sub>i</sub>/w<sub>i</sub>, down at argmax
 * (n<sub>i</sub> &minus; 1)/w<sub>i</sub>) until they sum to k. Rows with n<sub>i</sub> &ge; 1 are kept; since actions
 * are not replicated, any shortfall (a count above 1, or k &lt; p) is filled greedily with the row of largest
 * leverage under the current set [C].
 *
 * <p><b>Exchange.</b> Each round evaluates every swap of a kept row i for an outside row j by the exact
 * determinant ratio (1 + d<sub>j</sub>)(1 &minus; d<sub>i</sub>) + d<sub>ij</sub><sup>2</sup> (Fedorov 1972)
 * and makes the best one while it gains more than 1e-9; at most {@link Builder#maxExchanges} swaps. The exchange
 * maximises det M<sub>S</sub>, the usual surrogate; the G-efficiency against the continuous optimum is reported.
 *
 * <p><b>Edge cases.</b> k &ge; n keeps every row. With &rho; = 0 and k &lt; d no k rows span R<sup>d</sup>: an
 * {@link IllegalArgumentException} says so; use a ridge &gt; 0, or project the rows to at most k dimensions as
 * {@link GOptimalActionSetSelector} does.
 */
public final class ExactDesign {

    private final double ridge;
    private final int maxExchanges;
    private final Convergence convergence;

    private ExactDesign(Builder b) {
        this.ridge = b.ridge;
        this.maxExchanges = b.maxExchanges;
        this.convergence = b.convergence;
    }

    /**
     * Starts a builder: ridge 0, at most 1000 exchanges, {@link Convergence#defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Solves the continuous design, then rounds it to k rows and improves them.
     *
     * @param rows n points of dimension d
     * @param k the number of rows to keep, &ge; 1
     * @return the exact design
     * @throws IllegalArgumentException if the input is invalid (as {@link OptimalDesign#solve(double[][])}), k &lt; 1,
     *     or &rho; = 0 and k &lt; d &le; n
     */
    public ExactDesignResult select(double[][] rows, int k) {
        Points p = Points.of(rows, "design points");
        checkK(p, k);
        DesignResult c = OptimalDesign.builder().ridge(ridge).convergence(convergence).build().solve(p);
        return round(p, c, k);
    }

    /**
     * Rounds a given continuous design of the same rows to k rows and improves them.
     *
     * @param rows the n points the continuous design was computed for
     * @param continuous its result
     * @param k the number of rows to keep, &ge; 1
     * @return the exact design
     * @throws IllegalArgumentException if the sizes disagree, k &lt; 1, or &rho; = 0 and k &lt; d &le; n
     */
    public ExactDesignResult round(double[][] rows, DesignResult continuous, int k) {
        Points p = Points.of(rows, "design points");
        if (continuous.weights().length != p.n) {
            throw new IllegalArgumentException("exact design: the continuous design has " + continuous.weights().length
                    + " weights for " + p.n + " rows");
        }
        checkK(p, k);
        return round(p, continuous, k);
    }

    private void checkK(Points p, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("exact design: k must be >= 1, got " + k);
        }
        if (ridge == 0 && k < p.d && k < p.n) {
            throw new IllegalArgumentException("exact design: k = " + k + " rows cannot span R^" + p.d
                    + " with ridge 0 (k < d): use a ridge > 0, or project the rows to at most k dimensions");
        }
    }

    ExactDesignResult round(Points p, DesignResult c, int k) {
        int n = p.n;
        int d = p.d;
        double[] w = c.weights();
        boolean[] in = new boolean[n];
        int size;
        if (k >= n) {
            Arrays.fill(in, true);
            size = n;
        } else {
            int[] supp = c.support();
            int ps = supp.length;
            int[] cnt = new int[n];
            int total = 0;
            for (int i : supp) {
                cnt[i] = (int) Math.ceil((k - ps / 2.0) * w[i]);
                total += cnt[i];
            }
            while (total < k) {
                int best = -1;
                for (int i : supp) {
                    if (best < 0 || cnt[i] / w[i] < cnt[best] / w[best]) {
                        best = i;
                    }
                }
                cnt[best]++;
                total++;
            }
            while (total > k) {
                int best = -1;
                for (int i : supp) {
                    if (cnt[i] > 0 && (best < 0 || (cnt[i] - 1) / w[i] > (cnt[best] - 1) / w[best])) {
                        best = i;
                    }
                }
                cnt[best]--;
                total--;
            }
            size = 0;
            for (int i : supp) {
                if (cnt[i] > 0) {
                    in[i] = true;
                    size++;
                }
            }
            // fill greedily: the row of largest leverage under the current set (slightly regularised)
            while (size < k) {
                double[] l = factor(p, in, size, true);
                double[] lev = new double[n];
                Dense.leverages(p.x, n, d, l, lev);
                int best = -1;
                for (int i = 0; i < n; i++) {
                    if (!in[i] && (best < 0 || lev[i] > lev[best])) {
                        best = i;
                    }
                }
                in[best] = true;
                size++;
            }
        }
        int exchanges = 0;
        if (k < n) {
            exchanges = exchange(p, in, size);
        }
        int[] idx = new int[size];
        int q = 0;
        for (int i = 0; i < n; i++) {
            if (in[i]) {
                idx[q++] = i;
            }
        }
        double[] uw = new double[n];
        for (int i : idx) {
            uw[i] = 1.0 / size;
        }
        double[] l = Dense.cholesky(Dense.information(p.x, n, d, uw, ridge), d);
        if (l == null) {
            throw new IllegalArgumentException("exact design: the " + size + " chosen rows do not span R^" + d
                    + " (the rows are rank-deficient): use a ridge > 0");
        }
        double[] lev = new double[n];
        Dense.leverages(p.x, n, d, l, lev);
        double mx = 0;
        for (double v : lev) {
            mx = Math.max(mx, v);
        }
        double logDet = Dense.logDet(l, d);
        return new ExactDesignResult(idx, mx, logDet, c.maxLeverage() / mx, Math.exp((logDet - c.logDet()) / d),
                exchanges, c);
    }

    /** Cholesky factor of A = sum_S x x^T + size * rho * I (plus a tiny jitter when asked, for greedy filling). */
    private double[] factor(Points p, boolean[] in, int size, boolean jitter) {
        int d = p.d;
        double[] ones = new double[p.n];
        for (int i = 0; i < p.n; i++) {
            ones[i] = in[i] ? 1 : 0;
        }
        double[] a = Dense.information(p.x, p.n, d, ones, size * ridge);
        if (jitter) {
            double tr = 0;
            for (int i = 0; i < p.n; i++) {
                tr += Dense.dot(p.x, i * d, p.x, i * d, d);
            }
            double eps = 1e-9 * Math.max(tr / p.n, 1e-300);
            for (int b = 0; b < d; b++) {
                a[b * d + b] += eps;
            }
        }
        return Dense.cholesky(a, d);
    }

    private int exchange(Points p, boolean[] in, int size) {
        int n = p.n;
        int d = p.d;
        int made = 0;
        double[] lev = new double[n];
        while (made < maxExchanges) {
            double[] l = factor(p, in, size, false);
            if (l == null) {
                l = factor(p, in, size, true);
            }
            double[] ainv = Dense.inverse(l, d);
            Dense.leverages(p.x, n, d, l, lev);
            int[] s = new int[size];
            int q = 0;
            for (int i = 0; i < n; i++) {
                if (in[i]) {
                    s[q++] = i;
                }
            }
            // U = A^-1 x_i for the kept rows
            double[][] u = new double[size][d];
            for (int a = 0; a < size; a++) {
                Dense.matVec(ainv, p.x, s[a] * d, d, u[a]);
            }
            double best = 1 + 1e-9;
            int bi = -1;
            int bj = -1;
            for (int j = 0; j < n; j++) {
                if (in[j]) {
                    continue;
                }
                double dj = lev[j];
                for (int a = 0; a < size; a++) {
                    double di = lev[s[a]];
                    double dij = Dense.dot(u[a], 0, p.x, j * d, d);
                    double ratio = (1 + dj) * (1 - di) + dij * dij;
                    if (ratio > best) {
                        best = ratio;
                        bi = s[a];
                        bj = j;
                    }
                }
            }
            if (bi < 0) {
                break;
            }
            in[bi] = false;
            in[bj] = true;
            made++;
        }
        return made;
    }

    /** Builder of an {@link ExactDesign}. */
    public static final class Builder {
        private double ridge;
        private int maxExchanges = 1000;
        private Convergence convergence = Convergence.defaults();

        private Builder() {
        }

        /**
         * Sets the ridge &rho; of M<sub>S</sub> and of the continuous design (default 0).
         *
         * @param rho &ge; 0, finite
         * @return this builder
         * @throws IllegalArgumentException if &rho; is negative or not finite
         */
        public Builder ridge(double rho) {
            if (!(rho >= 0) || !Double.isFinite(rho)) {
                throw new IllegalArgumentException("exact design: ridge must be >= 0 and finite, got " + rho);
            }
            this.ridge = rho;
            return this;
        }

        /**
         * Sets the most Fedorov exchanges (default 1000; 0 keeps the rounded design).
         *
         * @param max &ge; 0
         * @return this builder
         * @throws IllegalArgumentException if max is negative
         */
        public Builder maxExchanges(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("exact design: maxExchanges must be >= 0, got " + max);
            }
            this.maxExchanges = max;
            return this;
        }

        /**
         * Sets the convergence criteria of the continuous design (default {@link Convergence#defaults()}).
         *
         * @param c the criteria
         * @return this builder
         */
        public Builder convergence(Convergence c) {
            this.convergence = Objects.requireNonNull(c, "convergence");
            return this;
        }

        /**
         * Builds it.
         *
         * @return the exact-design procedure
         */
        public ExactDesign build() {
            return new ExactDesign(this);
        }
    }
}
