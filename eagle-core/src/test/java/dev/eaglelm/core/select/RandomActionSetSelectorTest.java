package dev.eaglelm.core.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ActionSet;
import dev.eaglelm.core.util.NdArrays;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class RandomActionSetSelectorTest {

    private final RandomActionSetSelector selector = new RandomActionSetSelector();

    @Test
    void keepsKDistinctCandidatesWithUniformWeights() {
        List<String> candidates = names(20);
        INDArray z = embeddings(20, 3);
        ActionSet<String> set = selector.select(candidates, z, 7, 99);
        assertEquals(7, set.size());
        int[] idx = set.indices();
        for (int i = 0; i < idx.length; i++) {
            assertEquals(candidates.get(idx[i]), set.actions().get(i));
            if (i > 0) {
                assertTrue(idx[i] > idx[i - 1], "indices sorted and distinct");
            }
            assertEquals(1.0 / 7, set.weights().probability(i), 1e-15);
        }
        assertEquals(set, selector.select(candidates, z, 7, 99), "same seed, same set");
        assertEquals("random", set.selector());
    }

    @Test
    void kAtLeastNKeepsEverything() {
        ActionSet<String> set = selector.select(names(4), embeddings(4, 2), 10, 1);
        assertArrayEquals(new int[] {0, 1, 2, 3}, set.indices());
    }

    @Test
    void everyCandidateIsEquallyLikely() {
        int n = 10;
        int k = 3;
        int[] counts = new int[n];
        int reps = 6_000;
        List<String> c = names(n);
        INDArray z = embeddings(n, 2);
        for (int r = 0; r < reps; r++) {
            for (int i : selector.select(c, z, k, r).indices()) {
                counts[i]++;
            }
        }
        double p = (double) k / n;
        for (int i = 0; i < n; i++) {
            assertEquals(reps * p, counts[i], 5 * Math.sqrt(reps * p * (1 - p)), "candidate " + i);
        }
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> selector.select(names(3), embeddings(4, 2), 2, 0));
        assertTrue(e.getMessage().contains("3 candidates but 4 embedding rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> selector.select(names(3), embeddings(3, 2), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> selector.select(List.of(), embeddings(1, 2), 1, 0));
        double[][] rows = {{1, 2}, {3, Double.NaN}};
        e = assertThrows(IllegalArgumentException.class,
                () -> selector.select(names(2), org.nd4j.linalg.factory.Nd4j.createFromArray(rows), 1, 0));
        assertTrue(e.getMessage().contains("row 1, column 1"), e.getMessage());
    }

    static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("a" + i);
        }
        return out;
    }

    static INDArray embeddings(int n, int d) {
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = Math.sin(i * 1.3 + j);
            }
        }
        return NdArrays.matrix(rows);
    }
}
