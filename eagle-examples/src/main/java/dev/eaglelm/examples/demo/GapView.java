package dev.eaglelm.examples.demo;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.EmbeddingView;
import dev.eaglelm.core.rollout.BoundedParallel;
import dev.eaglelm.core.text.TextState;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How the agent, the reference policies and the action-set selector see a text state: the feature vector of a
 * description x for its target user is [E<sub>D</sub>(x), &lang;z<sub>u</sub>, E<sub>D</sub>(x)&rang;,
 * novelty(E<sub>D</sub>(x)), (U(x) &minus; m<sub>u</sub>) / s<sub>u</sub>]: the latent position, the two terms of
 * the content-gap utility, and the utility standardised by its mean and standard deviation over the user's
 * existing items (a choice of this demo: with several target users the policy needs to know what "good" means
 * for the state's user, and utility differences between edits are small on the raw scale). Next-state features z<sub>a</sub>(x) come from applying every candidate edit with the environment LLM
 * and embedding the results with E<sub>D</sub> in one batch; no action-text embedding is used.
 */
public final class GapView implements EmbeddingView<TextState, Action> {

    /** Features appended to the latent vector: affinity, novelty, standardised utility. */
    public static final int FEATURES = 3;

    private final ContentGapEnvironment env;
    private final EmbeddingMap<String> ed;
    private final int parallelism;

    /**
     * Creates the view.
     *
     * @param env the environment (its text environment applies the edits)
     * @param ed E<sub>D</sub>, batched
     * @param parallelism edits applied at once
     */
    public GapView(ContentGapEnvironment env, EmbeddingMap<String> ed, int parallelism) {
        this.env = Objects.requireNonNull(env, "env");
        this.ed = Objects.requireNonNull(ed, "ed");
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * Returns the features of a latent vector for a user.
     *
     * @param z E<sub>D</sub>(x)
     * @param gap the target user
     * @return [z, affinity, novelty, standardised utility]
     */
    public static double[] features(double[] z, UserGap gap) {
        double[] f = new double[z.length + FEATURES];
        System.arraycopy(z, 0, f, 0, z.length);
        INDArray row = Nd4j.createFromArray(z).reshape(1, z.length);
        double aff = gap.utility().affinity().score(row);
        double nov = gap.utility().novelty().score(row);
        f[z.length] = aff;
        f[z.length + 1] = nov;
        f[z.length + 2] = (aff + gap.utility().config().lambda() * nov - gap.utilityMean()) / gap.utilitySd();
        return f;
    }

    @Override
    public int stateDimension() {
        return ed.dimension() + FEATURES;
    }

    @Override
    public int actionDimension() {
        return 0;
    }

    @Override
    public boolean providesNextStates() {
        return true;
    }

    @Override
    public EmbeddedState embed(TextState state, List<Action> actions) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("gap view: empty action list");
        }
        UserGap gap = env.gap(state);
        double[] s = features(env.text().embed(state.description()).toDoubleVector(), gap);
        List<String> next = BoundedParallel.map(actions.size(), parallelism,
                i -> env.text().apply(state, actions.get(i)).description());
        double[][] z = ed.embedAll(next).toDoubleMatrix();
        double[][] rows = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            rows[i] = features(z[i], gap);
        }
        return new EmbeddedState(s, null, rows, env.horizon() - state.step());
    }

    @Override
    public String id() {
        return "content-gap-view/v2[" + ed.id() + "]";
    }
}
