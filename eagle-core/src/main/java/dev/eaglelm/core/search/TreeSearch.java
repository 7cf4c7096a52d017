package dev.eaglelm.core.search;

import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Episode;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.eval.EpisodeStrategy;
import dev.eaglelm.core.rollout.BoundedParallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The paper's tree-search variant (App. I, arXiv v2; PAPER.md &sect;9): sample a tree of depth H whose
 * branches at each node are {@code branching} distinct actions drawn from a prior policy (the paper draws
 * them from a G-optimal design, i.e. the design reference policy), and return the leaf with the best
 * utility. No training is needed. Cost: branching + branching&sup2; + &hellip; + branching<sup>H</sup>
 * transitions. With {@code branching} &ge; |A(x)| every action is expanded and the search is exhaustive.
 *
 * <p>The actions of a node are drawn without replacement (Gumbel top-k) from a generator seeded by the
 * search seed and the node's path, so the tree is a function of the seed; expansions run
 * {@code parallelism} at a time without changing the result.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class TreeSearch<S, A> implements EpisodeStrategy<S, A> {

    private final int branching;
    private final Agent<S, A> prior;
    private final int parallelism;

    /**
     * Creates a tree search.
     *
     * @param branching the actions expanded per node, &ge; 1
     * @param prior the policy the branches are drawn from, e.g. the design reference policy
     * @param parallelism the most transitions computed at once, &ge; 1
     * @throws IllegalArgumentException if a count is below 1
     */
    public TreeSearch(int branching, Agent<S, A> prior, int parallelism) {
        if (branching < 1) {
            throw new IllegalArgumentException("tree search: branching must be >= 1, got " + branching);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("tree search: parallelism must be >= 1, got " + parallelism);
        }
        this.branching = branching;
        this.prior = Objects.requireNonNull(prior, "prior");
        this.parallelism = parallelism;
    }

    /**
     * Creates a tree search with uniformly drawn branches, run sequentially.
     *
     * @param branching the actions expanded per node, &ge; 1
     */
    public TreeSearch(int branching) {
        this(branching, new UniformAgent<>(), 1);
    }

    /**
     * Searches from a state.
     *
     * @param environment the environment
     * @param start a non-terminal state
     * @param seed seeds the draws of the branches
     * @return the best leaf found, its return and the transitions taken
     */
    public SearchResult<S, A> search(Environment<S, A> environment, S start, long seed) {
        List<Node<S, A>> level = List.of(Node.root(start, Seeds.derive(seed, "tree-search")));
        Node<S, A> best = null;
        long transitions = 0;
        for (int depth = 0; !level.isEmpty(); depth++) {
            if (depth >= environment.horizon()) {
                throw new IllegalStateException("tree search: environment did not end within its horizon "
                        + environment.horizon());
            }
            List<Node<S, A>> parents = new ArrayList<>();
            List<Integer> chosen = new ArrayList<>();
            List<List<A>> actionSets = new ArrayList<>();
            for (Node<S, A> node : level) {
                List<A> actions = environment.actions(node.state);
                for (int i : draw(node, actions)) {
                    parents.add(node);
                    chosen.add(i);
                    actionSets.add(actions);
                }
            }
            List<Node<S, A>> children = BoundedParallel.map(parents.size(), parallelism, i -> {
                Node<S, A> p = parents.get(i);
                int a = chosen.get(i);
                return p.child(environment.step(p.state, actionSets.get(i).get(a)), Seeds.mix(p.key, a));
            });
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
            level = open;
        }
        if (best == null) {
            throw new IllegalStateException("tree search: no terminal state reached");
        }
        return new SearchResult<>(new Episode<>(seed, name(), start, best.path), best.pathReturn, transitions);
    }

    private int[] draw(Node<S, A> node, List<A> actions) {
        int k = actions.size();
        if (branching >= k) {
            int[] all = new int[k];
            for (int i = 0; i < k; i++) {
                all[i] = i;
            }
            return all;
        }
        double[] p = prior.distribution(node.state, actions).probabilities();
        SplittableRandom rng = new SplittableRandom(node.key);
        double[] keys = new double[k];
        int positive = 0;
        for (int i = 0; i < k; i++) {
            double u = rng.nextDouble();
            if (p[i] > 0) {
                keys[i] = StrictMath.log(p[i]) - StrictMath.log(-StrictMath.log(Math.max(u, Double.MIN_VALUE)));
                positive++;
            } else {
                keys[i] = Double.NEGATIVE_INFINITY;
            }
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -keys[i]));
        int[] out = new int[Math.min(branching, positive)];
        for (int i = 0; i < out.length; i++) {
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
        return "tree(" + branching + "," + prior.name() + ")";
    }

    @Override
    public String toString() {
        return "TreeSearch[branching=" + branching + ", prior=" + prior.name() + "]";
    }
}
