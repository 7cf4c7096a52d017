package dev.eaglelm.core.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.Utility;
import dev.eaglelm.core.agent.GreedyAgent;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.utility.GaussianUtility;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LinearEmbeddingEnvironmentTest {

    /** U(z) = -(z - 2)^2 in one dimension. */
    static final Utility PARABOLA = latents -> {
        double[][] rows = latents.rank() == 1 ? new double[][] {latents.toDoubleVector()} : latents.toDoubleMatrix();
        double[] s = new double[rows.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = -(rows[i][0] - 2) * (rows[i][0] - 2);
        }
        return s;
    };

    /**
     * The hand-checkable case: z0 = 0, H = 2; at step 0 the actions are {+0.5, -1}, at step 1 {0, +3}.
     * Leaves: 0.5 -> -2.25, 3.5 -> -2.25, -1 -> -9, 2 -> 0. Optimum 0 via (-1, +3); greedy takes +0.5 first
     * (-2.25 beats -9) and ends at -2.25; uniform expects (-2.25 - 2.25 - 9 + 0) / 4 = -3.375.
     */
    static LinearEmbeddingEnvironment handCase() {
        return LinearEmbeddingEnvironment.builder()
                .dimension(1)
                .horizon(2)
                .start(new double[] {0})
                .actionGenerator((state, rng) -> state.step() == 0
                        ? new double[][] {{0.5}, {-1}}
                        : new double[][] {{0}, {3}})
                .utility(PARABOLA)
                .seed(1)
                .build();
    }

    @Test
    void exactOptimumOfTheHandCheckableCase() {
        LinearEmbeddingEnvironment env = handCase();
        State s0 = env.reset(0);
        LinearEmbeddingEnvironment.Plan plan = env.optimalPlan(s0);
        assertEquals(0.0, plan.value(), 1e-12);
        assertEquals(List.of(1, 1), plan.actionIndices());
        assertEquals(-2.25, env.expectedReturn(s0, new GreedyAgent<>(env)), 1e-12);
        assertEquals(-3.375, env.expectedReturn(s0, new UniformAgent<>()), 1e-12);
    }

    @Test
    void greedyPicksTheBestNextStateOfTheHandCase() {
        LinearEmbeddingEnvironment env = handCase();
        State s0 = env.reset(0);
        List<Move> moves = env.actions(s0);
        assertArrayEquals(new double[] {1, 0}, new GreedyAgent<>(env).distribution(s0, moves).probabilities());
        State s1 = env.step(s0, moves.get(0)).next();
        // from 0.5 both actions end at distance 1.5 from the target: a tie
        assertArrayEquals(new double[] {0.5, 0.5},
                new GreedyAgent<>(env).distribution(s1, env.actions(s1)).probabilities(), 1e-15);
    }

    @Test
    void stepMovesByTheActionAndRewardsOnlyAtTheHorizon() {
        LinearEmbeddingEnvironment env = gaussianEnv(4, 5, 3, 9);
        State s = env.reset(5);
        for (int t = 0; t < 3; t++) {
            List<Move> moves = env.actions(s);
            assertEquals(5, moves.size());
            Move m = moves.get(t % moves.size());
            Transition<State, Move> tr = env.step(s, m);
            double[] expected = s.z();
            for (int j = 0; j < expected.length; j++) {
                expected[j] += m.delta()[j];
            }
            assertArrayEquals(expected, tr.next().z(), 1e-15);
            assertEquals(t + 1, tr.next().step());
            assertEquals(t == 2, tr.terminal());
            if (t < 2) {
                assertEquals(0.0, tr.reward());
            } else {
                assertEquals(env.terminalReward(tr.next()), tr.reward(), 0.0);
            }
            s = tr.next();
        }
        State terminal = s;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.actions(terminal));
        assertTrue(e.getMessage().contains("terminal"), e.getMessage());
    }

    @Test
    void sameSeedSameStatesAndActionsAndActionsAreStateDependent() {
        LinearEmbeddingEnvironment a = gaussianEnv(3, 4, 2, 21);
        LinearEmbeddingEnvironment b = gaussianEnv(3, 4, 2, 21);
        State sa = a.reset(8);
        State sb = b.reset(8);
        assertEquals(sa, sb);
        assertEquals(a.actions(sa), b.actions(sb));
        assertEquals(a.actions(sa), a.actions(sa), "action sets must be stable for a state");
        assertNotEquals(sa, a.reset(9));
        assertNotEquals(sa, gaussianEnv(3, 4, 2, 22).reset(8), "environment seed must matter");
        State child = a.step(sa, a.actions(sa).get(0)).next();
        assertFalse(java.util.Arrays.equals(a.actions(sa).get(0).delta(), a.actions(child).get(0).delta()),
                "a child state got its parent's actions");
    }

    @Test
    void actionsOfAnotherStateAreRejected() {
        LinearEmbeddingEnvironment env = gaussianEnv(2, 3, 2, 4);
        State s = env.reset(1);
        State other = env.reset(2);
        Move foreign = env.actions(other).get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(s, foreign));
        assertTrue(e.getMessage().contains("another state"), e.getMessage());
    }

    @Test
    void optimumMatchesIndependentBruteForceAndBoundsEveryAgent() {
        for (long seed = 0; seed < 5; seed++) {
            LinearEmbeddingEnvironment env = gaussianEnv(3, 3, 4, seed);
            State s0 = env.reset(seed * 31);
            LinearEmbeddingEnvironment.Plan plan = env.optimalPlan(s0);
            assertEquals(bruteForce(env, s0), plan.value(), 1e-12, "seed " + seed);
            // replaying the plan through step() reaches the optimum
            State s = s0;
            double reward = Double.NaN;
            for (int index : plan.actionIndices()) {
                Transition<State, Move> tr = env.step(s, env.actions(s).get(index));
                s = tr.next();
                reward = tr.reward();
            }
            assertEquals(plan.value(), reward, 1e-12);
            assertTrue(plan.value() >= env.expectedReturn(s0, new UniformAgent<>()) - 1e-12);
            assertTrue(plan.value() >= env.expectedReturn(s0, new GreedyAgent<>(env)) - 1e-12);
        }
    }

    @Test
    void monteCarloMeanOfUniformMatchesItsExactExpectation() {
        LinearEmbeddingEnvironment env = gaussianEnv(2, 4, 3, 77);
        State s0 = env.reset(3);
        Agent<State, Move> uniform = new UniformAgent<>();
        double exact = env.expectedReturn(s0, uniform);
        SplittableRandom rng = new SplittableRandom(12);
        int n = 20_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            State s = s0;
            Transition<State, Move> tr = null;
            for (int t = 0; t < env.horizon(); t++) {
                tr = env.step(s, uniform.act(s, env.actions(s), rng));
                s = tr.next();
            }
            sum += tr.reward();
            sumSq += tr.reward() * tr.reward();
        }
        double mean = sum / n;
        double se = Math.sqrt((sumSq / n - mean * mean) / n);
        assertEquals(exact, mean, 4 * se);
    }

    @Test
    void enumerationCapIsEnforced() {
        LinearEmbeddingEnvironment env = gaussianEnv(2, 4, 3, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.optimalPlan(env.reset(0), 63));
        assertTrue(e.getMessage().contains("63"), e.getMessage());
        assertEquals(env.optimalPlan(env.reset(0)).value(), env.optimalPlan(env.reset(0), 64).value());
    }

    @Test
    void builderNamesEveryProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearEmbeddingEnvironment.builder().horizon(0).build());
        assertTrue(e.getMessage().contains("dimension is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("utility is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("horizon must be >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinearEmbeddingEnvironment.builder().dimension(2)
                .utility(PARABOLA).start(new double[] {1, 2, 3}).build());
        assertTrue(e.getMessage().contains("start has 3 elements"), e.getMessage());
    }

    @Test
    void nextStateEmbeddingsAreStatePlusDelta() {
        LinearEmbeddingEnvironment env = gaussianEnv(3, 4, 2, 5);
        State s = env.reset(0);
        List<Move> moves = env.actions(s);
        INDArray z = env.nextStateEmbeddings(s, moves);
        assertArrayEquals(new long[] {4, 3}, z.shape());
        for (int i = 0; i < moves.size(); i++) {
            assertArrayEquals(env.step(s, moves.get(i)).next().z(), z.getRow(i).toDoubleVector(), 1e-15);
        }
        assertArrayEquals(s.z(), env.embedding().embed(s).toDoubleVector(), 0.0);
        assertEquals(3, env.embedding().dimension());
    }

    static LinearEmbeddingEnvironment gaussianEnv(int d, int k, int h, long seed) {
        double[] target = new double[d];
        target[0] = 1.5;
        return LinearEmbeddingEnvironment.builder().dimension(d).actionsPerState(k).horizon(h)
                .utility(new GaussianUtility(target, 1.0)).seed(seed).build();
    }

    /** Max terminal reward over all action sequences, through the public step() API only. */
    static double bruteForce(LinearEmbeddingEnvironment env, State s) {
        double best = Double.NEGATIVE_INFINITY;
        for (Move m : env.actions(s)) {
            Transition<State, Move> tr = env.step(s, m);
            best = Math.max(best, tr.terminal() ? tr.reward() : bruteForce(env, tr.next()));
        }
        return best;
    }
}
