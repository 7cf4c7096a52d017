package dev.eaglelm.embeddings.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.embeddings.TestData;
import dev.eaglelm.embeddings.behavioral.AlsConfig;
import dev.eaglelm.embeddings.behavioral.AlsTrainer;
import dev.eaglelm.embeddings.behavioral.FactorModel;
import dev.eaglelm.embeddings.behavioral.RatingMatrix;
import dev.eaglelm.embeddings.text.SentenceEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LatentEncoderTest {

    static INDArray gaussian(SplittableRandom r, int rows, int cols) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return Nd4j.create(a, new long[] {rows, cols}, DataType.DOUBLE);
    }

    @Test
    void ridgeRecoversAPlantedLinearMap(@TempDir Path tmp) {
        SplittableRandom r = new SplittableRandom(1);
        INDArray x = gaussian(r, 200, 12);
        INDArray w = gaussian(r, 12, 5);
        INDArray b = gaussian(r, 1, 5);
        INDArray y = x.mmul(w).addRowVector(b);
        RidgeRegressor head = RidgeRegressor.fit(x, y, 1e-8);
        assertTrue(head.weights().sub(w).amaxNumber().doubleValue() < 1e-6);
        assertTrue(head.intercept().sub(b).amaxNumber().doubleValue() < 1e-6);
        INDArray xt = gaussian(r, 50, 12);
        LatentEvaluation ev = LatentEvaluation.of(head.predict(xt), xt.mmul(w).addRowVector(b), y, y);
        assertEquals(1.0, ev.meanCosine(), 1e-9);
        for (double r2 : ev.r2()) {
            assertEquals(1.0, r2, 1e-9);
        }
        assertTrue(Double.isNaN(LatentEvaluation.of(y, y, Nd4j.ones(DataType.DOUBLE, 3, 5), y).meanR2()),
                "R^2 is undefined for constant training targets");
        assertEquals(0.0, ev.meanL2Error(), 1e-6);

        Path file = tmp.resolve("ridge.ed");
        head.save(file);
        LatentRegressor loaded = RegressorFiles.load(file);
        assertEquals(head.id(), loaded.id());
        assertEquals(0.0, loaded.predict(xt).sub(head.predict(xt)).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void ridgeShrinksWithLambda() {
        SplittableRandom r = new SplittableRandom(2);
        INDArray x = gaussian(r, 100, 6);
        INDArray y = x.mmul(gaussian(r, 6, 2));
        double small = RidgeRegressor.fit(x, y, 1e-6).weights().norm2Number().doubleValue();
        double large = RidgeRegressor.fit(x, y, 1e4).weights().norm2Number().doubleValue();
        assertTrue(large < small / 10, small + " vs " + large);
        assertThrows(IllegalArgumentException.class, () -> RidgeRegressor.fit(x, y, 0));
        assertThrows(IllegalArgumentException.class, () -> RidgeRegressor.fit(x, y.getRows(0, 1), 1));
    }

    @Test
    void mlpFitsANonlinearMapAndRoundTrips(@TempDir Path tmp) throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        INDArray x = gaussian(r, 300, 4);
        INDArray y = Nd4j.create(DataType.DOUBLE, 300, 2);
        for (int i = 0; i < 300; i++) {
            double a = x.getDouble(i, 0);
            double b = x.getDouble(i, 1);
            y.putScalar(i, 0, Math.abs(a) + 0.5 * b);
            y.putScalar(i, 1, Math.max(0, a - b));
        }
        MlpRegressor.Config c = new MlpRegressor.Config(32, 300, 3e-2, 0, 7);
        MlpRegressor mlp = MlpRegressor.fit(x, y, c, ProgressListener.NONE);
        LatentEvaluation ev = LatentEvaluation.of(mlp.predict(x), y, y, y);
        assertTrue(ev.meanR2() > 0.9, ev.toString());
        RidgeRegressor linear = RidgeRegressor.fit(x, y, 1e-6);
        assertTrue(ev.meanR2() > LatentEvaluation.of(linear.predict(x), y, y, y).meanR2() + 0.1,
                "the MLP beats a linear map on a nonlinear target");
        MlpRegressor.Config quick = new MlpRegressor.Config(8, 5, 1e-2, 1e-3, 3);
        assertEquals(MlpRegressor.fit(x, y, quick, ProgressListener.NONE).id(),
                MlpRegressor.fit(x, y, quick, ProgressListener.NONE).id(), "seeded");
        Path file = tmp.resolve("mlp.ed");
        mlp.save(file);
        assertEquals(0.0, RegressorFiles.load(file).predict(x).sub(mlp.predict(x)).amaxNumber().doubleValue(), 0.0);
        Files.write(tmp.resolve("cut.ed"), java.util.Arrays.copyOf(Files.readAllBytes(file), 60));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegressorFiles.load(tmp.resolve("cut.ed")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.writeString(tmp.resolve("junk.ed"), "hello world, not a model");
        e = assertThrows(IllegalArgumentException.class, () -> RegressorFiles.load(tmp.resolve("junk.ed")));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    /**
     * E_D on real data: MiniLM embeddings of "title. genres. overview" (TMDB overviews) regressed by ridge onto
     * the item vectors of ml-latest-small, for the 1,103 movies with an overview and at least 10 ratings; 20% of
     * those movies held out. D (the nearest-neighbour reference) is the same 1,103 movies. Prints the numbers
     * quoted in the README.
     */
    @Test
    void movieLensOverviewsToBehaviouralVectors() throws Exception {
        Path dir = TestData.movielens();
        RatingMatrix ratings = RatingMatrix.readCsv(dir.resolve("ml-latest-small/ratings.csv"));
        List<String[]> overviews = TestData.overviews(dir.resolve("overviews.csv"));
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String[] row : overviews) {
            int item = ratings.items().indexOf(row[0]);
            if (item >= 0 && ratings.itemCount(item) >= 10) { // items with a reliable behavioural vector
                ids.add(row[0]);
                texts.add(row[2] + ". " + row[3].replace("|", ", ") + ". " + row[1]);
            }
        }
        INDArray x;
        try (SentenceEncoder encoder = SentenceEncoder.miniLm()) {
            x = encoder.embedAll(texts).castTo(DataType.DOUBLE);
        }
        int n = ids.size();
        assertEquals(1103, n);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom r = new SplittableRandom(42);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int test = n / 5;
        int[] testRows = java.util.Arrays.copyOf(perm, test);
        int[] trainRows = java.util.Arrays.copyOfRange(perm, test, n);
        for (AlsConfig config : List.of(AlsConfig.implicit().withRank(16), AlsConfig.explicit())) {
            FactorModel model = new AlsTrainer(config).fit(ratings, ProgressListener.NONE);
            INDArray targets = model.itemEmbeddings().embedAll(ids);
            INDArray yTrain = targets.getRows(trainRows);
            INDArray yTest = targets.getRows(testRows);
            RidgeRegressor head = RidgeRegressor.fit(x.getRows(trainRows), yTrain, 3);
            LatentEvaluation ev = LatentEvaluation.of(head.predict(x.getRows(testRows)), yTest, yTrain, targets);
            System.out.println("E_D on ml-latest-small, " + config.mode() + " k=" + config.rank() + " targets ("
                    + trainRows.length + " train / " + test + " held-out movies), ridge 3: " + ev);
            // better than predicting the training mean; the paper's bar (error below the mean nearest-neighbour
            // distance) is NOT met by this small head on this small data set: see the README
            assertTrue(ev.meanL2Error() < ev.meanPredictorL2Error(), ev.toString());
            assertTrue(ev.meanR2() > (config.mode() == AlsConfig.Mode.IMPLICIT ? 0.15 : 0.0), ev.toString());
            assertTrue(ev.meanCosine() > 0.6, ev.toString());
        }
    }
}
