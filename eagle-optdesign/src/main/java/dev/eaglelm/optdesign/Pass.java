package dev.eaglelm.optdesign;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The per-iteration pass of the Frank&ndash;Wolfe solver over the active rows: v = X<sub>a</sub>u,
 * l<sub>m</sub> &larr; (l<sub>m</sub> &minus; f v<sub>m</sub><sup>2</sup>) s, and the positions of the largest leverage
 * and of the smallest leverage among rows of positive weight.
 *
 * <p>X<sub>a</sub> is kept column-major, so that v accumulates as d scaled column additions (axpy loops, which
 * the JIT compiles to SIMD instructions) instead of n dot products (reductions, which it does not vectorise).
 * The pass may be split in two halves on the common pool (system property
 * {@code eaglelm.optdesign.parallelWork}, off by default; the result does not depend on the split: ties go to
 * the lower index either way).
 */
final class Pass {

    /**
     * Work (rows times columns) above which the pass is split over two threads. Off by default: on the shared
     * 2-core benchmark machine the fork and join of every iteration waited for a core.
     */
    static final long PARALLEL_WORK = Long.getLong("eaglelm.optdesign.parallelWork", Long.MAX_VALUE);

    private Pass() {
    }

    /** Column-major copy of an n x d row-major matrix. */
    static double[] columns(double[] rows, int n, int d) {
        double[] c = new double[n * d];
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int a = 0; a < d; a++) {
                c[a * n + i] = rows[o + a];
            }
        }
        return c;
    }

    /** Returns (argmax &lt;&lt; 32) | (argmin over positive weight, or -1 as an int). */
    static long run(double[] xc, int na, int d, double[] u, double f, double s, double[] la, double[] w, int[] act,
            double[] v) {
        if ((long) na * d < PARALLEL_WORK || ForkJoinPool.getCommonPoolParallelism() < 2) {
            long[] all = range(xc, na, 0, na, d, u, f, s, la, w, act, v);
            return (all[0] << 32) | (all[1] & 0xFFFFFFFFL);
        }
        int mid = na >>> 1;
        ForkJoinTask<long[]> second = ForkJoinPool.commonPool()
                .submit(() -> range(xc, na, mid, na, d, u, f, s, la, w, act, v));
        long[] a = range(xc, na, 0, mid, d, u, f, s, la, w, act, v);
        long[] b = second.join();
        int j = (int) a[0];
        if (b[0] >= 0 && (j < 0 || la[(int) b[0]] > la[j])) {
            j = (int) b[0];
        }
        int k = (int) a[1];
        if (b[1] >= 0 && (k < 0 || la[(int) b[1]] < la[k])) {
            k = (int) b[1];
        }
        return ((long) j << 32) | (k & 0xFFFFFFFFL);
    }

    private static long[] range(double[] xc, int na, int from, int to, int d, double[] u, double f, double s,
            double[] la, double[] w, int[] act, double[] v) {
        java.util.Arrays.fill(v, from, to, 0.0);
        int a = 0;
        for (; a + 3 < d; a += 4) {
            double u0 = u[a];
            double u1 = u[a + 1];
            double u2 = u[a + 2];
            double u3 = u[a + 3];
            int o0 = a * na;
            int o1 = o0 + na;
            int o2 = o1 + na;
            int o3 = o2 + na;
            for (int m = from; m < to; m++) {
                v[m] += u0 * xc[o0 + m] + u1 * xc[o1 + m] + u2 * xc[o2 + m] + u3 * xc[o3 + m];
            }
        }
        for (; a < d; a++) {
            double ua = u[a];
            int o = a * na;
            for (int m = from; m < to; m++) {
                v[m] += ua * xc[o + m];
            }
        }
        double maxL = Double.NEGATIVE_INFINITY;
        double minL = Double.POSITIVE_INFINITY;
        int j = -1;
        int k = -1;
        for (int m = from; m < to; m++) {
            double vm = v[m];
            double lm = (la[m] - f * vm * vm) * s;
            la[m] = lm;
            if (lm > maxL) {
                maxL = lm;
                j = m;
            }
            if (lm < minL && w[act[m]] > 0) {
                minL = lm;
                k = m;
            }
        }
        return new long[] {j, k};
    }
}
