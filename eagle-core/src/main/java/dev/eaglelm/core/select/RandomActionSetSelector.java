package dev.eaglelm.core.select;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.ActionSet;
import dev.eaglelm.core.ActionSetSelector;
import dev.eaglelm.core.util.NdArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keeps k candidates drawn uniformly without replacement, with uniform weights: the baseline the
 * G-optimal selector is compared with. The embeddings are checked but not otherwise used.
 */
public final class RandomActionSetSelector implements ActionSetSelector {

    /** Creates the selector. */
    public RandomActionSetSelector() {
    }

    @Override
    public <A> ActionSet<A> select(List<A> candidates, INDArray nextStateEmbeddings, int k, long seed) {
        Objects.requireNonNull(candidates, "candidates");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("random selector: no candidates");
        }
        if (k < 1) {
            throw new IllegalArgumentException("random selector: k must be >= 1, got " + k);
        }
        INDArray rows = NdArrays.asRows(nextStateEmbeddings, "next-state embeddings", -1);
        if (rows.rows() != candidates.size()) {
            throw new IllegalArgumentException("random selector: " + candidates.size() + " candidates but "
                    + rows.rows() + " embedding rows");
        }
        NdArrays.requireFinite(rows, "next-state embeddings");
        int n = candidates.size();
        int m = Math.min(k, n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < m; i++) { // partial Fisher-Yates
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, m);
        Arrays.sort(chosen);
        List<A> kept = new ArrayList<>(m);
        for (int i : chosen) {
            kept.add(candidates.get(i));
        }
        return new ActionSet<>(kept, chosen, ActionDistribution.uniform(m), name());
    }

    @Override
    public String name() {
        return "random";
    }
}
