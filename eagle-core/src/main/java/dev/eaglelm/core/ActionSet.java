package dev.eaglelm.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The result of an {@link ActionSetSelector}: the k actions kept from the candidates, where they came
 * from, and design weights over them.
 *
 * <p>The weights sum to 1 and are the reference policy &pi;<sub>ref</sub>(a | x) that the selector
 * recommends over the kept actions (uniform for a random subset; the optimal-design weights for the
 * G-optimal selector).
 *
 * @param <A> the action type
 */
public final class ActionSet<A> {

    private final List<A> actions;
    private final int[] indices;
    private final ActionDistribution weights;
    private final String selector;

    /**
     * Creates an action set.
     *
     * @param actions the kept actions, non-empty
     * @param indices for each kept action, its index in the candidate list; distinct and non-negative
     * @param weights the reference distribution over the kept actions, of the same size
     * @param selector the name of the selector that made the set, for provenance
     * @throws IllegalArgumentException if the sizes differ or an index is negative or repeated
     */
    public ActionSet(List<A> actions, int[] indices, ActionDistribution weights, String selector) {
        this.actions = List.copyOf(actions);
        this.indices = indices.clone();
        this.weights = Objects.requireNonNull(weights, "weights");
        this.selector = Objects.requireNonNull(selector, "selector");
        if (this.actions.isEmpty()) {
            throw new IllegalArgumentException("action set: no actions");
        }
        if (this.indices.length != this.actions.size() || weights.size() != this.actions.size()) {
            throw new IllegalArgumentException("action set: " + this.actions.size() + " actions, "
                    + this.indices.length + " indices and " + weights.size() + " weights; sizes must agree");
        }
        int[] sorted = this.indices.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || (i > 0 && sorted[i] == sorted[i - 1])) {
                throw new IllegalArgumentException("action set: candidate index " + sorted[i]
                        + (sorted[i] < 0 ? " is negative" : " is repeated"));
            }
        }
    }

    /**
     * Returns the kept actions.
     *
     * @return an immutable list of size k
     */
    public List<A> actions() {
        return actions;
    }

    /**
     * Returns, for each kept action, its index in the candidate list given to the selector.
     *
     * @return a copy of the indices
     */
    public int[] indices() {
        return indices.clone();
    }

    /**
     * Returns the design weights over the kept actions: the recommended reference policy.
     *
     * @return the weights as a distribution
     */
    public ActionDistribution weights() {
        return weights;
    }

    /**
     * Returns the name of the selector that made this set.
     *
     * @return the selector's name
     */
    public String selector() {
        return selector;
    }

    /**
     * Returns the number of kept actions.
     *
     * @return k
     */
    public int size() {
        return actions.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionSet<?> other && actions.equals(other.actions)
                && Arrays.equals(indices, other.indices) && weights.equals(other.weights)
                && selector.equals(other.selector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(actions, Arrays.hashCode(indices), weights, selector);
    }

    @Override
    public String toString() {
        return "ActionSet[" + selector + ", indices=" + Arrays.toString(indices) + ", " + weights + "]";
    }
}
