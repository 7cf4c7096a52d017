package dev.eaglelm.core.policy;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Agent;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A mixture of policies over the same action set, q = &Sigma;<sub>i</sub> w<sub>i</sub> q<sub>i</sub>: for
 * example a design reference smoothed with the uniform policy, or an optimistic policy mixed with a
 * G-optimal one (the paper trains one agent per reference; mixtures interpolate between them).
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class MixturePolicy<S, A> implements Agent<S, A> {

    private final List<Agent<S, A>> components;
    private final double[] weights;
    private final String name;

    /**
     * Creates a mixture.
     *
     * @param components the policies, at least one
     * @param weights one non-negative weight per policy, with a positive sum (normalised here)
     * @param name a name for reports
     * @throws IllegalArgumentException if the lists differ in length, a weight is negative or not finite,
     *     or all are zero
     */
    public MixturePolicy(List<? extends Agent<S, A>> components, double[] weights, String name) {
        this.components = List.copyOf(components);
        this.name = Objects.requireNonNull(name, "name");
        if (this.components.isEmpty()) {
            throw new IllegalArgumentException("mixture policy: no components");
        }
        if (weights.length != this.components.size()) {
            throw new IllegalArgumentException("mixture policy: " + this.components.size() + " policies but "
                    + weights.length + " weights");
        }
        this.weights = ActionDistribution.proportionalTo(weights).probabilities();
    }

    @Override
    public ActionDistribution distribution(S state, List<A> actions) {
        double[] q = new double[actions.size()];
        for (int c = 0; c < components.size(); c++) {
            if (weights[c] == 0) {
                continue;
            }
            ActionDistribution d = components.get(c).distribution(state, actions);
            if (d.size() != q.length) {
                throw new IllegalStateException("mixture policy: component " + components.get(c).name() + " gave "
                        + d.size() + " probabilities for " + q.length + " actions");
            }
            for (int i = 0; i < q.length; i++) {
                q[i] += weights[c] * d.probability(i);
            }
        }
        return ActionDistribution.proportionalTo(q);
    }

    /**
     * Returns the normalised mixture weights.
     *
     * @return a copy of the weights
     */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * Returns the components.
     *
     * @return the policies, in order
     */
    public List<Agent<S, A>> components() {
        return components;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "MixturePolicy[" + name + ", weights=" + Arrays.toString(weights) + "]";
    }
}
