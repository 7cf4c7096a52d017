package dev.eaglelm.core.policy;

import dev.eaglelm.core.ActionSet;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.EmbeddingView;
import dev.eaglelm.core.Utility;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.select.ActionSetEnvironment;
import java.util.List;
import java.util.function.Function;

/**
 * The reference policies &pi;<sub>ref</sub> of the paper (Sec. 4.3, 5.2; App. C, E.1) over a state's action
 * set, as {@link Agent}s: they anchor training through the KL penalty and are baselines in evaluation.
 *
 * <ul>
 *   <li>{@link #uniform()}: all actions alike;</li>
 *   <li>{@link #optimistic}: greedy on the predicted next-state utility, softened by a temperature;</li>
 *   <li>{@link #design}: the design weights of the state's action set (G-optimal with the G-optimal
 *       selector);</li>
 *   <li>{@link #mixture} and {@link #smoothed}: combinations.</li>
 * </ul>
 *
 * <p>The paper's reference policies are LLMs fine-tuned to imitate these distributions; here the
 * distributions are used directly, which is what such imitation aims at.
 */
public final class ReferencePolicies {

    private ReferencePolicies() {
    }

    /**
     * The uniform reference policy.
     *
     * @param <S> the state type
     * @param <A> the action type
     * @return the uniform policy (named {@code "uniform"})
     */
    public static <S, A> Agent<S, A> uniform() {
        return new UniformAgent<>();
    }

    /**
     * The optimistic reference policy, q<sub>a</sub> &prop; exp(U(z<sub>a</sub>(x)) / &tau;).
     *
     * @param view a view that provides next-state embeddings
     * @param utility the utility of a predicted next state
     * @param temperature &tau; &ge; 0 (0: hard argmax, whose KL to a softmax agent is infinite)
     * @param <S> the state type
     * @param <A> the action type
     * @return the policy
     */
    public static <S, A> Agent<S, A> optimistic(EmbeddingView<S, A> view, Utility utility, double temperature) {
        return new OptimisticPolicy<>(view, utility, temperature);
    }

    /**
     * The design reference policy of an action-set environment: the selector's design weights, smoothed
     * with the uniform policy. With the G-optimal selector this is the paper's G-optimal reference.
     *
     * @param environment the environment whose selector made the action sets
     * @param smoothing &epsilon; in [0, 1]; positive keeps every kept action in the support
     * @param <S> the state type
     * @param <A> the action type
     * @return the policy, named after the selector
     */
    public static <S, A> Agent<S, A> design(ActionSetEnvironment<S, A> environment, double smoothing) {
        return new DesignPolicy<>(environment::actionSet, smoothing, environment.selector().name());
    }

    /**
     * The design reference policy of any source of action sets.
     *
     * @param actionSets the action set of a state
     * @param smoothing &epsilon; in [0, 1]
     * @param name a name for reports
     * @param <S> the state type
     * @param <A> the action type
     * @return the policy
     */
    public static <S, A> Agent<S, A> design(Function<? super S, ActionSet<A>> actionSets, double smoothing,
            String name) {
        return new DesignPolicy<>(actionSets, smoothing, name);
    }

    /**
     * A mixture &Sigma; w<sub>i</sub> q<sub>i</sub>.
     *
     * @param components the policies
     * @param weights their weights (normalised)
     * @param <S> the state type
     * @param <A> the action type
     * @return the mixture, named {@code mixture(a,b,...)}
     */
    public static <S, A> Agent<S, A> mixture(List<? extends Agent<S, A>> components, double[] weights) {
        StringBuilder n = new StringBuilder("mixture(");
        for (int i = 0; i < components.size(); i++) {
            n.append(i == 0 ? "" : ",").append(components.get(i).name());
        }
        return new MixturePolicy<>(components, weights, n.append(')').toString());
    }

    /**
     * Smooths a policy with the uniform one: (1 &minus; &epsilon;) q + &epsilon; uniform, so that every
     * action has positive probability when &epsilon; &gt; 0.
     *
     * @param policy the policy
     * @param epsilon the uniform share, in [0, 1]
     * @param <S> the state type
     * @param <A> the action type
     * @return the smoothed policy, named like the original
     */
    public static <S, A> Agent<S, A> smoothed(Agent<S, A> policy, double epsilon) {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("smoothed policy: epsilon must be in [0, 1], got " + epsilon);
        }
        return new MixturePolicy<>(List.of(policy, new UniformAgent<>()), new double[] {1 - epsilon, epsilon},
                policy.name());
    }
}
