package dev.eaglelm.core.search;

import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Episode;
import dev.eaglelm.core.eval.EpisodeStrategy;
import dev.eaglelm.core.rollout.BoundedParallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Beam search over action sequences, scored by the utility: an inference-time alternative to sampling
 * from a policy (the paper's Amazon appendix uses a search of this family, PAPER.md &sect;9).
 *
 * <p>At each depth every state in the beam is expanded with its actions (all of A(x), or the
 * {@code branching} most probable under a prior policy), each child is scored by {@code score} (by default
 * the utility of the intermediate state, {@link Environment#terminalReward}), and the {@code width} best
 * children form the next beam. At the horizon the child with the highest return wins. Cost: at most
 * width &middot; |A(x)| transitions per depth. Expansions run {@code parallelism} at a time; the result does
 * not depend on it (ties are broken by generation order). Width 1 with utility scoring is the
 * one-step-greedy policy; infinite width is {@link ExhaustiveSearch}.
 *
 * <pre>{@code
 * BeamSearch<State, Move> beam = BeamSearch.<State, Move>builder().width(4).build();
 * SearchResult<State, Move> r = beam.search(env, env.reset(7));
 * }</pre>
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class BeamSearch<S, A> implements EpisodeStrategy<S, A> {

    private final int width;
    private final int branching;
    private final Agent<S, A> prior;
    private final ToDoubleFunction<S> score;
    private final int parallelism;

    private BeamSearch(Builder<S, A> b) {
        this.width = b.width;
        this.branching = b.branching;
        this.prior = b.prior;
        this.score = b.score;
        this.parallelism = b.parallelism;
    }

    /**
     * Starts a builder.
     *
     * @param <S> the state type
     * @param <A> the action type
     * @return a new builder (width 4, all actions, utility scoring, sequential)
     */
    public static <S, A> Builder<S, A> builder() {
        return new Builder<>();
    }

    /**
     * Searches from a state.
     *
     * @param environment the environment
     * @param start a non-terminal state
     * @return the best path found, its return and the transitions taken
     */
    public SearchResult<S, A> search(Environment<S, A> environment, S start) {
        return search(environment, start, 0);
    }

    private SearchResult<S, A> search(Environment<S, A> env, S start, long seed) {
        Objects.requireNonNull(env, "environment");
        List<Node<S, A>> beam = List.of(Node.root(start, 0));
        Node<S, A> best = null;
        long transitions = 0;
        ToDoubleFunction<S> scorer = score != null ? score : env::terminalReward;
        for (int depth = 0; !beam.isEmpty(); depth++) {
            if (depth >= env.horizon()) {
                throw new IllegalStateException("beam search: environment did not end within its horizon "
                        + env.horizon());
            }
            List<Node<S, A>> parents = new ArrayList<>();
            List<A> chosen = new ArrayList<>();
            for (Node<S, A> node : beam) {
                List<A> actions = env.actions(node.state);
                for (int i : expand(node.state, actions)) {
                    parents.add(node);
                    chosen.add(actions.get(i));
                }
            }
            List<Node<S, A>> children = BoundedParallel.map(parents.size(), parallelism,
                    i -> parents.get(i).child(env.step(parents.get(i).state, chosen.get(i)), 0));
            transitions += children.size();
            List<Node<S, A>> open = new ArrayList<>();
            for (Node<S, A> c : children) {
                if (c.terminal) {
                    if (best == null || c.pathReturn > best.pathReturn) {
                        best = c;
                    }
                } else {
                    open.add(c);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            List<Double> scores = BoundedParallel.map(open.size(), parallelism,
                    i -> scorer.applyAsDouble(open.get(i).state));
            Integer[] order = new Integer[open.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores.get(i))); // stable
            List<Node<S, A>> next = new ArrayList<>(Math.min(width, order.length));
            for (int i = 0; i < Math.min(width, order.length); i++) {
                next.add(open.get(order[i]));
            }
            beam = next;
        }
        if (best == null) {
            throw new IllegalStateException("beam search: no terminal state reached");
        }
        return new SearchResult<>(new Episode<>(seed, name(), start, best.path), best.pathReturn, transitions);
    }

    private int[] expand(S state, List<A> actions) {
        int k = actions.size();
        if (branching <= 0 || branching >= k) {
            int[] all = new int[k];
            for (int i = 0; i < k; i++) {
                all[i] = i;
            }
            return all;
        }
        double[] p = prior.distribution(state, actions).probabilities();
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]));
        int[] out = new int[branching];
        for (int i = 0; i < branching; i++) {
            out[i] = order[i];
        }
        Arrays.sort(out);
        return out;
    }

    @Override
    public Episode<S, A> run(Environment<S, A> environment, long seed) {
        return search(environment, environment.reset(seed), seed).best();
    }

    @Override
    public String name() {
        return "beam(" + width + (branching > 0 ? "," + branching : "") + ")";
    }

    @Override
    public String toString() {
        return "BeamSearch[width=" + width + ", branching=" + (branching > 0 ? branching : "all") + "]";
    }

    /**
     * Builder for {@link BeamSearch}.
     *
     * @param <S> the state type
     * @param <A> the action type
     */
    public static final class Builder<S, A> {
        private int width = 4;
        private int branching;
        private Agent<S, A> prior;
        private ToDoubleFunction<S> score;
        private int parallelism = 1;

        private Builder() {
        }

        /**
         * Sets the beam width.
         *
         * @param w &ge; 1 (default 4)
         * @return this builder
         */
        public Builder<S, A> width(int w) {
            this.width = w;
            return this;
        }

        /**
         * Expands only the {@code b} actions most probable under a prior policy.
         *
         * @param b &ge; 1
         * @param priorPolicy the prior (e.g. a trained agent or a reference policy)
         * @return this builder
         */
        public Builder<S, A> branching(int b, Agent<S, A> priorPolicy) {
            this.branching = b;
            this.prior = priorPolicy;
            return this;
        }

        /**
         * Sets how intermediate states are ranked (default: their utility).
         *
         * @param f higher is better, e.g. a value estimate
         * @return this builder
         */
        public Builder<S, A> score(ToDoubleFunction<S> f) {
            this.score = f;
            return this;
        }

        /**
         * Sets the most transitions computed at once.
         *
         * @param p &ge; 1 (default 1)
         * @return this builder
         */
        public Builder<S, A> parallelism(int p) {
            this.parallelism = p;
            return this;
        }

        /**
         * Builds the search.
         *
         * @return the search
         * @throws IllegalArgumentException naming every invalid setting
         */
        public BeamSearch<S, A> build() {
            List<String> p = new ArrayList<>();
            if (width < 1) {
                p.add("width must be >= 1, got " + width);
            }
            if (branching < 0 || (branching > 0 && prior == null)) {
                p.add("branching must be >= 1 with a prior policy, got " + branching);
            }
            if (parallelism < 1) {
                p.add("parallelism must be >= 1, got " + parallelism);
            }
            if (!p.isEmpty()) {
                throw new IllegalArgumentException("beam search: " + String.join("; ", p));
            }
            return new BeamSearch<>(this);
        }
    }
}
