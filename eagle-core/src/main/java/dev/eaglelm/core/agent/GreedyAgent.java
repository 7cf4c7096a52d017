package dev.eaglelm.core.agent;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Environment;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleBiFunction;

/**
 * One-step lookahead: applies every offered action, scores each next state, and picks the best (ties share
 * the probability equally). This is the paper's "optimistic" reference policy,
 * q<sub>a</sub> = 1{a &isin; argmax U(E<sub>D</sub>(x'))}, in its deterministic form.
 *
 * <p>By default it scores a next state with {@link Environment#terminalReward}. Each decision costs one
 * environment step per action: with an LLM environment that is K LLM calls per step, which is why the
 * evaluation compares policies at equal LLM-call budgets.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class GreedyAgent<S, A> implements Agent<S, A> {

    /** Scores within this distance of the best count as ties. */
    public static final double TIE_TOLERANCE = 1e-12;

    private final ToDoubleBiFunction<S, A> lookahead;

    /**
     * Creates a greedy agent that scores the next state of each action with the environment's utility.
     *
     * @param environment the environment whose transitions and utility are used
     */
    public GreedyAgent(Environment<S, A> environment) {
        Objects.requireNonNull(environment, "environment");
        this.lookahead = (s, a) -> environment.terminalReward(environment.step(s, a).next());
    }

    /**
     * Creates a greedy agent with a custom one-step score (for example a predicted utility that does not
     * call the environment).
     *
     * @param lookahead the score of taking an action in a state; higher is better
     */
    public GreedyAgent(ToDoubleBiFunction<S, A> lookahead) {
        this.lookahead = Objects.requireNonNull(lookahead, "lookahead");
    }

    @Override
    public ActionDistribution distribution(S state, List<A> actions) {
        Objects.requireNonNull(actions, "actions");
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("greedy agent: empty action set");
        }
        double[] scores = new double[actions.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = lookahead.applyAsDouble(state, actions.get(i));
            if (!Double.isFinite(scores[i])) {
                throw new IllegalStateException("greedy agent: lookahead score of action " + i + " is " + scores[i]);
            }
        }
        return ActionDistribution.argmax(scores, TIE_TOLERANCE);
    }

    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public String toString() {
        return "GreedyAgent";
    }
}
