package dev.eaglelm.core.agent;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Agent;
import java.util.List;
import java.util.Objects;

/**
 * Picks uniformly among the offered actions: the paper's uniform reference policy, and the baseline every
 * trained agent must beat.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class UniformAgent<S, A> implements Agent<S, A> {

    /** Creates the agent. */
    public UniformAgent() {
    }

    @Override
    public ActionDistribution distribution(S state, List<A> actions) {
        Objects.requireNonNull(actions, "actions");
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("uniform agent: empty action set");
        }
        return ActionDistribution.uniform(actions.size());
    }

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public String toString() {
        return "UniformAgent";
    }
}
