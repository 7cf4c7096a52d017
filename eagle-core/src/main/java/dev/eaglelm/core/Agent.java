package dev.eaglelm.core;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A policy over a finite, state-dependent action set: &pi;(a | x, A(x)).
 *
 * <p>An agent returns the <em>whole</em> distribution over the actions it is offered, not only a sample,
 * so that the KL divergence to a reference policy &mdash; the penalty of the paper's objective &mdash; is
 * computed exactly (see {@link ActionDistribution#klDivergence}). Sampling is a default method on top.
 *
 * <p>This departs from the paper on purpose: there the agent is a fine-tuned LLM that writes the action
 * text. Here the agent picks among the state's candidate actions (written by an LLM), which keeps the
 * distribution exact and the policy small enough to train on a laptop. A text-generating agent fits the
 * same interface when its candidate list holds the texts it may write.
 *
 * <p>Implementations must be thread-safe for concurrent rollouts and deterministic given their inputs
 * (randomness comes only from the generator passed to {@link #act}).
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public interface Agent<S, A> {

    /**
     * Returns the exact distribution over the offered actions.
     *
     * @param state the current state
     * @param actions the state's action set A(x), non-empty, in a fixed order
     * @return a distribution whose i-th probability belongs to {@code actions.get(i)}
     * @throws IllegalArgumentException if {@code actions} is empty
     */
    ActionDistribution distribution(S state, List<A> actions);

    /**
     * Samples an action from {@link #distribution}.
     *
     * @param state the current state
     * @param actions the state's action set, non-empty
     * @param rng the random source (draws exactly one {@code nextDouble()} in the default implementation)
     * @return one of {@code actions}
     * @throws IllegalArgumentException if {@code actions} is empty
     */
    default A act(S state, List<A> actions, RandomGenerator rng) {
        return actions.get(distribution(state, actions).sample(rng));
    }

    /**
     * Returns a short name for reports, e.g. {@code "uniform"}.
     *
     * @return the name
     */
    String name();
}
