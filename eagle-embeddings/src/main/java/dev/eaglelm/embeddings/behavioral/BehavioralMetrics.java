package dev.eaglelm.embeddings.behavioral;

import java.util.Objects;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Held-out metrics of a {@link FactorModel}: RMSE for explicit ratings, recall@k for implicit interactions.
 */
public final class BehavioralMetrics {

    private static final int USER_BLOCK = 1024;

    private BehavioralMetrics() {
    }

    /**
     * Root-mean-square error of the model's predictions (not clipped to the rating scale).
     *
     * @param model the model
     * @param ratings ratings indexed like the model (the same id maps, e.g. the two parts of a split)
     * @return the RMSE over all entries, or NaN when there are none
     * @throws IllegalArgumentException if the id maps differ in size from the model's
     */
    public static double rmse(FactorModel model, RatingMatrix ratings) {
        check(model, ratings);
        int[] ptr = ratings.userPtr();
        int[] cols = ratings.userCols();
        float[] vals = ratings.userVals();
        double sum = IntStream.range(0, ratings.users().size()).parallel().mapToDouble(u -> {
            double s = 0;
            for (int p = ptr[u]; p < ptr[u + 1]; p++) {
                double e = vals[p] - model.predict(u, cols[p]);
                s += e * e;
            }
            return s;
        }).sum();
        return ratings.size() == 0 ? Double.NaN : Math.sqrt(sum / ratings.size());
    }

    /**
     * RMSE of the constant predictor that always predicts the training mean (the baseline to beat).
     *
     * @param train the training ratings
     * @param heldOut the ratings to evaluate on
     * @return the RMSE of predicting {@code train.mean()}
     */
    public static double meanPredictorRmse(RatingMatrix train, RatingMatrix heldOut) {
        double mu = train.mean();
        double s = 0;
        for (float v : heldOut.userVals()) {
            s += (v - mu) * (v - mu);
        }
        return heldOut.size() == 0 ? Double.NaN : Math.sqrt(s / heldOut.size());
    }

    /**
     * Recall@k over users with at least one held-out interaction: the items a user interacted with in training
     * are excluded from the ranking, the remaining items are ranked by the model's score, and the user's recall
     * is the fraction of held-out items in the top k, divided by min(k, held-out count) so that a perfect
     * ranking scores 1. The result is the mean over those users.
     *
     * @param model the model
     * @param train the training interactions (excluded from each user's ranking)
     * @param heldOut the held-out interactions (the positives)
     * @param k the cut-off, &ge; 1
     * @return the mean recall@k, or NaN when no user has held-out interactions
     * @throws IllegalArgumentException if k &lt; 1 or the id maps differ from the model's
     */
    public static double recallAtK(FactorModel model, RatingMatrix train, RatingMatrix heldOut, int k) {
        check(model, train);
        check(model, heldOut);
        if (k < 1) {
            throw new IllegalArgumentException("recall@k: k must be >= 1, got " + k);
        }
        int nu = model.users().size();
        int ni = model.items().size();
        INDArray itemsT = model.itemMatrix().transpose();
        INDArray usersM = model.userMatrix();
        double total = 0;
        int counted = 0;
        for (int from = 0; from < nu; from += USER_BLOCK) {
            int to = Math.min(nu, from + USER_BLOCK);
            double[][] scores = usersM.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).mmul(itemsT).toDoubleMatrix();
            final int start = from;
            double[] recall = IntStream.range(from, to).parallel().mapToDouble(u -> {
                int[] positives = heldOut.itemsOf(u);
                if (positives.length == 0) {
                    return Double.NaN;
                }
                double[] s = scores[u - start];
                for (int i : train.itemsOf(u)) {
                    s[i] = Double.NEGATIVE_INFINITY;
                }
                int[] top = topK(s, Math.min(k, ni));
                boolean[] isPositive = new boolean[ni];
                for (int i : positives) {
                    isPositive[i] = true;
                }
                int hits = 0;
                for (int i : top) {
                    if (isPositive[i]) {
                        hits++;
                    }
                }
                return (double) hits / Math.min(k, positives.length);
            }).toArray();
            for (double r : recall) {
                if (!Double.isNaN(r)) {
                    total += r;
                    counted++;
                }
            }
        }
        return counted == 0 ? Double.NaN : total / counted;
    }

    /** Indices of the k largest scores (ties broken by lower index), in no particular order. */
    static int[] topK(double[] s, int k) {
        // a min-heap of size k over (score, index)
        int[] heap = new int[k];
        int size = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            if (size < k) {
                heap[size] = i;
                int c = size++;
                while (c > 0) {
                    int p = (c - 1) / 2;
                    if (less(s, heap[c], heap[p])) {
                        int t = heap[c];
                        heap[c] = heap[p];
                        heap[p] = t;
                        c = p;
                    } else {
                        break;
                    }
                }
            } else if (less(s, heap[0], i)) {
                heap[0] = i;
                int c = 0;
                while (true) {
                    int l = 2 * c + 1;
                    int r = l + 1;
                    int m = c;
                    if (l < size && less(s, heap[l], heap[m])) {
                        m = l;
                    }
                    if (r < size && less(s, heap[r], heap[m])) {
                        m = r;
                    }
                    if (m == c) {
                        break;
                    }
                    int t = heap[c];
                    heap[c] = heap[m];
                    heap[m] = t;
                    c = m;
                }
            }
        }
        return java.util.Arrays.copyOf(heap, size);
    }

    /** Whether item a ranks below item b (lower score, or equal score and higher index). */
    private static boolean less(double[] s, int a, int b) {
        return s[a] < s[b] || (s[a] == s[b] && a > b);
    }

    private static void check(FactorModel model, RatingMatrix ratings) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(ratings, "ratings");
        if (ratings.users().size() != model.users().size() || ratings.items().size() != model.items().size()) {
            throw new IllegalArgumentException("metrics: ratings have " + ratings.users().size() + " users x "
                    + ratings.items().size() + " items, the model " + model.users().size() + " x "
                    + model.items().size() + "; evaluate on a split of the training matrix");
        }
    }
}
