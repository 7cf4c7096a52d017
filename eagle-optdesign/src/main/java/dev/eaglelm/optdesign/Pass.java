package dev.eaglelm.optdesign;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The per-iteration pass of the Frank&ndash;Wolfe solver over the active rows: v<sub>m</sub> = x<sub>m</sub>&middot;u,
 * l<sub>m</sub> &larr; (l<sub>m</sub> &minus; f v<sub>m</sub><sup>2</sup>) s, and the positions of the largest leverage
 * and of the smallest leverage among rows of positive weight. Kept in a small method so that the JIT compiles it
 * at once; optionally split in two halves on the common pool when the pass is large (the result does not
 * depend on the split: ties go to the lower index either way).
 */
final class Pass {

    /**
     * Work (rows times columns) above which the pass is split over two threads; set with the system property
     * {@code eaglelm.optdesign.parallelWork}. Off by default: on the shared 2-core benchmark machine the fork
     * and join of every iteration waited for a core and made n = 5000, d = 32 three times slower.
     */
    static final long PARALLEL_WORK = Long.getLong("eaglelm.optdesign.parallelWork", Long.MAX_VALUE);

    private Pass() {
    }

    /** Returns (argmax &lt;&lt; 32) | (argmin over positive weight, or -1 as an int). */
    static long run(double[] xa, int na, int d, double[] u, double f, double s, double[] la, double[] w, int[] act) {
        if ((long) na * d < PARALLEL_WORK || ForkJoinPool.getCommonPoolParallelism() < 2) {
            return merge(range(xa, 0, na, d, u, f, s, la, w, act), range(xa, na, na, d, u, f, s, la, w, act), la);
        }
        int mid = na >>> 1;
        ForkJoinTask<long[]> second = ForkJoinPool.commonPool()
                .submit(() -> range(xa, mid, na, d, u, f, s, la, w, act));
        long[] first = range(xa, 0, mid, d, u, f, s, la, w, act);
        return merge(first, second.join(), la);
    }

    private static long merge(long[] a, long[] b, double[] la) {
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

    private static long[] range(double[] xa, int from, int to, int d, double[] u, double f, double s, double[] la,
            double[] w, int[] act) {
        double maxL = Double.NEGATIVE_INFINITY;
        double minL = Double.POSITIVE_INFINITY;
        int j = -1;
        int k = -1;
        for (int m = from; m < to; m++) {
            double v = Dense.dot(xa, m * d, u, 0, d);
            double lm = (la[m] - f * v * v) * s;
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
