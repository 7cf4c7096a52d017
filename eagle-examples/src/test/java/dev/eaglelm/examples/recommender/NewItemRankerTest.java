package dev.eaglelm.examples.recommender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.embeddings.behavioral.FactorMatrix;
import dev.eaglelm.embeddings.latent.TextToLatentEncoder;
import dev.eaglelm.examples.recommender.NewItemRanker.Entry;
import dev.eaglelm.examples.recommender.NewItemRanker.NewItem;
import dev.eaglelm.examples.recommender.NewItemRanker.Ranking;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NewItemRankerTest {

    /** A small generated catalogue in 2-D. */
    static final FactorMatrix CATALOGUE = FactorMatrix.of(List.of("a", "b", "c", "d"),
            new float[][] {{1f, 0f}, {0f, 1f}, {0.5f, 0.5f}, {-1f, -0.2f}});

    /** A fixed text-to-latent map standing in for E_D: each known text has a chosen vector. */
    static EmbeddingMap<String> fixedMap(Map<String, double[]> vectors, int d) {
        return new EmbeddingMap<>() {
            public int dimension() {
                return d;
            }

            public String id() {
                return "fixed-test-map";
            }

            public INDArray embedAll(List<? extends String> texts) {
                double[][] rows = texts.stream().map(vectors::get).toArray(double[][]::new);
                return Nd4j.createFromArray(rows);
            }
        };
    }

    static List<String> ids(List<Entry> entries) {
        return entries.stream().map(Entry::id).toList();
    }

    @Test
    void ranksNewItemsNextToTheCatalogueByDotProduct() {
        EmbeddingMap<String> ed = fixedMap(Map.of("space heist", new double[] {2, 0.1},
                "quiet romance", new double[] {0, 0.7}), 2);
        NewItemRanker ranker = NewItemRanker.of(CATALOGUE, ed,
                List.of(new NewItem("n1", "space heist"), new NewItem("n2", "quiet romance")));

        // user (1, 0.5): a 1, b 0.5, c 0.75, d -1.1, n1 2.05, n2 0.35
        Ranking r = ranker.rank("u1", new double[] {1, 0.5}, 3);
        assertEquals(List.of("n1", "a", "c"), ids(r.top()));
        assertEquals(6, r.size());
        assertEquals(new Entry(1, "n1", true, 2.05), r.newItems().get(0));
        assertEquals(5, r.newItems().get(1).rank());
        assertEquals(0.35, r.newItems().get(1).score(), 1e-12);
        assertEquals(0.75, r.top().get(2).score(), 1e-12);

        // user (0, 1): b 1, n2 0.7, c 0.5, n1 0.1, a 0, d -0.2
        Ranking s = ranker.rank("u2", new double[] {0, 1}, 6);
        assertEquals(List.of("b", "n2", "c", "n1", "a", "d"), ids(s.top()));
        assertEquals(List.of(4, 2), s.newItems().stream().map(Entry::rank).toList());
    }

    @Test
    void tiesPutTheCatalogueFirstThenOrderById() {
        EmbeddingMap<String> ed = fixedMap(Map.of("same as a", new double[] {1, 0}), 2);
        NewItemRanker ranker = NewItemRanker.of(CATALOGUE, ed, List.of(new NewItem("n", "same as a")));
        Ranking r = ranker.rank("u", new double[] {1, 0}, 2);
        assertEquals(List.of("a", "n"), ids(r.top()));
    }

    @Test
    void fittedTextToLatentRecoversTheFactorsOfKnownTexts() {
        // a text encoder where each catalogue text is its own direction: the ridge head can then map every text
        // (almost exactly, for a small lambda) to its item's factors
        Map<String, double[]> oneHot = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        List<String> ids = CATALOGUE.ids();
        for (int i = 0; i < ids.size(); i++) {
            double[] v = new double[ids.size()];
            v[i] = 1;
            oneHot.put("text of " + ids.get(i), v);
            texts.put(ids.get(i), "text of " + ids.get(i));
        }
        texts.put("not-in-catalogue", "ignored");
        TextToLatentEncoder ed = NewItemRanker.fitTextToLatent(fixedMap(oneHot, ids.size()), CATALOGUE, texts, 1e-6,
                ProgressListener.NONE);
        NewItemRanker ranker = NewItemRanker.of(CATALOGUE, ed, List.of(new NewItem("copy-of-c", "text of c")));
        assertArrayEquals(CATALOGUE.vector("c"), ranker.newItemVector(0), 1e-4);
        assertEquals(ed.id(), ranker.textToLatentId());
        Ranking r = ranker.rank("u", new double[] {1, 1}, 1);
        assertEquals(1.0, r.newItems().get(0).score(), 1e-4);
    }

    @Test
    void checksInputs() {
        EmbeddingMap<String> ed3 = fixedMap(Map.of("x", new double[] {1, 2, 3}), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NewItemRanker.of(CATALOGUE, ed3, List.of(new NewItem("n", "x"))));
        assertTrue(e.getMessage().contains("maps into dimension 3 but the item factors have 2"), e.getMessage());
        EmbeddingMap<String> ed = fixedMap(Map.of("x", new double[] {1, 2}), 2);
        e = assertThrows(IllegalArgumentException.class,
                () -> NewItemRanker.of(CATALOGUE, ed, List.of(new NewItem("a", "x"))));
        assertEquals("new item label 'a' is a catalogue id", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NewItemRanker.fitTextToLatent(ed, CATALOGUE,
                Map.of("zz", "x"), 1.0, ProgressListener.NONE));
        assertTrue(e.getMessage().startsWith("E_D needs texts for at least 2 catalogue items, found 0"));
        NewItemRanker ranker = NewItemRanker.of(CATALOGUE, ed, List.of());
        e = assertThrows(IllegalArgumentException.class, () -> ranker.rank("u", new double[] {1, 2, 3}, 5));
        assertTrue(e.getMessage().endsWith("user vector has 3 elements, the factors 2"), e.getMessage());
    }
}
