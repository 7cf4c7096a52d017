package dev.eaglelm.embeddings.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.embeddings.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AlsTrainerTest {

    /** A rank-3 matrix 60 x 40 observed at 70% of its entries. */
    static RatingMatrix planted(long seed, double density, double[][] truthOut) {
        SplittableRandom r = new SplittableRandom(seed);
        int nu = 60;
        int ni = 40;
        int k = 3;
        double[][] p = new double[nu][k];
        double[][] q = new double[ni][k];
        for (double[] row : p) {
            for (int f = 0; f < k; f++) {
                row[f] = r.nextGaussian();
            }
        }
        for (double[] row : q) {
            for (int f = 0; f < k; f++) {
                row[f] = r.nextGaussian();
            }
        }
        List<String> users = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (int u = 0; u < nu; u++) {
            users.add("u" + u);
        }
        for (int i = 0; i < ni; i++) {
            items.add("i" + i);
        }
        int[] uu = new int[nu * ni];
        int[] ii = new int[nu * ni];
        float[] vv = new float[nu * ni];
        int n = 0;
        for (int u = 0; u < nu; u++) {
            for (int i = 0; i < ni; i++) {
                double v = 0;
                for (int f = 0; f < k; f++) {
                    v += p[u][f] * q[i][f];
                }
                truthOut[u][i] = v;
                if (r.nextDouble() < density) {
                    uu[n] = u;
                    ii[n] = i;
                    vv[n] = (float) v;
                    n++;
                }
            }
        }
        return RatingMatrix.of(IdIndex.of(users), IdIndex.of(items), java.util.Arrays.copyOf(uu, n),
                java.util.Arrays.copyOf(ii, n), java.util.Arrays.copyOf(vv, n));
    }

    @Test
    void explicitAlsRecoversAPlantedLowRankMatrix() {
        double[][] truth = new double[60][40];
        RatingMatrix m = planted(3, 0.7, truth);
        AlsConfig c = AlsConfig.explicit().withRank(3).withBiases(false).withWeightedRegularization(false)
                .withLambda(1e-6).withIterations(60);
        FactorModel f = new AlsTrainer(c).fit(m, ProgressListener.NONE);
        double maxErr = 0;
        for (int u = 0; u < 60; u++) {
            for (int i = 0; i < 40; i++) { // observed and unobserved entries alike
                maxErr = Math.max(maxErr, Math.abs(f.predict(u, i) - truth[u][i]));
            }
        }
        assertTrue(maxErr < 1e-3, "max error over all entries " + maxErr);
        assertTrue(BehavioralMetrics.rmse(f, m) < 1e-4);
    }

    @Test
    void lossesNeverIncrease() {
        double[][] truth = new double[60][40];
        RatingMatrix m = planted(5, 0.3, truth);
        for (AlsConfig c : List.of(AlsConfig.implicit().withRank(4).withIterations(12),
                AlsConfig.implicit().withRank(4).withIterations(12).withUnobservedWeight(0.1).withAlpha(3),
                AlsConfig.explicit().withRank(4).withIterations(12))) {
            RatingMatrix data = c.mode() == AlsConfig.Mode.IMPLICIT ? positive(m) : m;
            double[] loss = new AlsTrainer(c).fit(data, ProgressListener.NONE).lossHistory();
            assertEquals(12, loss.length);
            for (int e = 1; e < loss.length; e++) {
                assertTrue(loss[e] <= loss[e - 1] * (1 + 1e-12), c + ": epoch " + e + " " + loss[e - 1] + " -> " + loss[e]);
            }
            assertTrue(loss[loss.length - 1] < loss[0], c.toString());
        }
    }

    static RatingMatrix positive(RatingMatrix m) {
        int n = m.size();
        int[] uu = new int[n];
        int[] ii = new int[n];
        float[] vv = new float[n];
        int q = 0;
        for (int u = 0; u < m.users().size(); u++) {
            int[] items = m.itemsOf(u);
            float[] r = m.ratingsOf(u);
            for (int j = 0; j < items.length; j++) {
                uu[q] = u;
                ii[q] = items[j];
                vv[q++] = Math.abs(r[j]);
            }
        }
        return RatingMatrix.of(m.users(), m.items(), uu, ii, vv);
    }

    @Test
    void sameSeedSameModelAndEmbeddingsAgreeWithPredictions() {
        double[][] truth = new double[60][40];
        RatingMatrix m = planted(9, 0.5, truth);
        AlsConfig c = AlsConfig.explicit().withRank(5).withIterations(5);
        FactorModel a = new AlsTrainer(c).fit(m, ProgressListener.NONE);
        FactorModel b = new AlsTrainer(c).fit(m, ProgressListener.NONE);
        FactorModel other = new AlsTrainer(c.withSeed(1)).fit(m, ProgressListener.NONE);
        assertArrayEquals(a.lossHistory(), b.lossHistory());
        assertTrue(a.lossHistory()[4] != other.lossHistory()[4]);
        EmbeddingMap<String> items = a.itemEmbeddings();
        EmbeddingMap<String> users = a.userEmbeddings();
        assertEquals(7, items.dimension()); // rank 5 + bias coordinates
        INDArray zi = items.embed("i7");
        INDArray zu = users.embed("u11");
        assertEquals(a.predict(11, 7), zu.mul(zi).sumNumber().doubleValue(), 1e-9);
        assertEquals(items.id(), b.itemEmbeddings().id());
        assertTrue(!items.id().equals(other.itemEmbeddings().id()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> items.embedAll(List.of("i1", "zz")));
        assertTrue(e.getMessage().contains("unknown id 'zz' at index 1"), e.getMessage());
        AtomicLong reports = new AtomicLong();
        new AlsTrainer(c).fit(m, (task, done, total) -> reports.incrementAndGet());
        assertEquals(5, reports.get());
    }

    @Test
    void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> AlsConfig.explicit().withRank(0));
        assertThrows(IllegalArgumentException.class, () -> AlsConfig.explicit().withLambda(-1));
        assertThrows(IllegalArgumentException.class, () -> AlsConfig.implicit().withUnobservedWeight(0));
        assertThrows(IllegalArgumentException.class, () -> AlsConfig.Mode.parse("both"));
    }

    @Test
    void movieLensHeldOutQuality() {
        RatingMatrix m = RatingMatrix.readCsv(TestData.movielens().resolve("ml-latest-small/ratings.csv"));
        RatingMatrix.Split s = m.split(0.1, 42);
        FactorModel f = new AlsTrainer(AlsConfig.explicit()).fit(s.train(), ProgressListener.NONE);
        double held = BehavioralMetrics.rmse(f, s.heldOut());
        double baseline = BehavioralMetrics.meanPredictorRmse(s.train(), s.heldOut());
        assertEquals(1.049, baseline, 0.01);
        assertTrue(held > 0.83 && held < 0.90, "held-out RMSE " + held);

        FactorModel w = new AlsTrainer(AlsConfig.implicit()).fit(s.train(), ProgressListener.NONE);
        double recall = BehavioralMetrics.recallAtK(w, s.train(), s.heldOut(), 20);
        assertTrue(recall > 0.25, "recall@20 " + recall);
    }

    @Test
    void topKPicksTheLargest() {
        int[] top = BehavioralMetrics.topK(new double[] {0.1, 5, Double.NEGATIVE_INFINITY, 3, 5, -1}, 3);
        java.util.Arrays.sort(top);
        assertArrayEquals(new int[] {1, 3, 4}, top);
    }
}
