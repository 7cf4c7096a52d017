package dev.eaglelm.optdesign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class OptimalDesignTest {

    static double[][] gaussian(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                double u1 = r.nextDouble();
                double u2 = r.nextDouble();
                row[j] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
            }
        }
        return x;
    }

    static OptimalDesign solver(Solver s, double tol) {
        return OptimalDesign.builder().solver(s).tolerance(tol).build();
    }

    @ParameterizedTest
    @EnumSource(Solver.class)
    void linearRegressionOnMinusOneOneHasHalfAtTheEnds(Solver s) {
        int m = 21;
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++) {
            x[i] = new double[] {1, -1 + 2.0 * i / (m - 1)};
        }
        DesignResult r = solver(s, 1e-6).solve(x);
        assertTrue(r.converged(), r.toString());
        double[] w = r.weights();
        assertEquals(0.5, w[0], 1e-3);
        assertEquals(0.5, w[m - 1], 1e-3);
        assertEquals(1.0, w[0] + w[m - 1], 1e-3);
        assertEquals(2.0, r.maxLeverage(), 2e-6 + 1e-9);
        // det M = 1 for the optimum: M = diag(1, 1)
        assertEquals(0.0, r.logDet(), 1e-5);
    }

    @ParameterizedTest
    @EnumSource(Solver.class)
    void quadraticRegressionHasAThirdAtMinusOneZeroOne(Solver s) {
        int m = 41;
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++) {
            double t = -1 + 2.0 * i / (m - 1);
            x[i] = new double[] {1, t, t * t};
        }
        DesignResult r = solver(s, 1e-7).solve(x);
        assertTrue(r.converged(), r.toString());
        double[] w = r.weights();
        assertEquals(1.0 / 3, w[0], 1e-3);
        assertEquals(1.0 / 3, w[20], 1e-3);
        assertEquals(1.0 / 3, w[40], 1e-3);
        if (s == Solver.FRANK_WOLFE) {
            assertArrayEquals(new int[] {0, 20, 40}, r.support(), "drop steps leave only the optimal support");
        }
    }

    @ParameterizedTest
    @EnumSource(Solver.class)
    void kieferWolfowitzMaxLeverageIsDAtTheOptimum(Solver s) {
        double[][] x = gaussian(300, 6, 11);
        double tol = 1e-5;
        DesignResult r = solver(s, tol).solve(x);
        assertTrue(r.converged(), r.toString());
        double[] lev = ReferenceLeverages.leverages(x, r.weights(), 0);
        double max = 0;
        double weighted = 0;
        for (int i = 0; i < lev.length; i++) {
            max = Math.max(max, lev[i]);
            weighted += r.weights()[i] * lev[i];
            if (r.weights()[i] > 0) {
                assertTrue(lev[i] >= 6 * (1 - 0.05), "support point " + i + " has leverage " + lev[i]);
            }
        }
        assertEquals(6.0, weighted, 1e-9, "sum w_i l_i = tr(M^-1 M) = d");
        assertTrue(max >= 6 - 1e-9 && max <= 6 * (1 + tol) + 1e-9, "max leverage " + max);
        assertEquals(max, r.maxLeverage(), 1e-9);
        assertEquals(ReferenceLeverages.logDet(x, r.weights(), 0), r.logDet(), 1e-9);
        double sum = 0;
        for (double v : r.weights()) {
            assertTrue(v >= 0);
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void bothSolversReachTheSameOptimum() {
        double[][] x = gaussian(120, 4, 5);
        DesignResult a = solver(Solver.FRANK_WOLFE, 1e-7).solve(x);
        DesignResult b = solver(Solver.MULTIPLICATIVE, 1e-7).solve(x);
        assertEquals(a.logDet(), b.logDet(), 1e-5);
    }

    @Test
    void theDCriterionNeverDecreasesAlongIterations() {
        for (Solver s : Solver.values()) {
            for (double ridge : new double[] {0, 0.05}) {
                List<Double> trace = new ArrayList<>();
                DesignResult r = OptimalDesign.builder().solver(s).ridge(ridge).tolerance(1e-6)
                        .observer((it, ld, ml) -> trace.add(ld)).build().solve(gaussian(200, 5, 3));
                assertTrue(trace.size() > 5, s + " " + trace.size());
                for (int i = 1; i < trace.size(); i++) {
                    assertTrue(trace.get(i) >= trace.get(i - 1) - 1e-10,
                            s + " ridge " + ridge + ": iteration " + i + " " + trace.get(i - 1) + " -> " + trace.get(i));
                }
                assertTrue(r.converged(), r.toString());
            }
        }
    }

    @Test
    void ridgeWorksOnRankDeficientInput() {
        double[][] x = {{1, 2, 0}, {2, 4, 0}, {1, 2, 0}, {0, 0, 0}};
        DesignResult r = OptimalDesign.builder().ridge(0.1).tolerance(1e-6).build().solve(x);
        assertTrue(r.converged(), r.toString());
        assertEquals(ReferenceLeverages.logDet(x, r.weights(), 0.1), r.logDet(), 1e-9);
        double[] lev = ReferenceLeverages.leverages(x, r.weights(), 0.1);
        double max = 0;
        for (double v : lev) {
            max = Math.max(max, v);
        }
        assertEquals(max, r.maxLeverage(), 1e-9);
        assertEquals(1.0, r.weights()[1], 1e-6, "the longest of the collinear rows carries the design");
    }

    @Test
    void iterationAndTimeLimitsStopWithoutACertificate() {
        DesignResult r = OptimalDesign.builder().convergence(Convergence.defaults().withTolerance(1e-12)
                .withMaxIterations(3)).build().solve(gaussian(500, 8, 1));
        assertEquals(3, r.iterations());
        assertTrue(!r.converged() && r.kwGap() > 1e-12, r.toString());
    }

    @Test
    void badInputNamesWhatAndWhere() {
        OptimalDesign od = OptimalDesign.builder().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> od.solve(new double[][] {{1, 2}, {3, Double.NaN}}));
        assertTrue(e.getMessage().contains("row 1, column 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> od.solve(new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}, {1, 1}}));
        assertTrue(e.getMessage().contains("row 1, column 1: not finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> od.solve(new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1 has 1 columns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> od.solve(new double[0][]));
        assertTrue(e.getMessage().contains("no rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> od.solve(new double[][] {{1, 2, 3}, {3, 1, 0}}));
        assertTrue(e.getMessage().contains("n = 2 rows < d = 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> od.solve(new double[][] {{1, 2, 3}, {2, 4, 1}, {3, 6, 0}, {1, 2, 3}}));
        assertTrue(e.getMessage().contains("column 1") && e.getMessage().contains("rank-deficient"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> od.solve(new double[][] {{1, 0}, {2, 0}, {0, 0}}));
        assertTrue(e.getMessage().contains("column 1 is all zeros"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OptimalDesign.builder().ridge(-1));
        assertThrows(IllegalArgumentException.class, () -> OptimalDesign.builder().tolerance(0));
    }

    @Test
    void duplicatesAndZeroRowsAreAllowed() {
        double[][] x = {{1, 0}, {1, 0}, {0, 0}, {0, 1}, {0, 1}, {0.5, 0.5}};
        DesignResult r = OptimalDesign.builder().tolerance(1e-8).build().solve(x);
        assertTrue(r.converged());
        double[] w = r.weights();
        assertEquals(0.5, w[0] + w[1], 1e-6);
        assertEquals(0.5, w[3] + w[4], 1e-6);
        assertEquals(0.0, w[2]);
        assertEquals(2.0, r.maxLeverage(), 1e-6);
    }
}
