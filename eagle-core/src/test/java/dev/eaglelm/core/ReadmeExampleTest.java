package dev.eaglelm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eaglelm.core.utility.LinearUtility;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The README's "your own utility and embedding" snippet, compiled and checked. */
class ReadmeExampleTest {

    @Test
    void readmeSnippetWorks() {
        double[] userVector = {1.0, 2.0};
        int rank = 2;
        Map<Long, double[]> factors = Map.of(42L, new double[] {0.5, 0.25}, 7L, new double[] {1, 1});
        double[] noveltyDirection = {0, 1};

        // --- as in README.md ---
        Utility affinity = latents -> latents.castTo(DataType.DOUBLE)
                .mmul(Nd4j.createFromArray(userVector).reshape(userVector.length, 1))
                .reshape(latents.rows()).toDoubleVector();

        EmbeddingMap<Long> items = new EmbeddingMap<>() {
            public int dimension() {
                return rank;
            }

            public String id() {
                return "my-recommender-als/2026-11-01";
            }

            public INDArray embedAll(List<? extends Long> ids) {
                double[][] rows = ids.stream().map(factors::get).toArray(double[][]::new);
                return Nd4j.createFromArray(rows);
            }
        };
        double score = affinity.score(items.embed(42L));
        Utility combined = affinity.plus(new LinearUtility(noveltyDirection).scaled(0.1));
        // --- end ---

        assertEquals(0.5 * 1 + 0.25 * 2, score, 1e-12);
        assertEquals(1 + 2 + 0.1, combined.score(items.embed(7L)), 1e-12);
    }
}
