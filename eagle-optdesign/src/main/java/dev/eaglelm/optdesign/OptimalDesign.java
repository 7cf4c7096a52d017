package dev.eaglelm.optdesign;

import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.util.NdArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous (approximate) optimal designs with a Kiefer&ndash;Wolfowitz certificate.
 *
 * <p>Given n points x<sub>i</sub> &isin; R<sup>d</sup> (the rows of X), a design is a weight vector w &ge; 0 with
 * &Sigma; w<sub>i</sub> = 1, its information matrix is M(w) = &Sigma; w<sub>i</sub>x<sub>i</sub>x<sub>i</sub><sup>T</sup>
 * + &rho;I, and the leverage of point i is l<sub>i</sub>(w) = x<sub>i</sub><sup>T</sup>M(w)<sup>-1</sup>x<sub>i</sub>.
 * A D-optimal design maximises log det M(w), a G-optimal one minimises max<sub>i</sub> l<sub>i</sub>(w); with
 * &rho; = 0 they are the same designs, and max<sub>i</sub> l<sub>i</sub> = d at the optimum (Kiefer &amp;
 * Wolfowitz 1960). A run stops when max<sub>i</sub> l<sub>i</sub> &le; (1 + tol)&middot;d (see
 * {@link Convergence}); the returned {@link DesignResult} carries that certificate, recomputed exactly.
 *
 * <p><b>Algorithm.</b> The default {@link Solver#FRANK_WOLFE} starts from d linearly independent rows chosen by
 * pivoted Gram&ndash;Schmidt (uniform weights 1/d), then at each iteration either moves weight toward the
 * point of largest leverage (a Fedorov&ndash;Wynn step) or away from the support point of smallest leverage
 * (an away step; a drop step when it reaches weight 0), whichever has the larger first-order gap, with the
 * exact line search &tau; = (l/d &minus; 1)/(l &minus; 1). M<sup>-1</sup>, log det M and all leverages are updated by
 * rank-one formulas in O(n d) per iteration (one pass over X), refreshed exactly every
 * {@value #REFRESH_EVERY} iterations, and points that the Harman&ndash;Pronzato bound proves to lie outside
 * every D-optimal support are removed from the pass. At exit every leverage is recomputed from scratch
 * and the run goes on if the certificate fails. Why it is the default: see {@link Solver}.
 *
 * <p><b>Ridge.</b> With &rho; &gt; 0, M(w) is no longer a rank-one update of its predecessor, so each
 * iteration recomputes M<sup>-1</sup> and the leverages (the batch path, {@link BatchLeverages}) and the step
 * length by a golden-section search on the concave log det; the criterion is D, and the gap
 * max l<sub>i</sub> / &Sigma;w<sub>i</sub>l<sub>i</sub> &minus; 1 is the Frank&ndash;Wolfe duality gap of log det.
 *
 * <p><b>Degenerate input.</b> Zero rows and duplicates are allowed (they get weight 0, or share weight).
 * With &rho; = 0, n &lt; d or rows that span fewer than d dimensions make every M(w) singular: the run fails with
 * an {@link IllegalArgumentException} that names the first dependent column; with &rho; &gt; 0 it works.
 * NaN or infinity fail naming the row and column.
 *
 * <pre>{@code
 * DesignResult r = OptimalDesign.builder().criterion(Criterion.G).tolerance(1e-4).build().solve(rows);
 * assert r.converged() && r.maxLeverage() <= (1 + 1e-4) * rows[0].length;
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; each {@code solve} call is independent.
 */
public final class OptimalDesign {

    /** Weights below this are set to 0 (and the rest renormalised) before the certificate is computed. */
    public static final double PRUNE_BELOW = 1e-9;
    /** Frank&ndash;Wolfe iterations between exact refreshes of M<sup>-1</sup>, log det and the leverages. */
    public static final int REFRESH_EVERY = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(OptimalDesign.class);
    private static final int SCREEN_EVERY = 8;
    /**
     * n d<sup>2</sup> from which AUTO computes batch leverages with ND4J. High on purpose: after an ND4J call the
     * backend's OpenMP threads keep spinning for a while and slowed the plain-Java iterations that follow
     * (n = 5000, d = 32: 1.0 s with ND4J at 5&middot;10<sup>6</sup>, 0.4&ndash;0.6 s without, on 2 shared cores).
     */
    private static final double ND4J_WORK = Double.parseDouble(System.getProperty("eaglelm.optdesign.nd4jWork", "5e7"));
    private static final String TASK = "optimal design";

    private final Criterion criterion;
    private final Solver solver;
    private final double ridge;
    private final Convergence convergence;
    private final BatchLeverages batch;
    private final ProgressListener progress;
    private final IterationObserver observer;

    private OptimalDesign(Builder b) {
        this.criterion = b.criterion;
        this.solver = b.solver;
        this.ridge = b.ridge;
        this.convergence = b.convergence;
        this.batch = b.batch;
        this.progress = b.progress;
        this.observer = b.observer;
    }

    /**
     * Starts a builder: criterion G, {@link Solver#FRANK_WOLFE}, ridge 0, {@link Convergence#defaults()},
     * {@link BatchLeverages#AUTO}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the configured convergence criteria.
     *
     * @return the criteria
     */
    public Convergence convergence() {
        return convergence;
    }

    /**
     * Returns the ridge.
     *
     * @return &rho;
     */
    public double ridge() {
        return ridge;
    }

    /**
     * Solves the design over the rows of a matrix.
     *
     * @param rows n points of dimension d, one per row, all finite
     * @return the design and its certificate
     * @throws IllegalArgumentException if the rows are empty, ragged or not finite (naming row and column), or
     *     with ridge 0 if they do not span R<sup>d</sup> (naming the first dependent column)
     */
    public DesignResult solve(double[][] rows) {
        return solve(Points.of(rows, "design points"));
    }

    /**
     * Solves the design over the rows of an ND4J matrix.
     *
     * @param rows a {@code [n, d]} matrix
     * @return the design and its certificate
     * @throws IllegalArgumentException as {@link #solve(double[][])}
     */
    public DesignResult solve(INDArray rows) {
        return solve(Points.of(rows, "design points"));
    }

    DesignResult solve(Points p) {
        long t0 = System.nanoTime();
        progress.started(TASK, -1, "iterations");
        Run run = new Run(p, t0);
        try {
            if (ridge == 0) {
                requireFullRank(p);
            }
            if (solver == Solver.MULTIPLICATIVE) {
                run.multiplicative();
            } else if (ridge > 0) {
                run.ridgeFrankWolfe();
            } else {
                run.frankWolfe();
            }
            return run.finish();
        } finally {
            progress.finished(TASK, run.iterations);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Checks that the rows span R^d, naming the first dependent column otherwise. */
    static void requireFullRank(Points p) {
        int n = p.n;
        int d = p.d;
        double[] x = p.x;
        double[] norms = new double[d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                norms[a] += x[i * d + a] * x[i * d + a];
            }
        }
        for (int a = 0; a < d; a++) {
            if (norms[a] == 0) {
                throw new IllegalArgumentException(rankMessage(p, "column " + a + " is all zeros"));
            }
        }
        if (n < d) {
            throw new IllegalArgumentException(rankMessage(p, "n = " + n + " rows < d = " + d + " columns"));
        }
        // Cholesky of the column-normalised Gram matrix: the first failing pivot is the first dependent column.
        double[] g = new double[d * d];
        double[] s = new double[d];
        for (int a = 0; a < d; a++) {
            s[a] = 1 / Math.sqrt(norms[a]);
        }
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int a = 0; a < d; a++) {
                double va = x[o + a] * s[a];
                for (int b = 0; b <= a; b++) {
                    g[a * d + b] += va * x[o + b] * s[b];
                }
            }
        }
        double[] l = new double[d * d];
        for (int j = 0; j < d; j++) {
            double v = g[j * d + j];
            for (int k = 0; k < j; k++) {
                v -= l[j * d + k] * l[j * d + k];
            }
            if (!(v > 1e-11)) {
                throw new IllegalArgumentException(rankMessage(p, "column " + j
                        + " is (numerically) a linear combination of columns 0.." + (j - 1)));
            }
            double ljj = Math.sqrt(v);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double t = g[i * d + j];
                for (int k = 0; k < j; k++) {
                    t -= l[i * d + k] * l[j * d + k];
                }
                l[i * d + j] = t / ljj;
            }
        }
    }

    private static String rankMessage(Points p, String where) {
        return "design points: rank-deficient (" + where + "): the " + p.n + " rows do not span R^" + p.d
                + ", so M(w) is singular for every design; use a ridge > 0 or remove the dependent column";
    }

    /** Picks d linearly independent rows by pivoted Gram-Schmidt (largest residual first). */
    static int[] pivotedBasis(Points p) {
        int n = p.n;
        int d = p.d;
        double[] x = p.x;
        double[] res = new double[n];
        double maxNorm = 0;
        for (int i = 0; i < n; i++) {
            res[i] = Dense.dot(x, i * d, x, i * d, d);
            maxNorm = Math.max(maxNorm, res[i]);
        }
        double[] q = new double[d * d];
        int[] chosen = new int[d];
        boolean[] used = new boolean[n];
        for (int j = 0; j < d; j++) {
            int best = -1;
            double bv = -1;
            for (int i = 0; i < n; i++) {
                if (!used[i] && res[i] > bv) {
                    bv = res[i];
                    best = i;
                }
            }
            if (best < 0 || !(bv > 1e-11 * maxNorm)) {
                requireFullRank(p); // names the dependent column
                throw new IllegalArgumentException(rankMessage(p, "rank " + j + " < d = " + d));
            }
            used[best] = true;
            chosen[j] = best;
            double[] v = new double[d];
            System.arraycopy(x, best * d, v, 0, d);
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double c = Dense.dot(q, k * d, v, 0, d);
                    for (int a = 0; a < d; a++) {
                        v[a] -= c * q[k * d + a];
                    }
                }
            }
            double nv = Math.sqrt(Dense.dot(v, 0, v, 0, d));
            for (int a = 0; a < d; a++) {
                q[j * d + a] = v[a] / nv;
            }
            for (int i = 0; i < n; i++) {
                if (!used[i]) {
                    double c = Dense.dot(q, j * d, x, i * d, d);
                    res[i] -= c * c;
                }
            }
        }
        return chosen;
    }

    /** One solve: the state of the iterations. */
    private final class Run {
        final Points p;
        final int n;
        final int d;
        final double[] x;
        final long t0;
        final long deadline;
        final double[] w;
        long iterations;
        INDArray xNd;

        Run(Points p, long t0) {
            this.p = p;
            this.n = p.n;
            this.d = p.d;
            this.x = p.x;
            this.t0 = t0;
            long limit;
            try {
                limit = convergence.timeLimit().toNanos();
            } catch (ArithmeticException e) {
                limit = Long.MAX_VALUE / 2;
            }
            this.deadline = t0 + Math.min(limit, Long.MAX_VALUE / 2);
            this.w = new double[n];
        }

        boolean outOfBudget() {
            return iterations >= convergence.maxIterations() || System.nanoTime() - deadline > 0;
        }

        void report() {
            if ((iterations & 127) == 0) {
                progress.advanced(TASK, iterations, -1);
            }
        }

        /** All n leverages for a Cholesky factor (and its inverse, for ND4J). */
        void allLeverages(double[] xs, int rows, double[] chol, double[] minv, double[] out) {
            boolean nd = batch == BatchLeverages.ND4J
                    || (batch == BatchLeverages.AUTO && (double) rows * d * d >= ND4J_WORK && nd4jAvailable());
            if (nd && xs == x && rows == n) {
                if (xNd == null) {
                    NdArrays.requireBackend();
                    xNd = Nd4j.create(x, new long[] {n, d}, DataType.DOUBLE);
                }
                INDArray mi = Nd4j.create(minv != null ? minv : Dense.inverse(chol, d), new long[] {d, d},
                        DataType.DOUBLE);
                double[] lev = xNd.mmul(mi).muli(xNd).sum(1).toDoubleVector();
                System.arraycopy(lev, 0, out, 0, rows);
            } else {
                Dense.leverages(xs, rows, d, chol, out);
            }
        }

        // ------------------------------------------------------------------ Frank-Wolfe with away steps, rho = 0

        void frankWolfe() {
            double tol = convergence.tolerance();
            int[] basis = pivotedBasis(p);
            for (int b : basis) {
                w[b] = 1.0 / d;
            }
            // support list with positions
            int[] supp = new int[n];
            int[] pos = new int[n];
            java.util.Arrays.fill(pos, -1);
            int ns = 0;
            for (int b : basis) {
                pos[b] = ns;
                supp[ns++] = b;
            }
            double[] minv = new double[d * d];
            double[] logDet = new double[1];
            // active set: global index, rows, leverages
            int[] act = new int[n];
            for (int i = 0; i < n; i++) {
                act[i] = i;
            }
            int na = n;
            double[] xa = x;
            double[] xc = Pass.columns(x, n, d); // column-major copy for the vectorisable pass
            double[] vbuf = new double[n];
            double[] la = new double[n];
            refresh(supp, ns, minv, logDet, act, na, xa, la, true);
            double[] u = new double[d];
            int jLoc = 0;
            int kLoc = -1;
            double maxL = Double.NEGATIVE_INFINITY;
            double minL = Double.POSITIVE_INFINITY;
            for (int m = 0; m < na; m++) {
                if (la[m] > maxL) {
                    maxL = la[m];
                    jLoc = m;
                }
                if (w[act[m]] > 0 && la[m] < minL) {
                    minL = la[m];
                    kLoc = m;
                }
            }
            while (true) {
                double lj = la[jLoc];
                if (lj / d - 1 <= tol || outOfBudget()) {
                    // exact check over every point, the removed ones included
                    double[] full = new double[n];
                    double[] l = Dense.cholesky(Dense.information(x, n, d, w, 0), d);
                    if (l == null) {
                        break; // cannot happen with d independent support points; finish() reports it
                    }
                    double[] mi = Dense.inverse(l, d);
                    allLeverages(x, n, l, mi, full);
                    double mx = 0;
                    for (double v : full) {
                        mx = Math.max(mx, v);
                    }
                    if (mx / d - 1 <= tol || outOfBudget()) {
                        break;
                    }
                    // not certified yet (drift, or a removed point came back): restart the pass on every point
                    LOG.debug("iteration {}: certificate failed on all {} points (max leverage {}, active max {}):"
                            + " restarting on every point", iterations, n, mx, lj);
                    act = new int[n];
                    for (int i = 0; i < n; i++) {
                        act[i] = i;
                    }
                    na = n;
                    xa = x;
                    xc = Pass.columns(x, n, d);
                    la = full;
                    System.arraycopy(mi, 0, minv, 0, d * d);
                    logDet[0] = Dense.logDet(l, d);
                    maxL = Double.NEGATIVE_INFINITY;
                    minL = Double.POSITIVE_INFINITY;
                    for (int m = 0; m < na; m++) {
                        if (la[m] > maxL) {
                            maxL = la[m];
                            jLoc = m;
                        }
                        if (w[act[m]] > 0 && la[m] < minL) {
                            minL = la[m];
                            kLoc = m;
                        }
                    }
                    continue;
                }
                double lk = kLoc >= 0 ? la[kLoc] : d;
                double epsPlus = lj / d - 1;
                double epsMinus = 1 - lk / d;
                int iLoc;
                double tau;
                boolean drop = false;
                double wk = kLoc >= 0 ? w[act[kLoc]] : 1;
                if (epsPlus >= epsMinus || wk >= 1 - 1e-15) {
                    iLoc = jLoc;
                    tau = (lj - d) / (d * (lj - 1));
                } else {
                    iLoc = kLoc;
                    double lo = -wk / (1 - wk);
                    if (lk <= 1) {
                        tau = lo;
                        drop = true;
                    } else {
                        tau = (lk - d) / (d * (lk - 1));
                        if (tau <= lo) {
                            tau = lo;
                            drop = true;
                        }
                    }
                }
                int gi = act[iLoc];
                double li = la[iLoc];
                double c = tau / (1 - tau);
                double denom = 1 + c * li;
                if (!(denom > 1e-12)) { // numerically singular step: refresh and retry
                    refresh(supp, ns, minv, logDet, act, na, xa, la, true);
                    iterations++;
                    continue;
                }
                Dense.matVec(minv, x, gi * d, d, u);
                double f = c / denom;
                double s = 1 / (1 - tau);
                for (int a = 0; a < d; a++) {
                    double fa = f * u[a];
                    int ra = a * d;
                    for (int b = 0; b < d; b++) {
                        minv[ra + b] = (minv[ra + b] - fa * u[b]) * s;
                    }
                }
                logDet[0] += d * Math.log1p(-tau) + Math.log(denom);
                double shrink = 1 - tau;
                for (int q = 0; q < ns; q++) {
                    w[supp[q]] *= shrink;
                }
                if (drop) {
                    w[gi] = 0;
                    int at = pos[gi];
                    int last = supp[--ns];
                    supp[at] = last;
                    pos[last] = at;
                    pos[gi] = -1;
                } else {
                    w[gi] += tau;
                    if (pos[gi] < 0) {
                        pos[gi] = ns;
                        supp[ns++] = gi;
                    }
                }
                // fused pass: update every active leverage, find the next extremes
                long packed = Pass.run(xc, na, d, u, f, s, la, w, act, vbuf);
                jLoc = (int) (packed >>> 32);
                kLoc = (int) packed;
                maxL = la[jLoc];
                iterations++;
                observer.iteration(iterations, logDet[0], maxL);
                report();
                if (iterations % REFRESH_EVERY == 0) {
                    LOG.debug("iteration {}: {} active points, support {}, max leverage {}", iterations, na, ns, maxL);
                    refresh(supp, ns, minv, logDet, act, na, xa, la, true);
                    maxL = Double.NEGATIVE_INFINITY;
                    minL = Double.POSITIVE_INFINITY;
                    kLoc = -1;
                    for (int m = 0; m < na; m++) {
                        if (la[m] > maxL) {
                            maxL = la[m];
                            jLoc = m;
                        }
                        if (w[act[m]] > 0 && la[m] < minL) {
                            minL = la[m];
                            kLoc = m;
                        }
                    }
                }
                if (iterations % SCREEN_EVERY == 0) {
                    // Harman & Pronzato (2007): l_i < h(eps) => i is in no D-optimal support
                    double eps = maxL / d - 1;
                    double h = d * (1 + eps / 2 - Math.sqrt(eps * (4 + eps - 4.0 / d)) / 2);
                    int removable = 0;
                    for (int m = 0; m < na; m++) {
                        if (la[m] < h && w[act[m]] == 0) {
                            removable++;
                        }
                    }
                    if (removable > 0 && removable * 20 >= na) {
                        int nn = na - removable;
                        int[] act2 = new int[nn];
                        double[] xa2 = new double[nn * d];
                        double[] la2 = new double[nn];
                        int q = 0;
                        for (int m = 0; m < na; m++) {
                            if (la[m] < h && w[act[m]] == 0) {
                                continue;
                            }
                            act2[q] = act[m];
                            System.arraycopy(xa, m * d, xa2, q * d, d);
                            la2[q] = la[m];
                            q++;
                        }
                        act = act2;
                        xa = xa2;
                        xc = Pass.columns(xa2, nn, d);
                        la = la2;
                        na = nn;
                        maxL = Double.NEGATIVE_INFINITY;
                        minL = Double.POSITIVE_INFINITY;
                        kLoc = -1;
                        for (int m = 0; m < na; m++) {
                            if (la[m] > maxL) {
                                maxL = la[m];
                                jLoc = m;
                            }
                            if (w[act[m]] > 0 && la[m] < minL) {
                                minL = la[m];
                                kLoc = m;
                            }
                        }
                    }
                }
            }
        }

        /** Recomputes M^-1 and log det from the weights of the support, and the active leverages. */
        void refresh(int[] supp, int ns, double[] minv, double[] logDet, int[] act, int na, double[] xa,
                double[] la, boolean leverages) {
            double sum = 0;
            for (int q = 0; q < ns; q++) {
                sum += w[supp[q]];
            }
            double[] m = new double[d * d];
            for (int q = 0; q < ns; q++) {
                int i = supp[q];
                w[i] /= sum;
                double wi = w[i];
                int o = i * d;
                for (int a = 0; a < d; a++) {
                    double va = wi * x[o + a];
                    for (int b = 0; b <= a; b++) {
                        m[a * d + b] += va * x[o + b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < a; b++) {
                    m[b * d + a] = m[a * d + b];
                }
            }
            double[] l = Dense.cholesky(m, d);
            if (l == null) {
                throw new IllegalStateException("optimal design: the information matrix became singular"
                        + " (numerically); the rows are nearly rank-deficient: use a ridge > 0");
            }
            System.arraycopy(Dense.inverse(l, d), 0, minv, 0, d * d);
            logDet[0] = Dense.logDet(l, d);
            if (leverages) {
                allLeverages(xa, na, l, minv, la);
            }
        }

        // ------------------------------------------------------------------ ridge: exact recomputation per step

        void ridgeFrankWolfe() {
            double tol = convergence.tolerance();
            java.util.Arrays.fill(w, 1.0 / n);
            double[] lev = new double[n];
            while (true) {
                double[] m = Dense.information(x, n, d, w, ridge);
                double[] l = Dense.cholesky(m, d);
                if (l == null) {
                    throw new IllegalStateException("optimal design: M(w) is not positive definite with ridge "
                            + ridge + " (numerically): use a larger ridge");
                }
                double logDet = Dense.logDet(l, d);
                double[] minv = Dense.inverse(l, d);
                allLeverages(x, n, l, minv, lev);
                double sw = 0;
                int j = 0;
                int k = -1;
                for (int i = 0; i < n; i++) {
                    sw += w[i] * lev[i];
                    if (lev[i] > lev[j]) {
                        j = i;
                    }
                    if (w[i] > 0 && (k < 0 || lev[i] < lev[k])) {
                        k = i;
                    }
                }
                if (iterations > 0) {
                    observer.iteration(iterations, logDet, lev[j]);
                }
                if (lev[j] / sw - 1 <= tol || outOfBudget()) {
                    break;
                }
                boolean away = 1 - lev[k] / sw > lev[j] / sw - 1 && w[k] < 1 - 1e-15;
                int i = away ? k : j;
                double lo = away ? -w[k] / (1 - w[k]) : 0;
                double hi = away ? 0 : 1 - 1e-12;
                double[] b = m.clone(); // B = M - rho I
                for (int a = 0; a < d; a++) {
                    b[a * d + a] -= ridge;
                }
                double tau = goldenSection(b, i, lo, hi, logDet);
                double shrink = 1 - tau;
                for (int q = 0; q < n; q++) {
                    w[q] *= shrink;
                }
                w[i] += tau;
                if (away && tau <= lo + 1e-15) {
                    w[i] = 0;
                }
                if (w[i] < 0) {
                    w[i] = 0;
                }
                iterations++;
                report();
            }
        }

        private double logDetAt(double[] b, int i, double tau) {
            double[] m = new double[d * d];
            int o = i * d;
            for (int a = 0; a < d; a++) {
                for (int c = 0; c < d; c++) {
                    m[a * d + c] = (1 - tau) * b[a * d + c] + tau * x[o + a] * x[o + c];
                }
                m[a * d + a] += ridge;
            }
            double[] l = Dense.cholesky(m, d);
            return l == null ? Double.NEGATIVE_INFINITY : Dense.logDet(l, d);
        }

        private double goldenSection(double[] b, int i, double lo, double hi, double f0) {
            double g = (Math.sqrt(5) - 1) / 2;
            double a = lo;
            double c = hi;
            double x1 = c - g * (c - a);
            double x2 = a + g * (c - a);
            double f1 = logDetAt(b, i, x1);
            double f2 = logDetAt(b, i, x2);
            for (int it = 0; it < 60 && c - a > 1e-12; it++) {
                if (f1 < f2) {
                    a = x1;
                    x1 = x2;
                    f1 = f2;
                    x2 = a + g * (c - a);
                    f2 = logDetAt(b, i, x2);
                } else {
                    c = x2;
                    x2 = x1;
                    f2 = f1;
                    x1 = c - g * (c - a);
                    f1 = logDetAt(b, i, x1);
                }
            }
            double t = (a + c) / 2;
            double ft = logDetAt(b, i, t);
            double fe = logDetAt(b, i, lo); // the end point (a drop step) may be best for an away step
            if (lo < 0 && fe >= ft && fe >= f0) {
                return lo;
            }
            return ft >= f0 ? t : 0; // never decrease log det
        }

        // ------------------------------------------------------------------ multiplicative algorithm

        void multiplicative() {
            double tol = convergence.tolerance();
            java.util.Arrays.fill(w, 1.0 / n);
            double[] lev = new double[n];
            while (true) {
                double[] l = Dense.cholesky(Dense.information(x, n, d, w, ridge), d);
                if (l == null) {
                    throw new IllegalStateException("optimal design: M(w) became singular (numerically): use a"
                            + " ridge > 0");
                }
                double logDet = Dense.logDet(l, d);
                allLeverages(x, n, l, null, lev);
                double sw = 0;
                double mx = 0;
                for (int i = 0; i < n; i++) {
                    sw += w[i] * lev[i];
                    mx = Math.max(mx, lev[i]);
                }
                if (iterations > 0) {
                    observer.iteration(iterations, logDet, mx);
                }
                if (mx / sw - 1 <= tol || outOfBudget()) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    w[i] *= lev[i] / sw;
                }
                iterations++;
                report();
            }
        }

        // ------------------------------------------------------------------ exact certificate of the result

        DesignResult finish() {
            double[] raw = w.clone();
            Certificate unpruned = certify(raw);
            double[] pruned = raw.clone();
            double sum = 0;
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (pruned[i] < PRUNE_BELOW) {
                    any |= pruned[i] > 0;
                    pruned[i] = 0;
                }
                sum += pruned[i];
            }
            Certificate c = unpruned;
            double[] out = raw;
            if (any && sum > 0) {
                for (int i = 0; i < n; i++) {
                    pruned[i] /= sum;
                }
                Certificate cp = certify(pruned);
                if (cp != null && (cp.gap <= convergence.tolerance() || cp.gap <= unpruned.gap)) {
                    c = cp;
                    out = pruned;
                }
            }
            if (c == null) {
                throw new IllegalStateException("optimal design: the final information matrix is singular");
            }
            List<Integer> support = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (out[i] > 0) {
                    support.add(i);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            boolean converged = c.gap <= convergence.tolerance();
            if (!converged) {
                LOG.debug("optimal design stopped uncertified after {} iterations: gap {}", iterations, c.gap);
            }
            return new DesignResult(criterion, solver, out, support.stream().mapToInt(Integer::intValue).toArray(),
                    c.maxLeverage, c.logDet, c.weighted, c.gap, iterations, converged, convergence.tolerance(), ridge,
                    d, seconds);
        }

        private Certificate certify(double[] weights) {
            double[] l = Dense.cholesky(Dense.information(x, n, d, weights, ridge), d);
            if (l == null) {
                return null;
            }
            double[] lev = new double[n];
            allLeverages(x, n, l, null, lev);
            double mx = 0;
            double sw = 0;
            for (int i = 0; i < n; i++) {
                mx = Math.max(mx, lev[i]);
                sw += weights[i] * lev[i];
            }
            if (ridge == 0) {
                sw = d; // exact by theory; the computed sum differs from d only by rounding
            }
            return new Certificate(mx, Dense.logDet(l, d), sw, Math.max(0, mx / sw - 1));
        }
    }

    private record Certificate(double maxLeverage, double logDet, double weighted, double gap) {
    }

    private static volatile Boolean nd4j;

    static boolean nd4jAvailable() {
        Boolean b = nd4j;
        if (b == null) {
            try {
                NdArrays.requireBackend();
                b = Boolean.TRUE;
            } catch (IllegalStateException | LinkageError e) {
                LOG.debug("no ND4J backend: batch leverages in plain Java");
                b = Boolean.FALSE;
            }
            nd4j = b;
        }
        return b;
    }

    /** Builder of an {@link OptimalDesign}. */
    public static final class Builder {
        private Criterion criterion = Criterion.G;
        private Solver solver = Solver.FRANK_WOLFE;
        private double ridge;
        private Convergence convergence = Convergence.defaults();
        private BatchLeverages batch = BatchLeverages.AUTO;
        private ProgressListener progress = ProgressListener.NONE;
        private IterationObserver observer = IterationObserver.NONE;

        private Builder() {
        }

        /**
         * Sets the criterion (default G).
         *
         * @param c D or G
         * @return this builder
         */
        public Builder criterion(Criterion c) {
            this.criterion = Objects.requireNonNull(c, "criterion");
            return this;
        }

        /**
         * Sets the algorithm (default {@link Solver#FRANK_WOLFE}).
         *
         * @param s the solver
         * @return this builder
         */
        public Builder solver(Solver s) {
            this.solver = Objects.requireNonNull(s, "solver");
            return this;
        }

        /**
         * Sets the ridge &rho; (default 0).
         *
         * @param rho &ge; 0 and finite
         * @return this builder
         * @throws IllegalArgumentException if &rho; is negative or not finite
         */
        public Builder ridge(double rho) {
            if (!(rho >= 0) || !Double.isFinite(rho)) {
                throw new IllegalArgumentException("optimal design: ridge must be >= 0 and finite, got " + rho);
            }
            this.ridge = rho;
            return this;
        }

        /**
         * Sets the convergence criteria (default {@link Convergence#defaults()}).
         *
         * @param c the criteria
         * @return this builder
         */
        public Builder convergence(Convergence c) {
            this.convergence = Objects.requireNonNull(c, "convergence");
            return this;
        }

        /**
         * Sets the tolerance on the Kiefer&ndash;Wolfowitz gap, keeping the other limits.
         *
         * @param tol &gt; 0
         * @return this builder
         * @throws IllegalArgumentException if tol is not positive
         */
        public Builder tolerance(double tol) {
            this.convergence = convergence.withTolerance(tol);
            return this;
        }

        /**
         * Sets how all leverages are computed at once (default {@link BatchLeverages#AUTO}).
         *
         * @param b the engine
         * @return this builder
         */
        public Builder batchLeverages(BatchLeverages b) {
            this.batch = Objects.requireNonNull(b, "batch");
            return this;
        }

        /**
         * Sets the progress listener (default none); task "optimal design", unit iterations, total unknown.
         *
         * @param p the listener
         * @return this builder
         */
        public Builder progress(ProgressListener p) {
            this.progress = Objects.requireNonNull(p, "progress");
            return this;
        }

        /**
         * Sets an observer of every iteration (default none).
         *
         * @param o the observer
         * @return this builder
         */
        public Builder observer(IterationObserver o) {
            this.observer = Objects.requireNonNull(o, "observer");
            return this;
        }

        /**
         * Builds the solver.
         *
         * @return the configured solver
         */
        public OptimalDesign build() {
            return new OptimalDesign(this);
        }
    }
}
