package dev.eaglelm.core.env;

import dev.eaglelm.core.Agent;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.EmbeddingView;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.Utility;
import dev.eaglelm.core.util.NdArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A synthetic EAGLE environment in which the state is a latent vector z &isin; R<sup>d</sup> and an action
 * moves it by a vector: z' = z + &delta;<sub>a</sub>.
 *
 * <p>It keeps the features of the text MDP that matter to agents and trainers, and drops the LLM:
 * <ul>
 *   <li>actions are <em>state-dependent</em>: each state gets its own K actions, drawn from a generator seeded
 *       by the state (the same state always gets the same actions);</li>
 *   <li>the reward is zero until the horizon H and then a {@link Utility} of z<sub>H</sub>;</li>
 *   <li>the next-state embedding of each action is known ({@link #nextStateEmbeddings}), as the
 *       G-optimal action-set selector needs.</li>
 * </ul>
 * Transitions are deterministic, so the optimal H-step return is the best utility over the K<sup>H</sup>
 * leaves of the action tree: {@link #optimalPlan} computes it exactly by enumeration, and
 * {@link #expectedReturn} computes any agent's exact expected return. These are the ground truth for
 * training tests.
 *
 * <p>By default the start state is z<sub>0</sub> ~ N(0, (startScale&sup2;/d) I) and action vectors are
 * &delta; ~ N(0, (actionScale&sup2;/d) I), so their norms are about {@code startScale} and
 * {@code actionScale}. Both can be replaced ({@link Builder#start(double[])},
 * {@link Builder#actionGenerator(ActionGenerator)}) to build hand-checkable cases.
 *
 * <p><b>Anchors.</b> By default every {@link #reset(long) reset} draws a fresh start state, and each state's
 * actions are drawn at random from a seed derived from its path. {@link #optimalPlan} is then a
 * <em>hindsight</em> optimum: it knows the random action sets of every future state. A reactive policy,
 * which sees only the current state and its actions, cannot know the action sets of states it has never
 * visited, so on fresh start states no policy reaches that optimum, however well trained. The paper trains
 * and evaluates on a fixed set D of existing entities (the <em>anchors</em>, e.g. the movies of MovieLens),
 * so {@link Builder#anchors(int)} offers the same protocol: {@code reset(seed)} then draws one of a finite
 * pool of fixed anchor states ({@link #anchors()}), each with its fixed action tree, and the exact optimum
 * over the pool is the right ground truth for a learned policy: a policy that has learned those trees can
 * reach it. This measures how well training optimises, not how well a policy generalises to unseen
 * anchors; without anchors the environment behaves exactly as before.
 *
 * <p>The environment is also its own {@link EmbeddingView}: the state embedding is z, the embedding of a
 * move is its displacement &delta;, and its next-state embedding is z + &delta;.
 *
 * <pre>{@code
 * LinearEmbeddingEnvironment env = LinearEmbeddingEnvironment.builder()
 *     .dimension(4).actionsPerState(5).horizon(3)
 *     .utility(new GaussianUtility(new double[] {1, 1, 0, 0}, 1.0))
 *     .seed(42)
 *     .build();
 * LinearEmbeddingEnvironment.State s0 = env.reset(7);
 * double best = env.optimalPlan(s0).value();
 * }</pre>
 */
public final class LinearEmbeddingEnvironment implements Environment<LinearEmbeddingEnvironment.State,
        LinearEmbeddingEnvironment.Move>, EmbeddingView<LinearEmbeddingEnvironment.State,
        LinearEmbeddingEnvironment.Move> {

    /** Default cap on the leaves {@link #optimalPlan} and {@link #expectedReturn} may enumerate. */
    public static final long DEFAULT_MAX_LEAVES = 20_000_000L;

    private static final int SCORE_CHUNK = 8192;

    private final int dimension;
    private final int actionsPerState;
    private final int horizon;
    private final double startScale;
    private final double actionScale;
    private final double[] fixedStart;
    private final ActionGenerator actionGenerator;
    private final Utility utility;
    private final long seed;
    private final EmbeddingMap<State> embedding;
    private final List<State> anchors;

    private LinearEmbeddingEnvironment(Builder b) {
        this.dimension = b.dimension;
        this.actionsPerState = b.actionsPerState;
        this.horizon = b.horizon;
        this.startScale = b.startScale;
        this.actionScale = b.actionScale;
        this.fixedStart = b.start;
        this.actionGenerator = b.actionGenerator != null ? b.actionGenerator : this::gaussianActions;
        this.utility = b.utility;
        this.seed = b.seed;
        this.embedding = new StateEmbedding(dimension);
        List<State> pool = new ArrayList<>(b.anchors);
        long anchorSeed = Seeds.derive(seed, "anchors");
        for (int i = 0; i < b.anchors; i++) {
            pool.add(startState(Seeds.mix(anchorSeed, i)));
        }
        this.anchors = List.copyOf(pool);
        NdArrays.requireBackend();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A state: the latent vector z, the step index t and a key that identifies the path from the start
     * state (it seeds the state's action set).
     *
     * @param z the latent vector (copied; never modified)
     * @param step the number of actions taken so far, in [0, H]
     * @param key identifies the state's path; seeds its action set
     */
    public record State(double[] z, int step, long key) {

        /**
         * Creates the record, validating its components.
         *
         * @param z the latent vector (copied; never modified)
         * @param step the number of actions taken so far, in [0, H]
         * @param key identifies the state's path; seeds its action set /
         * @throws IllegalArgumentException if a component is invalid; the message names it
         */
        public State {
            z = z.clone();
            if (z.length == 0) {
                throw new IllegalArgumentException("state: empty vector");
            }
            for (int j = 0; j < z.length; j++) {
                if (!Double.isFinite(z[j])) {
                    throw new IllegalArgumentException("state: element " + j + " is " + z[j]);
                }
            }
            if (step < 0) {
                throw new IllegalArgumentException("state: negative step " + step);
            }
        }

        /**
         * Returns the latent vector.
         *
         * @return a copy of z
         */
        @Override
        public double[] z() {
            return z.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State other && step == other.step && key == other.key && Arrays.equals(z, other.z);
        }

        @Override
        public int hashCode() {
            return (31 * Arrays.hashCode(z) + step) * 31 + Long.hashCode(key);
        }

        @Override
        public String toString() {
            return "State[t=" + step + ", z=" + Arrays.toString(z) + "]";
        }
    }

    /**
     * An action: move the state by {@code delta}. It belongs to the state whose key it carries.
     *
     * @param stateKey the key of the state whose action set holds this move
     * @param index the move's position in that action set
     * @param delta the displacement (copied; never modified)
     */
    public record Move(long stateKey, int index, double[] delta) {

        /**
         * Creates the record, validating its components.
         *
         * @param stateKey the key of the state whose action set holds this move
         * @param index the move's position in that action set
         * @param delta the displacement (copied; never modified) /
         * @throws IllegalArgumentException if a component is invalid; the message names it
         */
        public Move {
            delta = delta.clone();
            if (delta.length == 0) {
                throw new IllegalArgumentException("move: empty vector");
            }
            for (int j = 0; j < delta.length; j++) {
                if (!Double.isFinite(delta[j])) {
                    throw new IllegalArgumentException("move " + index + ": element " + j + " is " + delta[j]);
                }
            }
            if (index < 0) {
                throw new IllegalArgumentException("move: negative index " + index);
            }
        }

        /**
         * Returns the displacement.
         *
         * @return a copy of delta
         */
        @Override
        public double[] delta() {
            return delta.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Move other && stateKey == other.stateKey && index == other.index
                    && Arrays.equals(delta, other.delta);
        }

        @Override
        public int hashCode() {
            return (31 * Long.hashCode(stateKey) + index) * 31 + Arrays.hashCode(delta);
        }

        @Override
        public String toString() {
            return "Move[" + index + ", delta=" + Arrays.toString(delta) + "]";
        }
    }

    /**
     * Generates the displacement vectors of a state's action set.
     */
    @FunctionalInterface
    public interface ActionGenerator {

        /**
         * Generates the actions of a state.
         *
         * @param state the state
         * @param rng a generator seeded by the environment seed and the state's key (use it for all
         *     randomness, so that the same state always gets the same actions)
         * @return at least one displacement vector, each of the environment's dimension
         */
        double[][] actions(State state, RandomGenerator rng);
    }

    /**
     * The optimal action sequence from a state and its return.
     *
     * @param value the best terminal utility reachable
     * @param actionIndices the indices (into each visited state's action set) of an optimal sequence
     */
    public record Plan(double value, List<Integer> actionIndices) {

        /**
         * Creates the record, validating its components.
         *
         * @param value the best terminal utility reachable
         * @param actionIndices the indices (into each visited state's action set) of an optimal sequence /
         */
        public Plan {
            actionIndices = List.copyOf(actionIndices);
        }
    }

    /**
     * Draws a start state. Without anchors it is a fresh state derived from the environment seed and
     * {@code episodeSeed}; with {@link Builder#anchors(int) anchors} it is one of {@link #anchors()}, chosen
     * uniformly at random by {@code episodeSeed}.
     *
     * @param episodeSeed selects the start state
     * @return the start state, at step 0
     */
    @Override
    public State reset(long episodeSeed) {
        long key = Seeds.mix(seed, episodeSeed);
        if (!anchors.isEmpty()) {
            return anchors.get(new SplittableRandom(Seeds.derive(key, "anchor")).nextInt(anchors.size()));
        }
        return startState(key);
    }

    /**
     * Returns the anchor pool that {@link #reset} draws from, when the environment was built with
     * {@link Builder#anchors(int)}.
     *
     * @return the anchor states in a fixed order; empty when start states are drawn fresh
     */
    public List<State> anchors() {
        return anchors;
    }

    private State startState(long key) {
        double[] z;
        if (fixedStart != null) {
            z = fixedStart;
        } else {
            SplittableRandom rng = new SplittableRandom(Seeds.derive(key, "start"));
            z = new double[dimension];
            double sd = startScale / Math.sqrt(dimension);
            for (int j = 0; j < dimension; j++) {
                z[j] = sd * rng.nextGaussian();
            }
        }
        return new State(z, 0, key);
    }

    @Override
    public List<Move> actions(State state) {
        requireLive(state);
        double[][] deltas = actionGenerator.actions(state, new SplittableRandom(Seeds.derive(Seeds.mix(seed,
                state.key()), "actions")));
        if (deltas == null || deltas.length == 0) {
            throw new IllegalStateException("action generator returned no actions for " + state);
        }
        List<Move> moves = new ArrayList<>(deltas.length);
        for (int i = 0; i < deltas.length; i++) {
            if (deltas[i].length != dimension) {
                throw new IllegalStateException("action generator: action " + i + " has " + deltas[i].length
                        + " elements, expected " + dimension);
            }
            moves.add(new Move(state.key(), i, deltas[i]));
        }
        return List.copyOf(moves);
    }

    @Override
    public Transition<State, Move> step(State state, Move action) {
        requireLive(state);
        Objects.requireNonNull(action, "action");
        if (action.stateKey() != state.key()) {
            throw new IllegalArgumentException("step: " + action + " belongs to another state's action set, not "
                    + state);
        }
        State next = successor(state, action.index(), action.delta);
        boolean terminal = next.step() == horizon;
        double reward = terminal ? terminalReward(next) : 0.0;
        return new Transition<>(state, action, next, reward, terminal);
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public double terminalReward(State state) {
        return utility.score(NdArrays.vector(state.z));
    }

    /**
     * Returns the latent dimension d.
     *
     * @return d
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Returns the utility that scores terminal states.
     *
     * @return the utility
     */
    public Utility utility() {
        return utility;
    }

    @Override
    public int stateDimension() {
        return dimension;
    }

    /**
     * Returns the dimension of a move's embedding, its displacement &delta;.
     *
     * @return d
     */
    @Override
    public int actionDimension() {
        return dimension;
    }

    @Override
    public boolean providesNextStates() {
        return true;
    }

    /**
     * Embeds a state and its moves: the state embedding is z, move i is embedded by its displacement
     * &delta;<sub>i</sub> and its next state by z + &delta;<sub>i</sub>; {@code stepsLeft} is H &minus; t.
     *
     * @param state a non-terminal state
     * @param moves moves of that state, non-empty
     * @return the embedded state
     * @throws IllegalArgumentException if a move belongs to another state or the list is empty
     */
    @Override
    public EmbeddedState embed(State state, List<Move> moves) {
        requireLive(state);
        if (moves.isEmpty()) {
            throw new IllegalArgumentException("embed: no moves");
        }
        double[][] deltas = new double[moves.size()][];
        double[][] next = new double[moves.size()][];
        for (int i = 0; i < deltas.length; i++) {
            Move m = moves.get(i);
            if (m.stateKey() != state.key()) {
                throw new IllegalArgumentException("embed: move " + i + " belongs to another state");
            }
            deltas[i] = m.delta;
            next[i] = add(state.z, m.delta);
        }
        return new EmbeddedState(state.z, deltas, next, horizon - state.step());
    }

    @Override
    public String id() {
        return "linear-environment/1[d=" + dimension + "]";
    }

    /**
     * Returns the identity embedding of states, z &#8614; z, as an {@link EmbeddingMap}.
     *
     * @return the state embedding
     */
    public EmbeddingMap<State> embedding() {
        return embedding;
    }

    /**
     * Returns the embeddings of the states that the given actions lead to, z + &delta;<sub>a</sub>: the
     * z<sub>a</sub>(x) of the paper's Definition 1, as an {@link dev.eaglelm.core.ActionSetSelector} takes
     * them.
     *
     * @param state the current state
     * @param moves actions of that state
     * @return a {@code [moves.size(), d]} double matrix
     * @throws IllegalArgumentException if a move belongs to another state or the list is empty
     */
    public INDArray nextStateEmbeddings(State state, List<Move> moves) {
        if (moves.isEmpty()) {
            throw new IllegalArgumentException("nextStateEmbeddings: no moves");
        }
        double[][] rows = new double[moves.size()][];
        for (int i = 0; i < rows.length; i++) {
            Move m = moves.get(i);
            if (m.stateKey() != state.key()) {
                throw new IllegalArgumentException("nextStateEmbeddings: move " + i + " belongs to another state");
            }
            rows[i] = add(state.z, m.delta);
        }
        return NdArrays.matrix(rows);
    }

    /**
     * Computes the optimal return from a state, and an optimal action sequence, by enumerating every action
     * sequence to the horizon (dynamic programming would not help: action sets differ along every path).
     *
     * @param state the state to plan from
     * @return the best reachable terminal utility and the action indices that reach it
     * @throws IllegalStateException if the tree has more than {@link #DEFAULT_MAX_LEAVES} leaves
     */
    public Plan optimalPlan(State state) {
        return optimalPlan(state, DEFAULT_MAX_LEAVES);
    }

    /**
     * Computes the optimal return from a state by enumeration, with a cap on the work.
     *
     * @param state the state to plan from
     * @param maxLeaves the most leaves (action sequences) to enumerate
     * @return the best reachable terminal utility and the action indices that reach it
     * @throws IllegalStateException if the tree has more than {@code maxLeaves} leaves
     */
    public Plan optimalPlan(State state, long maxLeaves) {
        LeafScorer scorer = new LeafScorer(maxLeaves);
        enumerate(state, scorer, null);
        return new Plan(scorer.best, scorer.bestPath);
    }

    /**
     * Computes an agent's exact expected return from a state: the sum over all action sequences of the
     * sequence's probability under the agent times its terminal utility. Sequences of probability zero are
     * skipped.
     *
     * @param state the state to start from
     * @param agent the agent whose distributions weight the sequences
     * @return the expected terminal utility
     * @throws IllegalStateException if more than {@link #DEFAULT_MAX_LEAVES} sequences have positive probability
     */
    public double expectedReturn(State state, Agent<State, Move> agent) {
        LeafScorer scorer = new LeafScorer(DEFAULT_MAX_LEAVES);
        enumerate(state, scorer, Objects.requireNonNull(agent, "agent"));
        return scorer.expected;
    }

    private void enumerate(State state, LeafScorer scorer, Agent<State, Move> agent) {
        requireLive(state);
        expand(state, horizon - state.step(), new ArrayList<>(), 1.0, agent, scorer);
        scorer.flush();
    }

    private void expand(State s, int remaining, List<Integer> path, double probability, Agent<State, Move> agent,
            LeafScorer scorer) {
        if (remaining == 0) {
            scorer.add(s.z, path, probability);
            return;
        }
        List<Move> moves = actions(s);
        double[] p = agent == null ? null : agent.distribution(s, moves).probabilities();
        for (int i = 0; i < moves.size(); i++) {
            if (p != null && p[i] == 0) {
                continue;
            }
            path.add(i);
            expand(successor(s, i, moves.get(i).delta), remaining - 1, path, p == null ? 1.0 : probability * p[i],
                    agent, scorer);
            path.remove(path.size() - 1);
        }
    }

    /** Scores leaves in batches through the utility, tracking the best leaf and the expectation. */
    private final class LeafScorer {
        private final long maxLeaves;
        private final double[][] rows = new double[SCORE_CHUNK][];
        private final double[] probabilities = new double[SCORE_CHUNK];
        private final List<List<Integer>> paths = new ArrayList<>(SCORE_CHUNK);
        private int buffered;
        private long seen;
        private double best = Double.NEGATIVE_INFINITY;
        private List<Integer> bestPath = List.of();
        private double expected;

        LeafScorer(long maxLeaves) {
            this.maxLeaves = maxLeaves;
        }

        void add(double[] z, List<Integer> path, double probability) {
            if (++seen > maxLeaves) {
                throw new IllegalStateException("enumeration exceeds " + maxLeaves + " leaves ("
                        + actionsPerState + " actions per state, horizon " + horizon + "); use a smaller problem");
            }
            rows[buffered] = z;
            probabilities[buffered] = probability;
            paths.add(List.copyOf(path));
            if (++buffered == SCORE_CHUNK) {
                flush();
            }
        }

        void flush() {
            if (buffered == 0) {
                return;
            }
            double[] values = utility.scoreAll(NdArrays.matrix(Arrays.copyOf(rows, buffered)));
            for (int i = 0; i < buffered; i++) {
                if (values[i] > best) {
                    best = values[i];
                    bestPath = paths.get(i);
                }
                expected += probabilities[i] * values[i];
            }
            buffered = 0;
            paths.clear();
        }
    }

    private State successor(State state, int index, double[] delta) {
        return new State(add(state.z, delta), state.step() + 1, Seeds.mix(state.key(), index));
    }

    private void requireLive(State state) {
        Objects.requireNonNull(state, "state");
        if (state.z.length != dimension) {
            throw new IllegalArgumentException("state has dimension " + state.z.length + ", environment has "
                    + dimension);
        }
        if (state.step() >= horizon) {
            throw new IllegalStateException("state is terminal (step " + state.step() + " of horizon " + horizon
                    + ")");
        }
    }

    private double[][] gaussianActions(State state, RandomGenerator rng) {
        double sd = actionScale / Math.sqrt(dimension);
        double[][] out = new double[actionsPerState][dimension];
        for (double[] row : out) {
            for (int j = 0; j < dimension; j++) {
                row[j] = sd * rng.nextGaussian();
            }
        }
        return out;
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = a[j] + b[j];
        }
        return c;
    }

    @Override
    public String toString() {
        return "LinearEmbeddingEnvironment[d=" + dimension + ", K=" + actionsPerState + ", H=" + horizon
                + (anchors.isEmpty() ? "" : ", anchors=" + anchors.size()) + ", utility=" + utility + ", seed="
                + seed + "]";
    }

    /** The identity map from states to their latent vectors. */
    private static final class StateEmbedding implements EmbeddingMap<State> {
        private final int dimension;

        StateEmbedding(int dimension) {
            this.dimension = dimension;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public String id() {
            return "linear-environment-state/1";
        }

        @Override
        public INDArray embedAll(List<? extends State> items) {
            if (items.isEmpty()) {
                return org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 0, dimension);
            }
            double[][] rows = new double[items.size()][];
            for (int i = 0; i < rows.length; i++) {
                State s = Objects.requireNonNull(items.get(i), "state " + i);
                if (s.z.length != dimension) {
                    throw new IllegalArgumentException("state " + i + " has dimension " + s.z.length + ", expected "
                            + dimension);
                }
                rows[i] = s.z;
            }
            return NdArrays.matrix(rows);
        }
    }

    /**
     * Builder for {@link LinearEmbeddingEnvironment}. {@link #dimension(int)} and {@link #utility(Utility)}
     * are required; the rest have defaults: 5 actions per state, horizon 3, start and action scales 1,
     * seed 0.
     */
    public static final class Builder {
        private int dimension = -1;
        private int actionsPerState = 5;
        private int horizon = 3;
        private double startScale = 1.0;
        private double actionScale = 1.0;
        private double[] start;
        private ActionGenerator actionGenerator;
        private Utility utility;
        private long seed;
        private int anchors;

        private Builder() {
        }

        /**
         * Sets the latent dimension d (required).
         *
         * @param dimension d &ge; 1
         * @return this builder
         */
        public Builder dimension(int dimension) {
            this.dimension = dimension;
            return this;
        }

        /**
         * Sets the number K of actions per state for the default Gaussian action generator.
         *
         * @param k K &ge; 1
         * @return this builder
         */
        public Builder actionsPerState(int k) {
            this.actionsPerState = k;
            return this;
        }

        /**
         * Sets the horizon H.
         *
         * @param horizon H &ge; 1
         * @return this builder
         */
        public Builder horizon(int horizon) {
            this.horizon = horizon;
            return this;
        }

        /**
         * Sets the typical norm of random start states.
         *
         * @param scale &ge; 0
         * @return this builder
         */
        public Builder startScale(double scale) {
            this.startScale = scale;
            return this;
        }

        /**
         * Sets the typical norm of the default Gaussian actions.
         *
         * @param scale &gt; 0
         * @return this builder
         */
        public Builder actionScale(double scale) {
            this.actionScale = scale;
            return this;
        }

        /**
         * Fixes the start state instead of drawing it.
         *
         * @param z the start vector, of length d
         * @return this builder
         */
        public Builder start(double[] z) {
            this.start = z == null ? null : z.clone();
            return this;
        }

        /**
         * Replaces the default Gaussian action generator.
         *
         * @param generator the generator
         * @return this builder
         */
        public Builder actionGenerator(ActionGenerator generator) {
            this.actionGenerator = generator;
            return this;
        }

        /**
         * Sets the utility that scores terminal states (required).
         *
         * @param utility a utility over R<sup>d</sup>
         * @return this builder
         */
        public Builder utility(Utility utility) {
            this.utility = utility;
            return this;
        }

        /**
         * Makes {@link LinearEmbeddingEnvironment#reset} draw from a fixed pool of anchor start states
         * instead of fresh ones (see the class documentation for why the exact optimum needs this to be a
         * fair target for a learned policy). Anchor i is drawn from the start distribution (or is the fixed
         * {@link #start(double[]) start}) with its own key, hence its own action tree.
         *
         * @param count the number of anchors, &ge; 1; 0 (the default) draws fresh start states
         * @return this builder
         */
        public Builder anchors(int count) {
            this.anchors = count;
            return this;
        }

        /**
         * Sets the environment seed, from which start states and action sets are derived.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the environment.
         *
         * @return the environment
         * @throws IllegalArgumentException naming every missing or invalid setting
         */
        public LinearEmbeddingEnvironment build() {
            List<String> problems = new ArrayList<>();
            if (dimension < 1) {
                problems.add(dimension == -1 ? "dimension is not set" : "dimension must be >= 1, got " + dimension);
            }
            if (utility == null) {
                problems.add("utility is not set");
            }
            if (actionsPerState < 1) {
                problems.add("actionsPerState must be >= 1, got " + actionsPerState);
            }
            if (horizon < 1) {
                problems.add("horizon must be >= 1, got " + horizon);
            }
            if (!(startScale >= 0) || !Double.isFinite(startScale)) {
                problems.add("startScale must be finite and >= 0, got " + startScale);
            }
            if (anchors < 0) {
                problems.add("anchors must be >= 0, got " + anchors);
            }
            if (!(actionScale > 0) || !Double.isFinite(actionScale)) {
                problems.add("actionScale must be finite and > 0, got " + actionScale);
            }
            if (start != null) {
                if (dimension >= 1 && start.length != dimension) {
                    problems.add("start has " + start.length + " elements, dimension is " + dimension);
                }
                for (int j = 0; j < start.length; j++) {
                    if (!Double.isFinite(start[j])) {
                        problems.add("start element " + j + " is " + start[j]);
                        break;
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("linear embedding environment: " + String.join("; ", problems));
            }
            return new LinearEmbeddingEnvironment(this);
        }
    }
}
