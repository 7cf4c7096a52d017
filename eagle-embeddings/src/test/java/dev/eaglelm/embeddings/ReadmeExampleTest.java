package dev.eaglelm.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.Utility;
import dev.eaglelm.embeddings.behavioral.AlsConfig;
import dev.eaglelm.embeddings.behavioral.AlsTrainer;
import dev.eaglelm.embeddings.behavioral.FactorModel;
import dev.eaglelm.embeddings.behavioral.RatingMatrix;
import dev.eaglelm.embeddings.latent.RidgeRegressor;
import dev.eaglelm.embeddings.latent.TextToLatentEncoder;
import dev.eaglelm.embeddings.text.SentenceEncoder;
import dev.eaglelm.embeddings.utility.ContentGapUtility;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The README's eagle-embeddings example, as written there. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRuns() throws Exception {
        Path dataDir = TestData.movielens();
        List<String> itemIds = new ArrayList<>();
        List<String> itemTexts = new ArrayList<>();
        for (String[] row : TestData.overviews(dataDir.resolve("overviews.csv")).subList(0, 150)) {
            itemIds.add(row[0]);
            itemTexts.add(row[2] + ". " + row[3].replace("|", ", ") + ". " + row[1]);
        }
        double score;
        int dimension;
        // --- README ---
        try (SentenceEncoder encoder = SentenceEncoder.miniLm()) {
            RatingMatrix ratings = RatingMatrix.readCsv(dataDir.resolve("ml-latest-small/ratings.csv"));
            FactorModel wals = new AlsTrainer(AlsConfig.implicit().withRank(16)).fit(ratings, ProgressListener.NONE);

            // E_D: a ridge head from sentence embeddings of item texts to the items' behavioural vectors
            INDArray x = encoder.embedAll(itemTexts);
            INDArray z = wals.itemEmbeddings().embedAll(itemIds);
            EmbeddingMap<String> ed = new TextToLatentEncoder(encoder, RidgeRegressor.fit(x, z, 3.0));

            // the paper's MovieLens utility for one user: predicted rating + lambda * distance to 3 nearest items
            Utility u = new ContentGapUtility(wals.userVector(0), wals.itemMatrix(), ContentGapUtility.Config.of(0.1));
            score = u.score(ed.embed("A lonely robot falls in love on a deserted planet."));
            // --- end ---
            dimension = ed.dimension();
        }
        assertEquals(16, dimension);
        assertTrue(Double.isFinite(score) && score > 0, "score " + score);
    }
}
