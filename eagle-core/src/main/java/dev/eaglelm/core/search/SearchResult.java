package dev.eaglelm.core.search;

import dev.eaglelm.core.Episode;
import java.util.Objects;

/**
 * The outcome of a search over action sequences.
 *
 * @param best the path to the best leaf found, as an episode from the start state
 * @param value the best leaf's return (its terminal utility in EAGLE)
 * @param transitions environment transitions the search took (its cost; an environment-LLM call each in
 *     a text environment)
 * @param <S> the state type
 * @param <A> the action type
 */
public record SearchResult<S, A>(Episode<S, A> best, double value, long transitions) {

    /**
     * Creates the record, validating its components.
     *
     * @param best the path to the best leaf
     * @param value the best leaf's return
     * @param transitions environment transitions taken, &ge; 0
     * @throws IllegalArgumentException if {@code transitions} is negative
     */
    public SearchResult {
        Objects.requireNonNull(best, "best");
        if (transitions < 0) {
            throw new IllegalArgumentException("search result: negative transitions " + transitions);
        }
    }
}
