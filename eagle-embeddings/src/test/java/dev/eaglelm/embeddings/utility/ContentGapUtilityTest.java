package dev.eaglelm.embeddings.utility;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.util.NdArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ContentGapUtilityTest {

    // existing items on a plane: (0,0), (3,0), (0,4), (10,10)
    static final INDArray ITEMS = NdArrays.matrix(new double[][] {{0, 0}, {3, 0}, {0, 4}, {10, 10}});
    static final double[] USER = {0.5, 0.25};

    @Test
    void handComputedValuesWithRecomputedNeighbours() {
        ContentGapUtility u = new ContentGapUtility(USER, ITEMS, ContentGapUtility.Config.of(0.1));
        // z = (3, 4): affinity 0.5*3 + 0.25*4 = 2.5; distances 5, 4, 3, sqrt(85) -> nearest three 3 + 4 + 5 = 12
        // z = (0, 0): affinity 0; distances 0, 3, 4, sqrt(200) -> 7
        double[] s = u.scoreAll(NdArrays.matrix(new double[][] {{3, 4}, {0, 0}}));
        assertEquals(2.5 + 0.1 * 12, s[0], 1e-9);
        assertEquals(0.1 * 7, s[1], 1e-9);
        assertEquals(s[0], u.score(NdArrays.vector(new double[] {3, 4})), 1e-12);
        assertArrayEquals(new int[] {2, 1, 0}, u.novelty().nearest(NdArrays.vector(new double[] {3, 4}))[0]);
        // k = 1: only the nearest item counts
        ContentGapUtility k1 = new ContentGapUtility(USER, ITEMS, ContentGapUtility.Config.of(2).withK(1));
        assertEquals(2.5 + 2 * 3, k1.score(NdArrays.vector(new double[] {3, 4})), 1e-9);
    }

    @Test
    void neighboursFixedToTheAnchor() {
        INDArray anchor = NdArrays.vector(new double[] {0, 0}); // item 0; its neighbours are items 1, 2, 3
        ContentGapUtility u = new ContentGapUtility(USER, ITEMS, ContentGapUtility.Config.of(1)
                .withNeighbours(ContentGapUtility.Neighbours.FIXED_TO_ANCHOR), anchor);
        assertArrayEquals(new int[] {1, 2, 3}, u.novelty().fixedNeighbours());
        // z = (3, 4): distances to items 1, 2, 3 = 4 + 3 + sqrt(85)
        assertEquals(2.5 + 7 + Math.sqrt(85), u.score(NdArrays.vector(new double[] {3, 4})), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new ContentGapUtility(USER, ITEMS,
                ContentGapUtility.Config.of(1).withNeighbours(ContentGapUtility.Neighbours.FIXED_TO_ANCHOR)));
    }

    @Test
    void invalidConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> ContentGapUtility.Config.of(0));
        assertThrows(IllegalArgumentException.class, () -> ContentGapUtility.Config.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ContentGapUtility.Config.of(1).withK(0));
        assertThrows(IllegalArgumentException.class,
                () -> new ContentGapUtility(USER, ITEMS, ContentGapUtility.Config.of(1).withK(5)));
        assertThrows(IllegalArgumentException.class,
                () -> new ContentGapUtility(new double[] {1, 2, 3}, ITEMS, ContentGapUtility.Config.of(1)));
        ContentGapUtility u = new ContentGapUtility(USER, ITEMS, ContentGapUtility.Config.of(1));
        assertThrows(IllegalArgumentException.class, () -> u.scoreAll(NdArrays.matrix(new double[][] {{1, 2, 3}})));
    }

    @Test
    void underservedUsersAndIsolation() {
        INDArray users = NdArrays.matrix(new double[][] {{1, 0}, {-1, -1}, {0, 1}});
        // best scores: user 0 -> item 3 (10); user 1 -> item 0 (0); user 2 -> item 3 (10)
        List<ContentGaps.UnderservedUser> worst = ContentGaps.underservedUsers(users, ITEMS, 2);
        assertEquals(new ContentGaps.UnderservedUser(1, 0, 0.0), worst.get(0));
        assertEquals(0, worst.get(1).user());
        assertEquals(10.0, worst.get(1).bestScore(), 1e-12);
        double[] iso = ContentGaps.isolation(ITEMS, 1);
        assertArrayEquals(new double[] {3, 3, 4, Math.sqrt(36 + 100)}, iso, 1e-9);
        assertTrue(iso[3] > iso[0], "the far item is the most isolated");
    }
}
