package dev.eaglelm.embeddings.latent;

import dev.eaglelm.core.util.NdArrays;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Held-out quality of an E<sub>D</sub> head: how well predicted latent vectors match the true ones.
 *
 * @param count held-out rows
 * @param meanCosine mean cosine similarity between predicted and true rows
 * @param r2 coefficient of determination per output dimension, 1 &minus; SSE/SST with SST around the
 *     <em>training</em> mean of that dimension (so predicting the training mean scores about 0); NaN for a
 *     constant dimension (such as the constant coordinate of bias-augmented item vectors)
 * @param meanR2 the mean of {@code r2} over the non-constant dimensions
 * @param meanL2Error mean &#8214;predicted &minus; true&#8214;<sub>2</sub>
 * @param meanNearestNeighbourDistance mean distance from each held-out item's true vector to its nearest other
 *     item in the reference set: the paper's yardstick (PAPER.md &sect;3): an encoder is useful when its error is
 *     below this
 * @param meanPredictorL2Error mean &#8214;training mean &minus; true&#8214;<sub>2</sub>, the trivial baseline
 */
public record LatentEvaluation(int count, double meanCosine, double[] r2, double meanR2, double meanL2Error,
        double meanNearestNeighbourDistance, double meanPredictorL2Error) {

    /**
     * Validates and copies the per-dimension values.
     *
     * @param count held-out rows, &ge; 1
     * @param meanCosine mean cosine
     * @param r2 R&sup2; per dimension (copied)
     * @param meanR2 mean R&sup2;
     * @param meanL2Error mean &ell;<sub>2</sub> error
     * @param meanNearestNeighbourDistance mean nearest-neighbour distance
     * @param meanPredictorL2Error mean &ell;<sub>2</sub> error of the training mean
     */
    public LatentEvaluation {
        Objects.requireNonNull(r2, "r2");
        r2 = r2.clone();
        if (count < 1) {
            throw new IllegalArgumentException("latent evaluation: count must be >= 1, got " + count);
        }
    }

    /**
     * Returns R&sup2; per output dimension.
     *
     * @return a copy
     */
    @Override
    public double[] r2() {
        return r2.clone();
    }

    /**
     * Evaluates predictions.
     *
     * @param predicted predicted rows {@code [n, q]}
     * @param truth true rows {@code [n, q]}
     * @param trainTargets the training targets {@code [m, q]} (for the R&sup2; baseline and the mean predictor)
     * @param reference the vectors of all existing items {@code [N, q]} used for nearest neighbours; a held-out
     *     row's own vector (distance 0) is skipped
     * @return the evaluation
     * @throws IllegalArgumentException if the shapes disagree
     */
    public static LatentEvaluation of(INDArray predicted, INDArray truth, INDArray trainTargets, INDArray reference) {
        double[][] p = NdArrays.toRows(predicted);
        double[][] t = NdArrays.toRows(truth);
        double[][] train = NdArrays.toRows(trainTargets);
        double[][] ref = NdArrays.toRows(reference);
        int n = t.length;
        int q = t[0].length;
        if (p.length != n || p[0].length != q || train[0].length != q || ref[0].length != q) {
            throw new IllegalArgumentException("latent evaluation: shapes disagree: predicted " + p.length + "x"
                    + p[0].length + ", truth " + n + "x" + q + ", train targets " + train[0].length
                    + " columns, reference " + ref[0].length + " columns");
        }
        double[] mean = new double[q];
        for (double[] row : train) {
            for (int j = 0; j < q; j++) {
                mean[j] += row[j] / train.length;
            }
        }
        double[] sse = new double[q];
        double[] sst = new double[q];
        double cos = 0;
        double l2 = 0;
        double l2Mean = 0;
        double nn = 0;
        for (int i = 0; i < n; i++) {
            double dot = 0;
            double np = 0;
            double nt = 0;
            double e2 = 0;
            double m2 = 0;
            for (int j = 0; j < q; j++) {
                double e = p[i][j] - t[i][j];
                sse[j] += e * e;
                double c = t[i][j] - mean[j];
                sst[j] += c * c;
                dot += p[i][j] * t[i][j];
                np += p[i][j] * p[i][j];
                nt += t[i][j] * t[i][j];
                e2 += e * e;
                m2 += c * c;
            }
            cos += np == 0 || nt == 0 ? 0 : dot / Math.sqrt(np * nt);
            l2 += Math.sqrt(e2);
            l2Mean += Math.sqrt(m2);
            double best = Double.POSITIVE_INFINITY;
            for (double[] r : ref) {
                double d2 = 0;
                for (int j = 0; j < q; j++) {
                    double e = r[j] - t[i][j];
                    d2 += e * e;
                }
                if (d2 > 1e-24 && d2 < best) {
                    best = d2;
                }
            }
            nn += Double.isInfinite(best) ? 0 : Math.sqrt(best);
        }
        double[] r2 = new double[q];
        double r2Sum = 0;
        int varying = 0;
        for (int j = 0; j < q; j++) {
            double spread = 0;
            for (double[] row : train) {
                spread = Math.max(spread, Math.abs(row[j] - train[0][j]));
            }
            if (spread <= 1e-12 * Math.max(1, Math.abs(train[0][j]))) {
                r2[j] = Double.NaN; // constant in training: R^2 is undefined
            } else {
                r2[j] = 1 - sse[j] / sst[j];
                r2Sum += r2[j];
                varying++;
            }
        }
        return new LatentEvaluation(n, cos / n, r2, varying == 0 ? Double.NaN : r2Sum / varying, l2 / n, nn / n,
                l2Mean / n);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LatentEvaluation[n=%d, cosine=%.4f, meanR2=%.4f, l2=%.4f, nn=%.4f, "
                + "meanPredictorL2=%.4f]", count, meanCosine, meanR2, meanL2Error, meanNearestNeighbourDistance,
                meanPredictorL2Error);
    }
}
