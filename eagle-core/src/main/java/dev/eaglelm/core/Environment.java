package dev.eaglelm.core;

import java.util.List;

/**
 * The EAGLE Markov decision process (X, A, P, r, H) of Sec. 4.2 of the paper.
 *
 * <p>A state is an entity (e.g. a movie description, with its context and step index); an action is an
 * edit drawn from a finite <em>state-dependent</em> candidate set {@link #actions(Object) A(x)}; the
 * transition applies the edit (in the paper, a frozen environment LLM does); the reward is zero until the
 * horizon H and then {@link #terminalReward(Object) U(E_D(x_H))}.
 *
 * <p>Environments are functional: {@link #step} takes the state explicitly and returns a new one, so one
 * environment can serve many concurrent rollouts, tree searches and lookaheads. Implementations must be
 * thread-safe, and {@link #actions} must return the same list for the same state.
 *
 * <p>Reward indexing (a documented choice; the paper's printed indexing scores x<sub>H&minus;1</sub>): the
 * reward of the H-th transition is the utility of the text after H actions, the text that is returned;
 * every earlier reward is 0.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public interface Environment<S, A> {

    /**
     * Draws a start state x<sub>0</sub> (an anchor entity, and its context).
     *
     * @param seed selects the start state and seeds any randomness that belongs to this episode
     * @return the start state, at step 0
     */
    S reset(long seed);

    /**
     * Returns the candidate action set A(x) of a state.
     *
     * @param state a non-terminal state
     * @return a non-empty list, the same list (same order) every time for the same state
     * @throws IllegalStateException if the state is terminal
     */
    List<A> actions(S state);

    /**
     * Applies an action.
     *
     * @param state a non-terminal state
     * @param action an element of {@code actions(state)}
     * @return the transition; its reward is {@link #terminalReward} of the next state when the next state is
     *     terminal, else 0
     * @throws IllegalArgumentException if the action does not belong to the state's action set
     * @throws IllegalStateException if the state is terminal
     */
    Transition<S, A> step(S state, A action);

    /**
     * Returns the horizon H: the number of actions in an episode (the paper uses H = 5).
     *
     * @return H &ge; 1
     */
    int horizon();

    /**
     * Returns the reward a state receives when an episode ends in it: U(E<sub>D</sub>(x)).
     *
     * <p>Defined for every state, not only terminal ones, so that one-step lookahead (the greedy and
     * optimistic policies) and tree search can score intermediate states.
     *
     * @param state any state
     * @return the utility of its embedding
     */
    double terminalReward(S state);
}
