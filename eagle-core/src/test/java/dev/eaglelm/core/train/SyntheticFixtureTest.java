package dev.eaglelm.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.eaglelm.core.util.NdArrays;
import dev.eaglelm.core.utility.GaussianUtility;
import org.junit.jupiter.api.Test;

class SyntheticFixtureTest {

    @Test
    void plainJavaBumpEqualsGaussianUtility() {
        double[] c = Synthetic.target(3);
        double[][] rows = {{0, 0, 0}, {1.1, 1.2, 0.9}, {-2, 0.5, 3}};
        assertArrayEquals(new GaussianUtility(c, 0.7).scoreAll(NdArrays.matrix(rows)),
                new Synthetic.Bump(c, 0.7).scoreAll(NdArrays.matrix(rows)), 1e-12);
    }
}
