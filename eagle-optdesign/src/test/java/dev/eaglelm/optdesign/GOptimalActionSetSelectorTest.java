package dev.eaglelm.optdesign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ActionSet;
import dev.eaglelm.core.util.NdArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GOptimalActionSetSelectorTest {

    static List<String> names(int k) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            l.add("a" + i);
        }
        return l;
    }

    @Test
    void typicalCallKeepsKActionsWithAValidReferencePolicy() {
        GOptimalActionSetSelector s = new GOptimalActionSetSelector();
        assertEquals("g-optimal", s.name());
        double[][] z = OptimalDesignTest.gaussian(100, 64, 5);
        ActionSet<String> set = s.select(names(100), NdArrays.matrix(z), 10, 1);
        assertEquals(10, set.size());
        assertEquals("g-optimal", set.selector());
        double sum = 0;
        for (int i = 0; i < 10; i++) {
            double p = set.weights().probability(i);
            assertTrue(p > 0, "every kept action is in the support");
            sum += p;
            assertEquals("a" + set.indices()[i], set.actions().get(i));
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(10, Arrays.stream(set.indices()).distinct().count());
        // deterministic, and the same from many threads
        ActionSet<String> again = s.select(names(100), NdArrays.matrix(z), 10, 99);
        assertEquals(set, again);
        List<ActionSet<String>> parallel = IntStream.range(0, 8).parallel()
                .mapToObj(i -> s.select(names(100), NdArrays.matrix(z), 10, 1)).toList();
        for (ActionSet<String> p : parallel) {
            assertEquals(set, p);
        }
    }

    @Test
    void theDesignCoversBetterThanRandomSubsets() {
        double[][] z = OptimalDesignTest.gaussian(60, 24, 8);
        GOptimalActionSetSelector s = new GOptimalActionSetSelector();
        ActionSetDesign a = s.analyse(z, 8, 0);
        assertEquals(8, a.dimension());
        assertTrue(a.continuous().converged());
        assertTrue(a.exact().gEfficiency() > 0 && a.exact().gEfficiency() <= 1 + 1e-3, a.exact().toString());
        // random 8-subsets of the same projected points: none may beat the exchanged design's log det by much
        Points y = s.project(Points.of(z, "z"), 8);
        RejectionResult paper = new RejectionSampler(1, 200, 0).sample(y, 8, 3);
        assertTrue(a.exact().maxLeverage() <= paper.maxLeverage() + 1e-9,
                "design " + a.exact().maxLeverage() + " vs best of 200 random " + paper.maxLeverage());
    }

    @Test
    void fewCandidatesInLowDimensionGetOptimalWeights() {
        double[][] z = OptimalDesignTest.gaussian(20, 4, 2);
        ActionSetDesign a = new GOptimalActionSetSelector().analyse(z, 10, 0);
        assertEquals(4, a.dimension(), "rank 4 < k");
        assertEquals(10, a.indices().length);
        assertEquals(1.0, Arrays.stream(a.weights()).sum(), 1e-12);
        double[][] kept = new double[10][];
        for (int i = 0; i < 10; i++) {
            kept[i] = z[a.indices()[i]];
        }
        double[] lev = ReferenceLeverages.leverages(kept, a.weights(), 0);
        for (double v : lev) {
            assertTrue(v <= 4 * (1 + 1e-4) + 1e-9, "certified on the kept set: " + v);
        }
    }

    @Test
    void edgeCases() {
        GOptimalActionSetSelector s = new GOptimalActionSetSelector();
        double[][] z = OptimalDesignTest.gaussian(5, 8, 1);
        ActionSet<String> all = s.select(names(5), NdArrays.matrix(z), 7, 0);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, all.indices());
        double[][] zeros = new double[6][3];
        ActionSet<String> zs = s.select(names(6), NdArrays.matrix(zeros), 2, 4);
        assertEquals(2, zs.size());
        assertEquals(0.5, zs.weights().probability(0), 0);
        double[][] dup = {{1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 0}, {1, 1}};
        ActionSet<String> ds = s.select(names(6), NdArrays.matrix(dup), 2, 0);
        assertEquals(2, ds.size());
        ActionSetDesign paper = GOptimalActionSetSelector.builder().method(GOptimalActionSetSelector.Method.PAPER_REJECTION)
                .build().analyse(OptimalDesignTest.gaussian(50, 16, 4), 10, 5);
        assertTrue(paper.rejection() != null && paper.rejection().tries() >= 1);
        assertEquals(0.1, paper.weights()[3], 1e-15);
        assertEquals(paper, GOptimalActionSetSelector.builder().method(GOptimalActionSetSelector.Method.PAPER_REJECTION)
                .build().analyse(OptimalDesignTest.gaussian(50, 16, 4), 10, 5));
        ActionSetDesign ridged = GOptimalActionSetSelector.builder().projectToK(false).ridge(0.05).build()
                .analyse(OptimalDesignTest.gaussian(30, 12, 4), 5, 0);
        assertEquals(5, ridged.indices().length);
        assertEquals(12, ridged.dimension());
    }

    @Test
    void badInputNamesWhatAndWhere() {
        GOptimalActionSetSelector s = new GOptimalActionSetSelector();
        double[][] z = OptimalDesignTest.gaussian(4, 3, 1);
        z[2][1] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.analyse(z, 2, 0));
        assertTrue(e.getMessage().contains("next-state embeddings: row 2, column 1"), e.getMessage());
        double[][] ok = OptimalDesignTest.gaussian(4, 3, 1);
        e = assertThrows(IllegalArgumentException.class, () -> s.select(names(3), NdArrays.matrix(ok), 2, 0));
        assertTrue(e.getMessage().contains("3 candidates"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.select(names(4), NdArrays.matrix(ok), 0, 0));
        assertTrue(e.getMessage().contains("k must be >= 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.select(List.of(), NdArrays.matrix(ok), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> GOptimalActionSetSelector.builder().approximationFactor(0.5));
    }
}
