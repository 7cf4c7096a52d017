package dev.eaglelm.optdesign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.util.NdArrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ND4J, plain Java and Commons Math agree to 1e-9 on random problems. */
class CrossCheckTest {

    @Test
    void nd4jAndCommonsMathLeveragesAgree() {
        SplittableRandom r = new SplittableRandom(17);
        for (int t = 0; t < 10; t++) {
            int d = 2 + r.nextInt(8);
            int n = d + r.nextInt(60);
            double[][] x = OptimalDesignTest.gaussian(n, d, 100 + t);
            double[] w = new double[n];
            double s = 0;
            for (int i = 0; i < n; i++) {
                w[i] = r.nextDouble();
                s += w[i];
            }
            for (int i = 0; i < n; i++) {
                w[i] /= s;
            }
            double ridge = t % 2 == 0 ? 0 : 0.3;
            double[] ref = ReferenceLeverages.leverages(x, w, ridge);
            double[] nd = Leverages.of(NdArrays.matrix(x), w, ridge);
            assertArrayEquals(ref, nd, 1e-9);
            assertEquals(ReferenceLeverages.logDet(x, w, ridge), Leverages.logDet(NdArrays.matrix(x), w, ridge), 1e-9);
            double[] plain = new double[n];
            Dense.leverages(Points.of(x, "x").x, n, d, Dense.cholesky(
                    Dense.information(Points.of(x, "x").x, n, d, w, ridge), d), plain);
            assertArrayEquals(ref, plain, 1e-9);
        }
    }

    @Test
    void solverResultsAgreeWithTheReferenceWhicheverBatchEngine() {
        for (int t = 0; t < 6; t++) {
            double[][] x = OptimalDesignTest.gaussian(150 + 40 * t, 3 + t, 300 + t);
            double ridge = t % 3 == 2 ? 0.05 : 0;
            DesignResult plain = OptimalDesign.builder().ridge(ridge).batchLeverages(BatchLeverages.PLAIN)
                    .tolerance(1e-6).build().solve(x);
            // ND4J costs milliseconds per call on tiny matrices, and the ridge path makes a batch call per
            // iteration: there the ND4J engine runs a few iterations only (the certificate is still exact)
            DesignResult nd = OptimalDesign.builder().ridge(ridge).batchLeverages(BatchLeverages.ND4J)
                    .convergence(Convergence.defaults().withTolerance(1e-6).withMaxIterations(ridge > 0 ? 20 : 1_000_000))
                    .build().solve(NdArrays.matrix(x));
            for (DesignResult r : new DesignResult[] {plain, nd}) {
                double[] lev = ReferenceLeverages.leverages(x, r.weights(), ridge);
                double mx = 0;
                for (double v : lev) {
                    mx = Math.max(mx, v);
                }
                assertEquals(mx, r.maxLeverage(), 1e-9);
                assertEquals(ReferenceLeverages.logDet(x, r.weights(), ridge), r.logDet(), 1e-9);
                assertEquals(r.kwGap() <= 1e-6, r.converged(), r.toString());
            }
            assertTrue(plain.converged(), plain.toString());
            if (ridge == 0) {
                assertEquals(plain.logDet(), nd.logDet(), 1e-7);
            }
        }
    }

    @Test
    void badInputToTheNd4jPathIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Leverages.of(NdArrays.matrix(new double[][] {{1, 0}, {0, 1}}), new double[] {1}, 0));
        assertTrue(e.getMessage().contains("2 rows but 1 weights"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Leverages.of(NdArrays.matrix(new double[][] {{1, 0}, {2, 0}}), new double[] {0.5, 0.5}, 0));
        assertTrue(e.getMessage().contains("singular") || e.getMessage().contains("positive definite"),
                e.getMessage());
    }
}
