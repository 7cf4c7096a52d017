package dev.eaglelm.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An exact probability distribution over a finite, ordered action set A(x).
 *
 * <p>Probability i belongs to action i of the list the distribution was computed for. Because the set
 * is finite and the probabilities are explicit, the KL divergence between a policy and a reference
 * policy (the penalty of the paper's objective, Eq. 1) is computed exactly by
 * {@link #klDivergence(ActionDistribution)}, not estimated from samples.
 *
 * <p>Instances are immutable. Probabilities are validated (finite, non-negative, summing to 1 within
 * {@value #SUM_TOLERANCE}) and renormalised to sum to 1 exactly in floating point as far as possible.
 */
public final class ActionDistribution {

    /** Tolerance on the sum of the probabilities given to {@link #of(double...)}. */
    public static final double SUM_TOLERANCE = 1e-9;

    private final double[] p;

    private ActionDistribution(double[] p) {
        this.p = p;
    }

    /**
     * Creates a distribution from probabilities.
     *
     * @param probabilities at least one non-negative finite value, summing to 1 within {@value #SUM_TOLERANCE}
     * @return the distribution
     * @throws IllegalArgumentException naming the first invalid entry, or the sum if it is off
     */
    public static ActionDistribution of(double... probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("action distribution: empty action set");
        }
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double v = probabilities[i];
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException(
                        "action distribution: probability " + i + " is " + v + ", expected a finite value >= 0");
            }
            sum += v;
        }
        if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("action distribution: probabilities sum to " + sum + ", expected 1");
        }
        double[] q = new double[probabilities.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = probabilities[i] / sum;
        }
        return new ActionDistribution(q);
    }

    /**
     * Creates a distribution proportional to non-negative weights.
     *
     * @param weights at least one non-negative finite value with a positive sum
     * @return the normalised distribution
     * @throws IllegalArgumentException if a weight is negative or not finite, or all are zero
     */
    public static ActionDistribution proportionalTo(double... weights) {
        Objects.requireNonNull(weights, "weights");
        if (weights.length == 0) {
            throw new IllegalArgumentException("action distribution: empty action set");
        }
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i]) || weights[i] < 0) {
                throw new IllegalArgumentException(
                        "action distribution: weight " + i + " is " + weights[i] + ", expected a finite value >= 0");
            }
            sum += weights[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("action distribution: all weights are zero");
        }
        double[] q = new double[weights.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = weights[i] / sum;
        }
        return new ActionDistribution(q);
    }

    /**
     * The uniform distribution over n actions.
     *
     * @param n the number of actions, at least 1
     * @return the uniform distribution
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static ActionDistribution uniform(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("action distribution: uniform over " + n + " actions; need at least 1");
        }
        double[] q = new double[n];
        Arrays.fill(q, 1.0 / n);
        return new ActionDistribution(q);
    }

    /**
     * The softmax of scores at a temperature: p<sub>i</sub> &prop; exp(s<sub>i</sub> / T), computed stably.
     *
     * @param scores at least one finite score
     * @param temperature a finite temperature &gt; 0
     * @return the distribution
     * @throws IllegalArgumentException if a score is not finite or the temperature is not positive
     */
    public static ActionDistribution softmax(double[] scores, double temperature) {
        Objects.requireNonNull(scores, "scores");
        if (scores.length == 0) {
            throw new IllegalArgumentException("softmax: empty action set");
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("softmax: temperature must be finite and > 0, got " + temperature);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("softmax: score " + i + " is " + scores[i]);
            }
            max = Math.max(max, scores[i]);
        }
        double[] q = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < q.length; i++) {
            q[i] = Math.exp((scores[i] - max) / temperature);
            sum += q[i];
        }
        for (int i = 0; i < q.length; i++) {
            q[i] /= sum;
        }
        return new ActionDistribution(q);
    }

    /**
     * The uniform distribution over the maximisers of {@code scores} (ties within {@code tolerance}
     * share the mass equally): the greedy, or "optimistic", policy.
     *
     * @param scores at least one finite score
     * @param tolerance scores within this distance of the maximum count as ties, &ge; 0
     * @return the distribution
     * @throws IllegalArgumentException if a score is not finite or the tolerance is negative
     */
    public static ActionDistribution argmax(double[] scores, double tolerance) {
        Objects.requireNonNull(scores, "scores");
        if (scores.length == 0) {
            throw new IllegalArgumentException("argmax: empty action set");
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("argmax: tolerance must be >= 0, got " + tolerance);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("argmax: score " + i + " is " + scores[i]);
            }
            max = Math.max(max, scores[i]);
        }
        double[] w = new double[scores.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = scores[i] >= max - tolerance ? 1.0 : 0.0;
        }
        return proportionalTo(w);
    }

    /**
     * The mixture {@code (1 - beta) * first + beta * second} over the same action set.
     *
     * @param first the first distribution
     * @param second the second distribution, of the same size
     * @param beta the weight of {@code second}, in [0, 1]
     * @return the mixture
     * @throws IllegalArgumentException if the sizes differ or {@code beta} is outside [0, 1]
     */
    public static ActionDistribution mixture(ActionDistribution first, ActionDistribution second, double beta) {
        if (first.size() != second.size()) {
            throw new IllegalArgumentException(
                    "mixture: distributions over " + first.size() + " and " + second.size() + " actions");
        }
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("mixture: beta must be in [0, 1], got " + beta);
        }
        double[] q = new double[first.size()];
        for (int i = 0; i < q.length; i++) {
            q[i] = (1 - beta) * first.p[i] + beta * second.p[i];
        }
        return proportionalTo(q);
    }

    /**
     * Returns the number of actions.
     *
     * @return the size of the action set
     */
    public int size() {
        return p.length;
    }

    /**
     * Returns the probability of action i.
     *
     * @param i an index in {@code [0, size())}
     * @return its probability
     * @throws IndexOutOfBoundsException if i is out of range
     */
    public double probability(int i) {
        return p[i];
    }

    /**
     * Returns all probabilities.
     *
     * @return a copy of the probabilities, in action order
     */
    public double[] probabilities() {
        return p.clone();
    }

    /**
     * Samples an action index by inversion.
     *
     * @param rng the random source; one {@code nextDouble()} is drawn
     * @return an index with positive probability
     */
    public int sample(RandomGenerator rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                cumulative += p[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last; // rounding: u fell in the last sliver
    }

    /**
     * Returns the index of the most probable action (the smallest index among ties).
     *
     * @return the mode
     */
    public int mode() {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Returns the Shannon entropy in nats, &minus;&Sigma; p<sub>i</sub> ln p<sub>i</sub>.
     *
     * @return the entropy, in [0, ln size()]
     */
    public double entropy() {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }

    /**
     * Returns the exact KL divergence KL(this &Vert; reference) = &Sigma; p<sub>i</sub> ln(p<sub>i</sub> / q<sub>i</sub>)
     * in nats.
     *
     * @param reference the reference distribution q over the same action set
     * @return the divergence, &ge; 0; {@code +Infinity} if this puts mass where the reference has none
     * @throws IllegalArgumentException if the sizes differ
     */
    public double klDivergence(ActionDistribution reference) {
        if (reference.size() != size()) {
            throw new IllegalArgumentException(
                    "KL divergence: distributions over " + size() + " and " + reference.size() + " actions");
        }
        double kl = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                if (reference.p[i] == 0) {
                    return Double.POSITIVE_INFINITY;
                }
                kl += p[i] * Math.log(p[i] / reference.p[i]);
            }
        }
        return Math.max(0, kl);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionDistribution other && Arrays.equals(p, other.p);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(p);
    }

    @Override
    public String toString() {
        return "ActionDistribution" + Arrays.toString(p);
    }
}
