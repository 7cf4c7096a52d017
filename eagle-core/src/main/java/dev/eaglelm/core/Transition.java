package dev.eaglelm.core;

import java.util.Objects;

/**
 * One step of an episode: x<sub>t</sub>, a<sub>t</sub> &rarr; x<sub>t+1</sub> with reward r<sub>t</sub>.
 *
 * @param state the state before the action
 * @param action the action taken
 * @param next the state after the action
 * @param reward the reward of this step (non-zero only on the terminal step in EAGLE)
 * @param terminal whether {@code next} ends the episode
 * @param <S> the state type
 * @param <A> the action type
 */
public record Transition<S, A>(S state, A action, S next, double reward, boolean terminal) {

    /**
     * Creates the record, validating its components.
     *
     * @param state the state before the action
     * @param action the action taken
     * @param next the state after the action
     * @param reward the reward of this step (non-zero only on the terminal step in EAGLE)
     * @param terminal whether {@code next} ends the episode
     * @throws IllegalArgumentException if a component is invalid; the message names it
     */
    public Transition {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(next, "next");
        if (Double.isNaN(reward)) {
            throw new IllegalArgumentException("transition: reward is NaN");
        }
    }
}
