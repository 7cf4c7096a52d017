package dev.eaglelm.optdesign;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The paper's procedure (App. C, E.1): draw k of the n rows uniformly without replacement and accept the draw
 * if max<sub>i</sub> x<sub>i</sub><sup>T</sup>&Sigma;(q)<sup>-1</sup>x<sub>i</sub> &le; C&middot;d, redrawing up to a
 * cap; kept for comparison with the certified designs.
 *
 * <p>Readings [C] (the paper leaves them open, PAPER.md &sect;6): q is uniform on the draw, so &Sigma;(q) =
 * (1/k)&Sigma;<sub>i&isin;S</sub>x<sub>i</sub>x<sub>i</sub><sup>T</sup> + &rho;I; the max runs over all n rows (the
 * paper's A(x)); d is the number of columns, which {@link GOptimalActionSetSelector} makes at most k by projection
 * (then C&middot;d = C&middot;k when k does not exceed the rank). When no draw is accepted, the draw with the
 * smallest max leverage is returned with {@code accepted = false}. Deterministic given the seed.
 */
public final class RejectionSampler {

    private final double c;
    private final int maxTries;
    private final double ridge;

    /**
     * Creates the sampler.
     *
     * @param c the approximation factor C &ge; 1 (the paper: 1)
     * @param maxTries the most draws, &ge; 1
     * @param ridge &rho; &ge; 0
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public RejectionSampler(double c, int maxTries, double ridge) {
        if (!(c >= 1) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("rejection sampler: C must be >= 1, got " + c);
        }
        if (maxTries < 1) {
            throw new IllegalArgumentException("rejection sampler: maxTries must be >= 1, got " + maxTries);
        }
        if (!(ridge >= 0) || !Double.isFinite(ridge)) {
            throw new IllegalArgumentException("rejection sampler: ridge must be >= 0, got " + ridge);
        }
        this.c = c;
        this.maxTries = maxTries;
        this.ridge = ridge;
    }

    /**
     * Draws subsets until one is accepted or the cap is reached.
     *
     * @param rows n points of dimension d
     * @param k the subset size, &ge; 1 (k &ge; n takes every row)
     * @param seed the seed of the draws
     * @return the accepted (or best) subset
     * @throws IllegalArgumentException if the rows are invalid or k &lt; 1
     */
    public RejectionResult sample(double[][] rows, int k, long seed) {
        return sample(Points.of(rows, "design points"), k, seed);
    }

    RejectionResult sample(Points p, int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("rejection sampler: k must be >= 1, got " + k);
        }
        int n = p.n;
        int m = Math.min(k, n);
        double bound = c * p.d;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = new int[n];
        int[] best = null;
        double bestMax = Double.POSITIVE_INFINITY;
        double[] lev = new double[n];
        for (int t = 1; t <= maxTries; t++) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = 0; i < m; i++) {
                int j = i + rng.nextInt(n - i);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            int[] s = Arrays.copyOf(order, m);
            Arrays.sort(s);
            double[] w = new double[n];
            for (int i : s) {
                w[i] = 1.0 / m;
            }
            double[] l = Dense.cholesky(Dense.information(p.x, n, p.d, w, ridge), p.d);
            double mx = Double.POSITIVE_INFINITY;
            if (l != null) {
                Dense.leverages(p.x, n, p.d, l, lev);
                mx = 0;
                for (double v : lev) {
                    mx = Math.max(mx, v);
                }
            }
            if (best == null || mx < bestMax) {
                best = s;
                bestMax = mx;
            }
            if (mx <= bound) {
                return new RejectionResult(s, true, t, mx, bound);
            }
            if (m == n) {
                return new RejectionResult(s, false, t, mx, bound); // every draw is the same
            }
        }
        return new RejectionResult(best, false, maxTries, bestMax, bound);
    }
}
