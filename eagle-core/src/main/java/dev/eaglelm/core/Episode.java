package dev.eaglelm.core;

import java.util.List;
import java.util.Objects;

/**
 * A complete episode: the start state and the transitions up to the horizon.
 *
 * @param seed the seed the episode was run with (start state and action sampling)
 * @param agent the name of the agent that acted
 * @param start the start state x<sub>0</sub>
 * @param transitions the transitions in order, at least one; the last one is terminal
 * @param <S> the state type
 * @param <A> the action type
 */
public record Episode<S, A>(long seed, String agent, S start, List<Transition<S, A>> transitions) {

    /**
     * Creates the record, validating its components.
     *
     * @param seed the seed the episode was run with (start state and action sampling)
     * @param agent the name of the agent that acted
     * @param start the start state x<sub>0</sub>
     * @param transitions the transitions in order, at least one; the last one is terminal
     * @throws IllegalArgumentException if a component is invalid; the message names it
     */
    public Episode {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(start, "start");
        transitions = List.copyOf(transitions);
        if (transitions.isEmpty()) {
            throw new IllegalArgumentException("episode: no transitions");
        }
        Object expected = start;
        for (int t = 0; t < transitions.size(); t++) {
            if (!transitions.get(t).state().equals(expected)) {
                throw new IllegalArgumentException("episode: transition " + t + " does not start where transition "
                        + (t - 1) + " ended");
            }
            expected = transitions.get(t).next();
        }
    }

    /**
     * Returns the final state x<sub>H</sub>, the entity the episode produced.
     *
     * @return the last transition's next state
     */
    public S finalState() {
        return transitions.get(transitions.size() - 1).next();
    }

    /**
     * Returns the undiscounted return, the sum of the rewards (in EAGLE, the terminal utility).
     *
     * @return the return
     */
    public double totalReturn() {
        double sum = 0;
        for (Transition<S, A> t : transitions) {
            sum += t.reward();
        }
        return sum;
    }

    /**
     * Returns the actions taken, in order.
     *
     * @return an immutable list of the actions
     */
    public List<A> actions() {
        return transitions.stream().map(Transition::action).toList();
    }
}
