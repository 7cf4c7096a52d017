package dev.eaglelm.core.search;

import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Episode;
import dev.eaglelm.core.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleBiFunction;

/**
 * Exact answers for environments with deterministic transitions, by enumerating every action sequence
 * from a state to the horizon: the optimal return and path, an agent's exact expected return, the exact
 * distribution of its return, and exact expectations of per-state quantities (such as the KL to a
 * reference policy) along its trajectories.
 *
 * <p>These are ground truths for tests and small benchmarks, for any {@link Environment} including
 * wrappers such as {@link dev.eaglelm.core.select.ActionSetEnvironment} (where
 * {@code LinearEmbeddingEnvironment.optimalPlan} would ignore the reduction). The cost is the number of
 * leaves, &prod;<sub>t</sub> |A(x<sub>t</sub>)|, capped by {@code maxLeaves}. With stochastic transitions
 * the answers describe one sampled tree, not expectations.
 */
public final class ExhaustiveSearch {

    /** Default cap on the number of leaves enumerated. */
    public static final long DEFAULT_MAX_LEAVES = 5_000_000L;

    private ExhaustiveSearch() {
    }

    /**
     * Finds the best action sequence from a state.
     *
     * @param environment a deterministic environment
     * @param start a non-terminal state
     * @param <S> the state type
     * @param <A> the action type
     * @return the best path (ties: the first in action order) and its return
     * @throws IllegalStateException if there are more than {@link #DEFAULT_MAX_LEAVES} leaves
     */
    public static <S, A> SearchResult<S, A> optimum(Environment<S, A> environment, S start) {
        return optimum(environment, start, DEFAULT_MAX_LEAVES);
    }

    /**
     * Finds the best action sequence from a state, with a cap on the work.
     *
     * @param environment a deterministic environment
     * @param start a non-terminal state
     * @param maxLeaves the most leaves to enumerate
     * @param <S> the state type
     * @param <A> the action type
     * @return the best path and its return
     * @throws IllegalStateException if there are more than {@code maxLeaves} leaves
     */
    public static <S, A> SearchResult<S, A> optimum(Environment<S, A> environment, S start, long maxLeaves) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(start, "start");
        Best<S, A> best = new Best<>();
        long[] counters = new long[2];
        best(environment, Node.root(start, 0), best, counters, maxLeaves);
        return new SearchResult<>(new Episode<>(0, "exhaustive", start, best.node.path), best.node.pathReturn,
                counters[1]);
    }

    private static final class Best<S, A> {
        Node<S, A> node;
    }

    private static <S, A> void best(Environment<S, A> env, Node<S, A> node, Best<S, A> best, long[] counters,
            long maxLeaves) {
        if (node.terminal) {
            if (++counters[0] > maxLeaves) {
                throw new IllegalStateException("exhaustive search: more than " + maxLeaves + " leaves");
            }
            if (best.node == null || node.pathReturn > best.node.pathReturn) {
                best.node = node;
            }
            return;
        }
        if (node.path.size() >= env.horizon()) {
            throw new IllegalStateException("exhaustive search: environment did not end within its horizon "
                    + env.horizon());
        }
        for (A a : env.actions(node.state)) {
            counters[1]++;
            best(env, node.child(env.step(node.state, a), 0), best, counters, maxLeaves);
        }
    }

    /**
     * Computes an agent's exact expected return from a state.
     *
     * @param environment a deterministic environment
     * @param start a non-terminal state
     * @param agent the agent
     * @param <S> the state type
     * @param <A> the action type
     * @return E<sub>&pi;</sub>[return]
     */
    public static <S, A> double expectedReturn(Environment<S, A> environment, S start, Agent<S, A> agent) {
        double[] acc = new double[3];
        walk(environment, Node.root(start, 0), 1.0, agent, (s, acts) -> 0, acc, null);
        return acc[1];
    }

    /**
     * The exact distribution of an agent's return from a state, as (probability, return) pairs of its
     * leaves of positive probability.
     *
     * @param probabilities the probability of each leaf
     * @param returns the return of each leaf
     */
    public record ReturnDistribution(double[] probabilities, double[] returns) {

        /**
         * Creates the record, validating its components.
         *
         * @param probabilities the probability of each leaf
         * @param returns the return of each leaf
         * @throws IllegalArgumentException if the lengths differ
         */
        public ReturnDistribution {
            probabilities = probabilities.clone();
            returns = returns.clone();
            if (probabilities.length != returns.length) {
                throw new IllegalArgumentException("return distribution: " + probabilities.length
                        + " probabilities but " + returns.length + " returns");
            }
        }

        /**
         * Returns the probabilities.
         *
         * @return a copy
         */
        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }

        /**
         * Returns the returns.
         *
         * @return a copy
         */
        @Override
        public double[] returns() {
            return returns.clone();
        }

        /**
         * Returns the expected return.
         *
         * @return &Sigma; p<sub>i</sub> R<sub>i</sub>
         */
        public double mean() {
            double m = 0;
            for (int i = 0; i < returns.length; i++) {
                m += probabilities[i] * returns[i];
            }
            return m;
        }

        /**
         * Returns the variance of the return.
         *
         * @return &Sigma; p<sub>i</sub> (R<sub>i</sub> &minus; mean)&sup2;
         */
        public double variance() {
            double m = mean();
            double v = 0;
            for (int i = 0; i < returns.length; i++) {
                v += probabilities[i] * (returns[i] - m) * (returns[i] - m);
            }
            return v;
        }
    }

    /**
     * Computes the exact distribution of an agent's return from a state.
     *
     * @param environment a deterministic environment
     * @param start a non-terminal state
     * @param agent the agent
     * @param <S> the state type
     * @param <A> the action type
     * @return the leaves of positive probability with their probabilities and returns
     * @throws IllegalStateException if more than {@link #DEFAULT_MAX_LEAVES} leaves have positive probability
     */
    public static <S, A> ReturnDistribution returnDistribution(Environment<S, A> environment, S start,
            Agent<S, A> agent) {
        List<double[]> leaves = new ArrayList<>();
        walk(environment, Node.root(start, 0), 1.0, agent, (s, acts) -> 0, new double[3], leaves);
        double[] p = new double[leaves.size()];
        double[] r = new double[leaves.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = leaves.get(i)[0];
            r[i] = leaves.get(i)[1];
        }
        return new ReturnDistribution(p, r);
    }

    /**
     * Computes E<sub>&pi;</sub>[&Sigma;<sub>t</sub> f(x<sub>t</sub>, A(x<sub>t</sub>))] exactly: the expected sum
     * of a per-state quantity over the non-terminal states the agent visits, e.g. the KL of its distribution
     * to a reference policy.
     *
     * @param environment a deterministic environment
     * @param start a non-terminal state
     * @param agent the agent
     * @param perState f, evaluated at each visited non-terminal state with its action set
     * @param <S> the state type
     * @param <A> the action type
     * @return the expectation
     */
    public static <S, A> double expectedStateSum(Environment<S, A> environment, S start, Agent<S, A> agent,
            ToDoubleBiFunction<S, List<A>> perState) {
        double[] acc = new double[3];
        walk(environment, Node.root(start, 0), 1.0, agent, perState, acc, null);
        return acc[0];
    }

    /** acc[0]: expected state sum; acc[1]: expected return; acc[2]: leaves seen. Leaves are kept if asked. */
    private static <S, A> void walk(Environment<S, A> env, Node<S, A> node, double probability, Agent<S, A> agent,
            ToDoubleBiFunction<S, List<A>> perState, double[] acc, List<double[]> leaves) {
        if (node.terminal) {
            if (++acc[2] > DEFAULT_MAX_LEAVES) {
                throw new IllegalStateException("exhaustive search: more than " + DEFAULT_MAX_LEAVES + " leaves");
            }
            acc[1] += probability * node.pathReturn;
            if (leaves != null) {
                leaves.add(new double[] {probability, node.pathReturn});
            }
            return;
        }
        if (node.path.size() >= env.horizon()) {
            throw new IllegalStateException("exhaustive search: environment did not end within its horizon "
                    + env.horizon());
        }
        List<A> actions = env.actions(node.state);
        acc[0] += probability * perState.applyAsDouble(node.state, actions);
        double[] p = agent.distribution(node.state, actions).probabilities();
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                Transition<S, A> t = env.step(node.state, actions.get(i));
                walk(env, node.child(t, 0), probability * p[i], agent, perState, acc, leaves);
            }
        }
    }
}
