package dev.eaglelm.optdesign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExactDesignTest {

    @Test
    void quadraticRegressionWithThreeRunsTakesMinusOneZeroOne() {
        int m = 41;
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++) {
            double t = -1 + 2.0 * i / (m - 1);
            x[i] = new double[] {1, t, t * t};
        }
        ExactDesignResult r = ExactDesign.builder().build().select(x, 3);
        assertArrayEquals(new int[] {0, 20, 40}, r.indices());
        assertEquals(1.0, r.gEfficiency(), 1e-3);
        assertEquals(1.0, r.dEfficiency(), 1e-3);
        // six runs: each of the three points twice is optimal, but actions are distinct: 6 distinct points
        ExactDesignResult six = ExactDesign.builder().build().select(x, 6);
        assertEquals(6, six.indices().length);
        assertTrue(six.gEfficiency() > 0.5 && six.gEfficiency() <= 1 + 1e-3, six.toString());
    }

    @Test
    void exchangeNeverMakesTheRoundedDesignWorse() {
        double[][] x = OptimalDesignTest.gaussian(80, 5, 9);
        ExactDesignResult none = ExactDesign.builder().maxExchanges(0).build().select(x, 7);
        ExactDesignResult ex = ExactDesign.builder().build().select(x, 7);
        assertTrue(ex.logDet() >= none.logDet() - 1e-12, none + " vs " + ex);
        assertTrue(ex.dEfficiency() <= 1 + 1e-6 && ex.dEfficiency() > 0.5, ex.toString());
        // the exact design's numbers are those of the uniform design on its rows
        double[] w = new double[80];
        for (int i : ex.indices()) {
            w[i] = 1.0 / 7;
        }
        assertEquals(ReferenceLeverages.logDet(x, w, 0), ex.logDet(), 1e-9);
        double mx = 0;
        for (double v : ReferenceLeverages.leverages(x, w, 0)) {
            mx = Math.max(mx, v);
        }
        assertEquals(mx, ex.maxLeverage(), 1e-9);
    }

    @Test
    void aBruteForceOptimumIsFoundOnASmallProblem() {
        double[][] x = OptimalDesignTest.gaussian(12, 3, 21);
        ExactDesignResult ex = ExactDesign.builder().build().select(x, 4);
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < 12; a++) {
            for (int b = a + 1; b < 12; b++) {
                for (int c = b + 1; c < 12; c++) {
                    for (int e = c + 1; e < 12; e++) {
                        double[] w = new double[12];
                        w[a] = w[b] = w[c] = w[e] = 0.25;
                        best = Math.max(best, ReferenceLeverages.logDet(x, w, 0));
                    }
                }
            }
        }
        assertTrue(ex.logDet() >= best - 0.05 * Math.abs(best) - 1e-9, ex.logDet() + " vs best " + best);
    }

    @Test
    void kAtLeastNKeepsEverythingAndKBelowDNeedsARidge() {
        double[][] x = OptimalDesignTest.gaussian(6, 3, 2);
        ExactDesignResult all = ExactDesign.builder().build().select(x, 10);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, all.indices());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExactDesign.builder().build().select(x, 2));
        assertTrue(e.getMessage().contains("k = 2") && e.getMessage().contains("ridge"), e.getMessage());
        ExactDesignResult ridged = ExactDesign.builder().ridge(0.1).build().select(x, 2);
        assertEquals(2, ridged.indices().length);
        assertFalse(ridged.indices()[0] == ridged.indices()[1]);
        assertThrows(IllegalArgumentException.class, () -> ExactDesign.builder().build().select(x, 0));
    }

    @Test
    void rejectionSamplingIsSeededAndReportsItsBound() {
        double[][] x = OptimalDesignTest.gaussian(40, 3, 4);
        RejectionSampler s = new RejectionSampler(1.5, 50, 0);
        RejectionResult a = s.sample(x, 3, 7);
        RejectionResult b = s.sample(x, 3, 7);
        assertEquals(a, b);
        assertEquals(4.5, a.bound(), 0);
        assertEquals(a.accepted(), a.maxLeverage() <= a.bound());
        assertTrue(a.tries() >= 1 && a.tries() <= 50);
        RejectionResult strict = new RejectionSampler(1, 3, 0).sample(x, 3, 1);
        if (!strict.accepted()) {
            assertEquals(3, strict.tries());
        }
        // with C huge every draw is accepted at once
        assertEquals(1, new RejectionSampler(1e9, 5, 0).sample(x, 3, 5).tries());
        assertThrows(IllegalArgumentException.class, () -> new RejectionSampler(0.5, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new RejectionSampler(1, 0, 0));
    }
}
