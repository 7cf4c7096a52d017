package dev.eaglelm.examples.bench;

import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.EmbeddingView;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An environment that costs (almost) nothing, for measuring the trainer's own overhead: states are indices
 * into a pool of precomputed d-dimensional vectors, each state offers k actions that lead to other pool
 * entries, and the terminal reward is a precomputed number. Everything an {@link EmbeddingView} returns is
 * precomputed too, so that a benchmark step spends its time in the agent, the reference policy and the
 * trainer, not in the environment.
 */
public final class BenchEnvironment implements Environment<BenchEnvironment.Node, Integer>,
        EmbeddingView<BenchEnvironment.Node, Integer> {

    /**
     * A state: a pool index and the step.
     *
     * @param index the pool entry
     * @param step the actions taken so far
     */
    public record Node(int index, int step) {
    }

    private static final int POOL = 512;

    private final int dimension;
    private final int actions;
    private final int horizon;
    private final double[][] vectors;
    private final double[] rewards;
    private final int[][] successors;
    private final List<List<Integer>> actionLists = new ArrayList<>();

    /**
     * Creates the environment.
     *
     * @param dimension d
     * @param actions k, the actions per state
     * @param horizon H
     * @param seed seeds the pool
     */
    public BenchEnvironment(int dimension, int actions, int horizon, long seed) {
        this.dimension = dimension;
        this.actions = actions;
        this.horizon = horizon;
        SplittableRandom rng = new SplittableRandom(seed);
        vectors = new double[POOL][dimension];
        rewards = new double[POOL];
        successors = new int[POOL][actions];
        double sd = 1 / Math.sqrt(dimension);
        for (int i = 0; i < POOL; i++) {
            for (int j = 0; j < dimension; j++) {
                vectors[i][j] = sd * rng.nextGaussian();
            }
            rewards[i] = rng.nextDouble();
            for (int a = 0; a < actions; a++) {
                successors[i][a] = rng.nextInt(POOL);
            }
        }
        for (int a = 0; a < actions; a++) {
            List<Integer> l = new ArrayList<>();
            for (int i = 0; i < actions; i++) {
                l.add(i);
            }
            actionLists.add(List.copyOf(l));
        }
    }

    @Override
    public Node reset(long seed) {
        return new Node((int) Math.floorMod(seed, (long) POOL), 0);
    }

    @Override
    public List<Integer> actions(Node state) {
        return actionLists.get(0);
    }

    @Override
    public Transition<Node, Integer> step(Node state, Integer action) {
        Node next = new Node(successors[state.index()][action], state.step() + 1);
        boolean terminal = next.step() == horizon;
        return new Transition<>(state, action, next, terminal ? rewards[next.index()] : 0, terminal);
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public double terminalReward(Node state) {
        return rewards[state.index()];
    }

    @Override
    public int stateDimension() {
        return dimension;
    }

    @Override
    public int actionDimension() {
        return dimension;
    }

    @Override
    public boolean providesNextStates() {
        return true;
    }

    @Override
    public EmbeddedState embed(Node state, List<Integer> as) {
        double[][] a = new double[as.size()][];
        double[][] n = new double[as.size()][];
        for (int i = 0; i < a.length; i++) {
            int next = successors[state.index()][as.get(i)];
            a[i] = vectors[(next + 1) % POOL]; // an "action text" embedding
            n[i] = vectors[next];
        }
        return new EmbeddedState(vectors[state.index()], a, n, horizon - state.step());
    }

    @Override
    public String id() {
        return "bench/1[d=" + dimension + ", k=" + actions + "]";
    }
}
