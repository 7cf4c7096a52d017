package dev.eaglelm.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.agent.GreedyAgent;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.utility.GaussianUtility;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencePoliciesTest {

    final GaussianUtility utility = new GaussianUtility(new double[] {1, 1, 0}, 1.0);
    final LinearEmbeddingEnvironment env = LinearEmbeddingEnvironment.builder().dimension(3).actionsPerState(5)
            .horizon(3).utility(utility).seed(12).build();

    @Test
    void hardOptimisticPolicyIsTheGreedyAgentAndSoftOneIsItsSoftmax() {
        Agent<State, Move> hard = ReferencePolicies.optimistic(env, utility, 0);
        Agent<State, Move> soft = ReferencePolicies.optimistic(env, utility, 0.25);
        GreedyAgent<State, Move> greedy = new GreedyAgent<>(env);
        for (long seed = 0; seed < 5; seed++) {
            State s = env.reset(seed);
            List<Move> a = env.actions(s);
            assertEquals(greedy.distribution(s, a), hard.distribution(s, a));
            double[] u = new double[a.size()];
            for (int i = 0; i < u.length; i++) {
                u[i] = env.terminalReward(env.step(s, a.get(i)).next());
            }
            assertArrayEquals(ActionDistribution.softmax(u, 0.25).probabilities(),
                    soft.distribution(s, a).probabilities(), 1e-12);
        }
    }

    @Test
    void mixturesAndSmoothing() {
        State s = env.reset(3);
        List<Move> a = env.actions(s);
        Agent<State, Move> hard = ReferencePolicies.optimistic(env, utility, 0);
        double[] h = hard.distribution(s, a).probabilities();
        double[] smoothed = ReferencePolicies.smoothed(hard, 0.2).distribution(s, a).probabilities();
        double[] mixed = ReferencePolicies.mixture(List.of(hard, ReferencePolicies.<State, Move>uniform()),
                new double[] {4, 1}).distribution(s, a).probabilities();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(0.8 * h[i] + 0.2 / 5, smoothed[i], 1e-15);
            assertEquals(smoothed[i], mixed[i], 1e-15);
        }
        assertEquals("mixture(optimistic,uniform)", ReferencePolicies.mixture(List.of(hard,
                ReferencePolicies.<State, Move>uniform()), new double[] {1, 1}).name());
        assertThrows(IllegalArgumentException.class, () -> ReferencePolicies.smoothed(hard, 1.5));
        assertThrows(IllegalArgumentException.class, () -> ReferencePolicies.optimistic(env, utility, -1));
        assertThrows(IllegalArgumentException.class, () -> ReferencePolicies.mixture(List.of(hard),
                new double[] {1, 2}));
    }
}
