package dev.eaglelm.core.utility;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import dev.eaglelm.core.Utility;
import dev.eaglelm.core.util.NdArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class UtilityTest {

    @Test
    void linearUtilityIsDotProductPlusBias() {
        LinearUtility u = new LinearUtility(new double[] {1, -2, 0.5}, 0.25);
        INDArray z = NdArrays.matrix(new double[][] {{1, 1, 1}, {0, 0, 2}, {3, 1, 0}});
        assertArrayEquals(new double[] {-0.25, 1.25, 1.25}, u.scoreAll(z), 1e-15);
        assertEquals(-0.25, u.score(NdArrays.vector(new double[] {1, 1, 1})), 1e-15);
        // float input is accepted
        assertArrayEquals(new double[] {-0.25, 1.25, 1.25}, u.scoreAll(z.castTo(DataType.FLOAT)), 1e-6);
    }

    @Test
    void gaussianUtilityPeaksAtItsCenter() {
        GaussianUtility u = new GaussianUtility(new double[] {1, 2}, 0.5);
        INDArray z = NdArrays.matrix(new double[][] {{1, 2}, {1, 3}, {2, 3}});
        // exp(-d2 / (2 * 0.25)) for d2 = 0, 1, 2
        assertArrayEquals(new double[] {1, Math.exp(-2), Math.exp(-4)}, u.scoreAll(z), 1e-15);
    }

    @Test
    void wrongDimensionIsNamed() {
        LinearUtility u = new LinearUtility(new double[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> u.scoreAll(NdArrays.matrix(new double[][] {{1, 2, 3}})));
        assertTrue(e.getMessage().contains("3 columns, expected 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> u.score(NdArrays.matrix(new double[][] {{1, 2}, {3, 4}})));
        assertThrows(IllegalArgumentException.class, () -> new GaussianUtility(new double[] {0}, 0));
        assertThrows(IllegalArgumentException.class, () -> new LinearUtility(new double[] {Double.NaN}));
    }

    @Test
    void compositionIsPointwise() {
        Utility a = new LinearUtility(new double[] {1, 0});
        Utility b = new GaussianUtility(new double[] {0, 0}, 1);
        Utility c = a.plus(b.scaled(-3));
        INDArray z = NdArrays.matrix(new double[][] {{1, 0}, {0, 2}});
        double[] sa = a.scoreAll(z);
        double[] sb = b.scoreAll(z);
        double[] sc = c.scoreAll(z);
        for (int i = 0; i < 2; i++) {
            assertEquals(sa[i] - 3 * sb[i], sc[i], 1e-15);
        }
        assertThrows(IllegalArgumentException.class, () -> Utility.weightedSum(List.of(a), new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> a.scaled(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Utility.weightedSum(List.of(), new double[] {}));
    }

    @Test
    void weightedSumIsLinearInItsWeights() {
        Utility a = new LinearUtility(new double[] {0.3, -1.2});
        Utility b = new GaussianUtility(new double[] {0.5, 0.5}, 0.7);
        qt().withFixedSeed(7).withExamples(100)
                .forAll(doubles().between(-5, 5), doubles().between(-5, 5), doubles().between(-3, 3),
                        doubles().between(-3, 3))
                .check((w1, w2, x, y) -> {
                    INDArray z = NdArrays.matrix(new double[][] {{x, y}});
                    double expected = w1 * a.scoreAll(z)[0] + w2 * b.scoreAll(z)[0];
                    double got = Utility.weightedSum(List.of(a, b), new double[] {w1, w2}).score(z);
                    return Math.abs(expected - got) <= 1e-12 * (1 + Math.abs(expected));
                });
    }
}
