package dev.eaglelm.core.policy;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.EmbeddingView;
import dev.eaglelm.core.Utility;
import dev.eaglelm.core.util.NdArrays;
import java.util.List;
import java.util.Objects;

/**
 * The paper's <em>optimistic</em> reference policy (Sec. 4.3, App. E): greedy on the predicted utility of
 * the next state, q<sub>a</sub> &prop; exp(U(z<sub>a</sub>(x)) / &tau;), softened by a temperature &tau;.
 * With &tau; = 0 it is the paper's hard form, q<sub>a</sub> = 1{a &isin; argmax U(z<sub>a</sub>(x))}
 * (ties share the mass).
 *
 * <p>It reads the next-state embeddings z<sub>a</sub>(x) from an {@link EmbeddingView} instead of stepping
 * the environment, so in a text environment it costs no extra LLM call beyond those the view (and the
 * G-optimal design) already made. Compare {@link dev.eaglelm.core.agent.GreedyAgent}, which steps the
 * environment for every action.
 *
 * <p>The hard form puts zero mass on most actions, so KL(&pi; &Vert; q) is infinite for a softmax agent:
 * use a positive temperature or {@link ReferencePolicies#smoothed smooth} it before using it as a KL anchor.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class OptimisticPolicy<S, A> implements Agent<S, A> {

    /** Predicted utilities within this distance of the best count as ties in the hard form. */
    public static final double TIE_TOLERANCE = 1e-12;

    private final EmbeddingView<S, A> view;
    private final Utility utility;
    private final double temperature;

    /**
     * Creates the policy.
     *
     * @param view the view; it must provide next-state embeddings
     * @param utility the utility that scores predicted next states
     * @param temperature &tau; &ge; 0 (0: hard argmax)
     * @throws IllegalArgumentException if the view gives no next-state embeddings or &tau; is negative or
     *     not finite
     */
    public OptimisticPolicy(EmbeddingView<S, A> view, Utility utility, double temperature) {
        this.view = Objects.requireNonNull(view, "view");
        this.utility = Objects.requireNonNull(utility, "utility");
        if (!view.providesNextStates()) {
            throw new IllegalArgumentException("optimistic policy: the view " + view.id()
                    + " gives no next-state embeddings");
        }
        if (!(temperature >= 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("optimistic policy: temperature must be finite and >= 0, got "
                    + temperature);
        }
        this.temperature = temperature;
    }

    @Override
    public ActionDistribution distribution(S state, List<A> actions) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("optimistic policy: empty action set");
        }
        EmbeddedState e = view.embed(state, actions);
        double[] u = utility.scoreAll(NdArrays.matrix(e.nextStates()));
        return temperature == 0 ? ActionDistribution.argmax(u, TIE_TOLERANCE)
                : ActionDistribution.of(PolicyNetwork.softmax(u, temperature));
    }

    /**
     * Returns the temperature.
     *
     * @return &tau;
     */
    public double temperature() {
        return temperature;
    }

    @Override
    public String name() {
        return "optimistic";
    }

    @Override
    public String toString() {
        return "OptimisticPolicy[tau=" + temperature + "]";
    }
}
