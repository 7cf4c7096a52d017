package dev.eaglelm.core.policy;

import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.EmbeddingView;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The arithmetic of an {@link EagleAgent}: features, the action scorer f<sub>&theta;</sub>, the value head
 * V<sub>&phi;</sub>, and their gradients, over flat parameter vectors.
 *
 * <p>A network is immutable and holds no parameters: every method takes them explicitly, so one network
 * serves many threads and the trainer owns the (mutable) parameter arrays. See {@link PolicyArchitecture}
 * for the functions computed.
 *
 * <p><b>Why plain arrays rather than ND4J.</b> At one decision the matrices are tiny (k &asymp; 10 actions
 * of a few hundred features), where ND4J's per-operation native-call overhead would dominate; and training
 * must be bit-for-bit reproducible whatever the number of threads, which a multi-threaded BLAS does not
 * promise. Here every sum runs in a fixed order and every transcendental function comes from
 * {@link StrictMath}, so the same inputs give the same bits on every JVM and every JIT tier.
 *
 * <p>Layout of the policy parameters: linear: {@code w[na]}; network: {@code W_s[H][ns], W_a[H][na], b[H],
 * w2[H]}. Value parameters: linear: {@code v[ns], c}; network: {@code V[Hv][ns], c1[Hv], v2[Hv], c2}. Here
 * ns = d + {@value #TIME_BUCKETS} (the state embedding and a one-hot of the steps left) and na = d<sub>a</sub>
 * + d (the action embedding, if any, and the next-state embedding, if any). Rows are row-major.
 */
public final class PolicyNetwork {

    /** Buckets of the steps-left one-hot: 0 for unknown, 1 to 7 exactly, 8 for eight or more. */
    public static final int TIME_BUCKETS = 9;

    private final PolicyArchitecture architecture;
    private final int stateDimension;
    private final int actionDimension;
    private final boolean nextStates;
    private final int ns;
    private final int na;

    /**
     * Creates a network for features of the given shapes.
     *
     * @param architecture the architecture
     * @param stateDimension d, the dimension of state and next-state embeddings, &ge; 1
     * @param actionDimension d<sub>a</sub>, the dimension of action embeddings, &ge; 0 (0: none)
     * @param nextStates whether next-state embeddings are features
     * @throws IllegalArgumentException if a dimension is invalid or there is no per-action feature
     */
    public PolicyNetwork(PolicyArchitecture architecture, int stateDimension, int actionDimension,
            boolean nextStates) {
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        if (stateDimension < 1) {
            throw new IllegalArgumentException("policy network: state dimension must be >= 1, got " + stateDimension);
        }
        if (actionDimension < 0) {
            throw new IllegalArgumentException("policy network: action dimension must be >= 0, got "
                    + actionDimension);
        }
        if (actionDimension == 0 && !nextStates) {
            throw new IllegalArgumentException("policy network: no per-action feature (neither action nor"
                    + " next-state embeddings); the agent could not tell the actions apart");
        }
        this.stateDimension = stateDimension;
        this.actionDimension = actionDimension;
        this.nextStates = nextStates;
        this.ns = stateDimension + TIME_BUCKETS;
        this.na = actionDimension + (nextStates ? stateDimension : 0);
    }

    /**
     * Creates a network for the features an embedding view provides.
     *
     * @param architecture the architecture
     * @param view the view whose dimensions to use
     * @return the network
     */
    public static PolicyNetwork forView(PolicyArchitecture architecture, EmbeddingView<?, ?> view) {
        return new PolicyNetwork(architecture, view.stateDimension(), view.actionDimension(),
                view.providesNextStates());
    }

    /**
     * Returns the architecture.
     *
     * @return the architecture
     */
    public PolicyArchitecture architecture() {
        return architecture;
    }

    /**
     * Returns the state-embedding dimension d.
     *
     * @return d
     */
    public int stateDimension() {
        return stateDimension;
    }

    /**
     * Returns the action-embedding dimension d<sub>a</sub>.
     *
     * @return d<sub>a</sub>, 0 when action embeddings are not features
     */
    public int actionDimension() {
        return actionDimension;
    }

    /**
     * Returns whether next-state embeddings are features.
     *
     * @return true if they are
     */
    public boolean usesNextStates() {
        return nextStates;
    }

    /**
     * Returns the number of policy parameters &theta;.
     *
     * @return the length of the policy parameter vector
     */
    public int policyParameterCount() {
        int h = architecture.hidden();
        return h == 0 ? na : h * ns + h * na + 2 * h;
    }

    /**
     * Returns the number of value parameters &phi;.
     *
     * @return the length of the value parameter vector
     */
    public int valueParameterCount() {
        int h = architecture.valueHidden();
        return h == 0 ? ns + 1 : h * ns + 2 * h + 1;
    }

    /**
     * Draws initial policy parameters: hidden weights uniform in &plusmn;1/&radic;fan-in, biases and output
     * weights 0, so that the initial policy is uniform over every action set.
     *
     * @param seed the seed
     * @return a new parameter vector
     */
    public double[] initialPolicyParameters(long seed) {
        double[] p = new double[policyParameterCount()];
        int h = architecture.hidden();
        if (h > 0) {
            SplittableRandom rng = new SplittableRandom(seed);
            double limit = 1.0 / Math.sqrt(ns + na);
            for (int i = 0; i < h * (ns + na); i++) {
                p[i] = limit * (2 * rng.nextDouble() - 1);
            }
        }
        return p;
    }

    /**
     * Draws initial value parameters: hidden weights uniform in &plusmn;1/&radic;fan-in, the rest 0.
     *
     * @param seed the seed
     * @return a new parameter vector
     */
    public double[] initialValueParameters(long seed) {
        double[] p = new double[valueParameterCount()];
        int h = architecture.valueHidden();
        if (h > 0) {
            SplittableRandom rng = new SplittableRandom(seed);
            double limit = 1.0 / Math.sqrt(ns);
            for (int i = 0; i < h * ns; i++) {
                p[i] = limit * (2 * rng.nextDouble() - 1);
            }
        }
        return p;
    }

    /**
     * The result of a forward pass of the scorer at one state: the scores and what the backward pass needs.
     */
    public static final class Forward {
        private final EmbeddedState input;
        private final double[][] actions;
        private final double[][] next;
        private final int bucket;
        private final double[] state;
        private final double[][] hidden;
        private final double[] scores;

        private Forward(EmbeddedState input, double[] state, double[][] actions, double[][] next, int bucket,
                double[][] hidden, double[] scores) {
            this.input = input;
            this.state = state;
            this.actions = actions;
            this.next = next;
            this.bucket = bucket;
            this.hidden = hidden;
            this.scores = scores;
        }

        /**
         * Returns the embedded state this pass scored.
         *
         * @return the input
         */
        public EmbeddedState input() {
            return input;
        }

        /**
         * Returns the scores f(x, a), one per action.
         *
         * @return a copy of the scores
         */
        public double[] scores() {
            return scores.clone();
        }

        /**
         * Returns the number of actions scored.
         *
         * @return k
         */
        public int size() {
            return scores.length;
        }
    }

    /**
     * Scores the actions of an embedded state.
     *
     * @param theta the policy parameters
     * @param input the embedded state; its shapes must match the network
     * @return the forward pass
     * @throws IllegalArgumentException if the shapes do not match
     */
    public Forward forward(double[] theta, EmbeddedState input) {
        checkPolicy(theta);
        check(input);
        int k = input.size();
        double[][] actions = actionDimension > 0 ? input.actions() : null;
        double[][] next = nextStates ? input.nextStates() : null;
        double[] z = input.state();
        int bucket = bucket(input.stepsLeft());
        double[] scores = new double[k];
        int h = architecture.hidden();
        if (h == 0) {
            for (int a = 0; a < k; a++) {
                double s = 0;
                if (actions != null) {
                    s += dot(theta, 0, actions[a], actionDimension);
                }
                if (next != null) {
                    s += dot(theta, actionDimension, next[a], stateDimension);
                }
                scores[a] = s;
            }
            return new Forward(input, z, actions, next, bucket, null, scores);
        }
        int wa = h * ns;
        int b1 = wa + h * na;
        int w2 = b1 + h;
        double[] u = new double[h];
        for (int j = 0; j < h; j++) {
            u[j] = theta[b1 + j] + dot(theta, j * ns, z, stateDimension) + theta[j * ns + stateDimension + bucket];
        }
        double[][] pre = new double[k][h];
        double[] pair = new double[2];
        for (int j = 0; j < h; j++) {
            int row = wa + j * na;
            // two actions at a time share the weight row: the same sums, in the same order, as dot()
            int a = 0;
            for (; a + 1 < k; a += 2) {
                double p0 = u[j];
                double p1 = u[j];
                if (actions != null) {
                    dot2(theta, row, actions[a], actions[a + 1], actionDimension, pair);
                    p0 += pair[0];
                    p1 += pair[1];
                }
                if (next != null) {
                    dot2(theta, row + actionDimension, next[a], next[a + 1], stateDimension, pair);
                    p0 += pair[0];
                    p1 += pair[1];
                }
                pre[a][j] = p0;
                pre[a + 1][j] = p1;
            }
            for (; a < k; a++) {
                double p0 = u[j];
                if (actions != null) {
                    p0 += dot(theta, row, actions[a], actionDimension);
                }
                if (next != null) {
                    p0 += dot(theta, row + actionDimension, next[a], stateDimension);
                }
                pre[a][j] = p0;
            }
        }
        double[][] hidden = pre;
        for (int a = 0; a < k; a++) {
            double[] ha = hidden[a];
            double s = 0;
            for (int j = 0; j < h; j++) {
                double t = StrictMath.tanh(ha[j]);
                ha[j] = t;
                s += theta[w2 + j] * t;
            }
            scores[a] = s;
        }
        return new Forward(input, z, actions, next, bucket, hidden, scores);
    }

    /**
     * Adds the gradient of &Sigma;<sub>a</sub> g<sub>a</sub> f<sub>&theta;</sub>(x, a) with respect to
     * &theta; to {@code gradient}: the backward pass for upstream gradients {@code dScores} on the scores.
     *
     * @param theta the policy parameters the forward pass used
     * @param forward the forward pass
     * @param dScores g, one per action
     * @param gradient the accumulator, of the policy parameter count
     */
    public void backward(double[] theta, Forward forward, double[] dScores, double[] gradient) {
        checkPolicy(theta);
        checkPolicy(gradient);
        int k = forward.size();
        if (dScores.length != k) {
            throw new IllegalArgumentException("policy network: " + dScores.length + " score gradients for " + k
                    + " actions");
        }
        int h = architecture.hidden();
        if (h == 0) {
            for (int a = 0; a < k; a++) {
                double g = dScores[a];
                if (forward.actions != null) {
                    axpy(g, forward.actions[a], gradient, 0, actionDimension);
                }
                if (forward.next != null) {
                    axpy(g, forward.next[a], gradient, actionDimension, stateDimension);
                }
            }
            return;
        }
        int wa = h * ns;
        int b1 = wa + h * na;
        int w2 = b1 + h;
        double[] sumDelta = new double[h];
        // j outside, a inside: a gradient row stays in cache across the actions; every element still sums
        // over the actions in ascending order
        for (int j = 0; j < h; j++) {
            int row = wa + j * na;
            for (int a = 0; a < k; a++) {
                double g = dScores[a];
                double t = forward.hidden[a][j];
                gradient[w2 + j] += g * t;
                double delta = g * theta[w2 + j] * (1 - t * t);
                sumDelta[j] += delta;
                if (forward.actions != null) {
                    axpy(delta, forward.actions[a], gradient, row, actionDimension);
                }
                if (forward.next != null) {
                    axpy(delta, forward.next[a], gradient, row + actionDimension, stateDimension);
                }
            }
        }
        for (int j = 0; j < h; j++) {
            double d = sumDelta[j];
            gradient[b1 + j] += d;
            axpy(d, forward.state, gradient, j * ns, stateDimension);
            gradient[j * ns + stateDimension + forward.bucket] += d;
        }
    }

    /**
     * Computes the value V<sub>&phi;</sub>(x) of an embedded state.
     *
     * @param phi the value parameters
     * @param input the embedded state
     * @return the value
     */
    public double value(double[] phi, EmbeddedState input) {
        return valueForward(phi, input, null);
    }

    /**
     * Adds {@code dValue} &middot; &nabla;<sub>&phi;</sub> V<sub>&phi;</sub>(x) to {@code gradient}.
     *
     * @param phi the value parameters
     * @param input the embedded state
     * @param dValue the upstream gradient on the value
     * @param gradient the accumulator, of the value parameter count
     * @return the value V<sub>&phi;</sub>(x), as a by-product
     */
    public double valueBackward(double[] phi, EmbeddedState input, double dValue, double[] gradient) {
        checkValue(gradient);
        int h = architecture.valueHidden();
        double[] hidden = h == 0 ? null : new double[h];
        double v = valueForward(phi, input, hidden);
        double[] z = input.state();
        int bucket = bucket(input.stepsLeft());
        if (h == 0) {
            axpy(dValue, z, gradient, 0, stateDimension);
            gradient[stateDimension + bucket] += dValue;
            gradient[ns] += dValue;
            return v;
        }
        int c1 = h * ns;
        int v2 = c1 + h;
        for (int j = 0; j < h; j++) {
            double t = hidden[j];
            gradient[v2 + j] += dValue * t;
            double delta = dValue * phi[v2 + j] * (1 - t * t);
            gradient[c1 + j] += delta;
            axpy(delta, z, gradient, j * ns, stateDimension);
            gradient[j * ns + stateDimension + bucket] += delta;
        }
        gradient[v2 + h] += dValue;
        return v;
    }

    private double valueForward(double[] phi, EmbeddedState input, double[] hiddenOut) {
        checkValue(phi);
        if (input.stateDimension() != stateDimension) {
            throw new IllegalArgumentException("policy network: state embedding has dimension "
                    + input.stateDimension() + ", expected " + stateDimension);
        }
        double[] z = input.state();
        int bucket = bucket(input.stepsLeft());
        int h = architecture.valueHidden();
        if (h == 0) {
            return dot(phi, 0, z, stateDimension) + phi[stateDimension + bucket] + phi[ns];
        }
        int c1 = h * ns;
        int v2 = c1 + h;
        double v = phi[v2 + h];
        for (int j = 0; j < h; j++) {
            double t = StrictMath.tanh(phi[c1 + j] + dot(phi, j * ns, z, stateDimension)
                    + phi[j * ns + stateDimension + bucket]);
            if (hiddenOut != null) {
                hiddenOut[j] = t;
            }
            v += phi[v2 + j] * t;
        }
        return v;
    }

    /**
     * The softmax of scores at a temperature, p<sub>i</sub> &prop; exp(f<sub>i</sub> / T), computed stably
     * with {@link StrictMath#exp} so that the result is the same on every JVM.
     *
     * @param scores finite scores, at least one
     * @param temperature T &gt; 0
     * @return probabilities summing to 1 (within rounding)
     */
    public static double[] softmax(double[] scores, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            if (!Double.isFinite(s)) {
                throw new IllegalStateException("policy network: score is " + s
                        + " (diverged training? lower the learning rate)");
            }
            max = Math.max(max, s);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = StrictMath.exp((scores[i] - max) / temperature);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * Returns the bucket of the steps-left one-hot.
     *
     * @param stepsLeft the steps left, 0 when unknown
     * @return the bucket in [0, {@value #TIME_BUCKETS})
     */
    static int bucket(int stepsLeft) {
        return stepsLeft <= 0 ? 0 : Math.min(stepsLeft, TIME_BUCKETS - 1);
    }

    private void check(EmbeddedState input) {
        if (input.stateDimension() != stateDimension) {
            throw new IllegalArgumentException("policy network: state embedding has dimension "
                    + input.stateDimension() + ", expected " + stateDimension);
        }
        if (actionDimension > 0 && input.actionDimension() != actionDimension) {
            throw new IllegalArgumentException("policy network: action embeddings have dimension "
                    + input.actionDimension() + ", expected " + actionDimension);
        }
        if (nextStates && !input.hasNextStates()) {
            throw new IllegalArgumentException("policy network: next-state embeddings are missing");
        }
    }

    private void checkPolicy(double[] theta) {
        if (theta.length != policyParameterCount()) {
            throw new IllegalArgumentException("policy network: " + theta.length + " policy parameters, expected "
                    + policyParameterCount());
        }
    }

    private void checkValue(double[] phi) {
        if (phi.length != valueParameterCount()) {
            throw new IllegalArgumentException("policy network: " + phi.length + " value parameters, expected "
                    + valueParameterCount());
        }
    }

    /** A dot product with four accumulators in a fixed order: fast and deterministic. */
    static double dot(double[] w, int offset, double[] x, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += w[offset + i] * x[i];
            s1 += w[offset + i + 1] * x[i + 1];
            s2 += w[offset + i + 2] * x[i + 2];
            s3 += w[offset + i + 3] * x[i + 3];
        }
        for (; i < n; i++) {
            s0 += w[offset + i] * x[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Two dot products against the same weights, each with exactly the sums and order of {@link #dot}. */
    static void dot2(double[] w, int offset, double[] x, double[] y, int n, double[] out) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        double b3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double w0 = w[offset + i];
            double w1 = w[offset + i + 1];
            double w2 = w[offset + i + 2];
            double w3 = w[offset + i + 3];
            a0 += w0 * x[i];
            a1 += w1 * x[i + 1];
            a2 += w2 * x[i + 2];
            a3 += w3 * x[i + 3];
            b0 += w0 * y[i];
            b1 += w1 * y[i + 1];
            b2 += w2 * y[i + 2];
            b3 += w3 * y[i + 3];
        }
        for (; i < n; i++) {
            a0 += w[offset + i] * x[i];
            b0 += w[offset + i] * y[i];
        }
        out[0] = (a0 + a1) + (a2 + a3);
        out[1] = (b0 + b1) + (b2 + b3);
    }

    private static void axpy(double a, double[] x, double[] y, int offset, int n) {
        for (int i = 0; i < n; i++) {
            y[offset + i] += a * x[i];
        }
    }

    @Override
    public String toString() {
        return "PolicyNetwork[" + architecture + ", d=" + stateDimension + ", d_a=" + actionDimension + ", next="
                + nextStates + "]";
    }
}
