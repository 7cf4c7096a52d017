package dev.eaglelm.core.train;

import dev.eaglelm.core.Utility;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test fixtures: synthetic environments with anchors, and a plain-Java Gaussian bump. */
final class Synthetic {

    private Synthetic() {
    }

    /**
     * The same function as {@link dev.eaglelm.core.utility.GaussianUtility} (checked in
     * {@code SyntheticFixtureTest}), computed in plain Java: ND4J's per-call overhead would otherwise dominate
     * the training tests' run time.
     */
    record Bump(double[] center, double width) implements Utility {
        @Override
        public double[] scoreAll(INDArray latents) {
            double[][] rows = latents.rank() == 1 ? new double[][] {latents.toDoubleVector()} : latents.toDoubleMatrix();
            double[] s = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double ss = 0;
                for (int j = 0; j < center.length; j++) {
                    double d = rows[i][j] - center[j];
                    ss += d * d;
                }
                s[i] = Math.exp(-ss / (2 * width * width));
            }
            return s;
        }

        @Override
        public String toString() {
            return "Bump[center=" + Arrays.toString(center) + ", width=" + width + "]";
        }
    }

    /** A target 2 units from the origin, along the diagonal. */
    static double[] target(int d) {
        double[] c = new double[d];
        Arrays.fill(c, 2.0 / Math.sqrt(d));
        return c;
    }

    /** The demo's environment (Gaussian bump of width 1 around the target) with a pool of anchors. */
    static LinearEmbeddingEnvironment anchors(int d, int k, int h, int anchors, long seed) {
        return LinearEmbeddingEnvironment.builder().dimension(d).actionsPerState(k).horizon(h)
                .utility(new Bump(target(d), 1.0)).seed(seed).anchors(anchors).build();
    }
}
