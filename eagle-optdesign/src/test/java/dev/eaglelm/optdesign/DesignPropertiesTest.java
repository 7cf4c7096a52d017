package dev.eaglelm.optdesign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

/** QuickTheories properties of the continuous designs. */
class DesignPropertiesTest {

    private static final double TOL = 1e-9;

    private static DesignResult solve(double[][] x, Solver s) {
        return OptimalDesign.builder().solver(s).tolerance(TOL).build().solve(x);
    }

    private static double[][] times(double[][] x, double[][] a) {
        double[][] y = new double[x.length][a[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                double s = 0;
                for (int k = 0; k < a.length; k++) {
                    s += x[i][k] * a[k][j];
                }
                y[i][j] = s;
            }
        }
        return y;
    }

    @Test
    void optimalLeveragesAreInvariantUnderInvertibleLinearMaps() {
        qt().withFixedSeed(42).withExamples(25).forAll(longs().all(), integers().between(2, 5))
                .checkAssert((seed, d) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    double[][] x = OptimalDesignTest.gaussian(d + 3 + r.nextInt(30), d, seed);
                    double[][] a = OptimalDesignTest.gaussian(d, d, seed ^ 99);
                    for (int i = 0; i < d; i++) {
                        a[i][i] += 2; // well conditioned, invertible
                    }
                    double detA = new LUDecomposition(new Array2DRowRealMatrix(a)).getDeterminant();
                    DesignResult rx = solve(x, Solver.FRANK_WOLFE);
                    DesignResult ry = solve(times(x, a), Solver.FRANK_WOLFE);
                    double[] lx = ReferenceLeverages.leverages(x, rx.weights(), 0);
                    double[] ly = ReferenceLeverages.leverages(times(x, a), ry.weights(), 0);
                    for (int i = 0; i < lx.length; i++) {
                        assertEquals(lx[i], ly[i], 1e-3 * d, "leverage of row " + i);
                    }
                    assertEquals(rx.logDet() + 2 * Math.log(Math.abs(detA)), ry.logDet(), 1e-6);
                    double[] wx = rx.weights();
                    double[] wy = ry.weights();
                    for (int i = 0; i < wx.length; i++) {
                        assertEquals(wx[i], wy[i], 2e-3, "weight of row " + i);
                    }
                });
    }

    @Test
    void optimalWeightsFollowRowPermutations() {
        qt().withFixedSeed(7).withExamples(25).forAll(longs().all(), integers().between(1, 5))
                .checkAssert((seed, d) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int n = d + 2 + r.nextInt(30);
                    double[][] x = OptimalDesignTest.gaussian(n, d, seed);
                    int[] perm = new int[n];
                    for (int i = 0; i < n; i++) {
                        perm[i] = i;
                    }
                    for (int i = n - 1; i > 0; i--) {
                        int j = r.nextInt(i + 1);
                        int t = perm[i];
                        perm[i] = perm[j];
                        perm[j] = t;
                    }
                    double[][] px = new double[n][];
                    for (int i = 0; i < n; i++) {
                        px[i] = x[perm[i]];
                    }
                    DesignResult a = solve(x, Solver.FRANK_WOLFE);
                    DesignResult b = solve(px, Solver.FRANK_WOLFE);
                    assertEquals(a.logDet(), b.logDet(), 1e-7);
                    for (int i = 0; i < n; i++) {
                        assertEquals(a.weights()[perm[i]], b.weights()[i], 2e-3, "row " + i);
                    }
                });
    }

    @Test
    void theCertificateHoldsAtExitAndTheDCriterionNeverDecreases() {
        qt().withFixedSeed(3).withExamples(30).forAll(longs().all(), integers().between(1, 6), integers().between(0, 2))
                .checkAssert((seed, d, mode) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int n = d + 1 + r.nextInt(60);
                    double[][] x = OptimalDesignTest.gaussian(n, d, seed);
                    double ridge = mode == 2 ? 0.1 : 0;
                    Solver s = mode == 1 ? Solver.MULTIPLICATIVE : Solver.FRANK_WOLFE;
                    double tol = 1e-4;
                    List<Double> trace = new ArrayList<>();
                    DesignResult res = OptimalDesign.builder().solver(s).ridge(ridge).tolerance(tol)
                            .observer((it, ld, ml) -> trace.add(ld)).build().solve(x);
                    for (int i = 1; i < trace.size(); i++) {
                        assertTrue(trace.get(i) >= trace.get(i - 1) - 1e-10, "log det fell at iteration " + i);
                    }
                    assertTrue(res.converged(), res.toString());
                    double[] lev = ReferenceLeverages.leverages(x, res.weights(), ridge);
                    double mx = 0;
                    double sw = 0;
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        mx = Math.max(mx, lev[i]);
                        sw += res.weights()[i] * lev[i];
                        sum += res.weights()[i];
                    }
                    assertEquals(1.0, sum, 1e-12);
                    assertTrue(mx <= (1 + tol) * sw + 1e-9, "certificate: max " + mx + " vs " + sw);
                    if (ridge == 0) {
                        assertEquals(d, sw, 1e-8);
                    }
                });
    }
}
