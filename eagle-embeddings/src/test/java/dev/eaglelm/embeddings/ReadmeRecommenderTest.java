package dev.eaglelm.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.Utility;
import dev.eaglelm.core.utility.LinearUtility;
import dev.eaglelm.embeddings.behavioral.FactorMatrix;
import dev.eaglelm.embeddings.latent.RidgeRegressor;
import dev.eaglelm.embeddings.latent.TextToLatentEncoder;
import dev.eaglelm.embeddings.text.SentenceEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The README's "Using eaglelm inside your recommender" snippet, run on a small generated catalogue. */
class ReadmeRecommenderTest {

    @TempDir
    Path tmp;

    @Test
    void readmeRecommenderSnippetRuns() throws Exception {
        // a generated catalogue: 6 items with 3 factors, 2 users
        Path itemFactorsCsv = tmp.resolve("item_factors.csv");
        Files.writeString(itemFactorsCsv, "m1,1.0,0.0,0.2\nm2,0.9,0.1,0.0\nm3,0.0,1.0,0.1\nm4,0.1,0.8,0.3\n"
                + "m5,0.0,0.1,1.0\nm6,0.2,0.0,0.9\n");
        Path userFactorsCsv = tmp.resolve("user_factors.csv");
        Files.writeString(userFactorsCsv, "7,0.5,0.5,0.0\n42,1.0,0.2,-0.5\n");
        Map<String, String> itemTexts = new LinkedHashMap<>();
        itemTexts.put("m1", "A crew of thieves plans a daring heist on a casino vault.");
        itemTexts.put("m2", "A retired safecracker is pulled into one last bank robbery.");
        itemTexts.put("m3", "Two strangers fall in love on a night train across Europe.");
        itemTexts.put("m4", "A widowed baker finds romance with a fisherman in a harbour town.");
        itemTexts.put("m5", "A family moves into a farmhouse haunted by a vengeful ghost.");
        itemTexts.put("m6", "Campers are hunted by a masked killer in the woods.");
        String newDescription = "A gang of con artists plots to rob an art museum during a gala.";
        // --- README: recommender ---
        // Your recommender's factors: one line per item/user, the id first (CsvLayout.NO_ID if there is none)
        FactorMatrix items = FactorMatrix.readCsv(itemFactorsCsv);
        FactorMatrix users = FactorMatrix.readCsv(userFactorsCsv);

        // E_D into *your* space: sentence embeddings of catalogue texts, regressed onto their factor rows
        SentenceEncoder encoder = SentenceEncoder.miniLm();   // AutoCloseable: close it when done
        List<String> ids = List.copyOf(itemTexts.keySet());
        INDArray x = encoder.embedAll(ids.stream().map(itemTexts::get).toList());
        EmbeddingMap<String> ed = new TextToLatentEncoder(encoder, RidgeRegressor.fit(x, items.embedAll(ids), 3.0));

        // Score a new (e.g. EAGLE-written) description as the recommender scores items: p_u . q
        double[] user = users.vector("42");
        double[] q = ed.embed(newDescription).toDoubleVector();
        double newScore = IntStream.range(0, q.length).mapToDouble(j -> user[j] * q[j]).sum();
        int rank = 1 + (int) Arrays.stream(items.scores(user)).filter(s -> s > newScore).count();

        // EAGLE's utility over the same space: this user's predicted score, U(z) = <p_u, z>
        Utility predicted = new LinearUtility(user);
        double utilityOfNew = predicted.score(ed.embed(newDescription));
        // --- end ---
        encoder.close();
        double[] userVector = users.vector("42");

        // the recommender's own scores, computed independently: p_u . q_i
        double[] expected = {1.0 - 0.1, 0.9 + 0.02, 0.2 - 0.05, 0.1 + 0.16 - 0.15, 0.02 - 0.5, 0.2 - 0.45};
        double[] scores = items.scores(userVector);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], scores[i], 1e-12);
        }
        long above = Arrays.stream(expected).filter(s -> s > newScore).count();
        assertEquals(above + 1, rank);
        assertEquals(newScore, utilityOfNew, 1e-9);
    }
}
