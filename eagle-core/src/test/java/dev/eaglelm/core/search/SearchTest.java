package dev.eaglelm.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Episode;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.agent.GreedyAgent;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.policy.ReferencePolicies;
import dev.eaglelm.core.utility.GaussianUtility;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTest {

    static LinearEmbeddingEnvironment env(long seed) {
        return LinearEmbeddingEnvironment.builder().dimension(3).actionsPerState(3).horizon(3)
                .utility(new GaussianUtility(new double[] {1.5, 1.0, 0.5}, 1.0)).seed(seed).build();
    }

    static double replay(LinearEmbeddingEnvironment env, Episode<State, Move> e) {
        State s = e.start();
        double total = 0;
        for (Move m : e.actions()) {
            Transition<State, Move> t = env.step(s, m);
            total += t.reward();
            s = t.next();
        }
        return total;
    }

    static List<Integer> indices(LinearEmbeddingEnvironment env, Episode<State, Move> e) {
        List<Integer> out = new ArrayList<>();
        for (Transition<State, Move> t : e.transitions()) {
            out.add(env.actions(t.state()).indexOf(t.action()));
        }
        return out;
    }

    @Test
    void exhaustiveSearchAgreesWithTheEnvironmentsOwnGroundTruth() {
        for (long seed = 0; seed < 4; seed++) {
            LinearEmbeddingEnvironment env = env(seed);
            State s = env.reset(seed + 10);
            SearchResult<State, Move> best = ExhaustiveSearch.optimum(env, s);
            LinearEmbeddingEnvironment.Plan plan = env.optimalPlan(s);
            assertEquals(plan.value(), best.value(), 1e-12);
            assertEquals(plan.actionIndices(), indices(env, best.best()));
            assertEquals(best.value(), replay(env, best.best()), 1e-12);
            assertEquals(3 + 9 + 27, best.transitions());
            UniformAgent<State, Move> uniform = new UniformAgent<>();
            GreedyAgent<State, Move> greedy = new GreedyAgent<>(env);
            assertEquals(env.expectedReturn(s, uniform), ExhaustiveSearch.expectedReturn(env, s, uniform), 1e-12);
            assertEquals(env.expectedReturn(s, greedy), ExhaustiveSearch.expectedReturn(env, s, greedy), 1e-12);
            ExhaustiveSearch.ReturnDistribution d = ExhaustiveSearch.returnDistribution(env, s, uniform);
            double mass = 0;
            for (double p : d.probabilities()) {
                mass += p;
            }
            assertEquals(1.0, mass, 1e-12);
            assertEquals(27, d.returns().length);
            assertTrue(d.variance() > 0);
            assertEquals(3.0, ExhaustiveSearch.expectedStateSum(env, s, uniform, (x, a) -> 1.0), 1e-12,
                    "three non-terminal states are visited per episode");
        }
        assertThrows(IllegalStateException.class, () -> ExhaustiveSearch.optimum(env(1), env(1).reset(0), 10));
    }

    @Test
    void beamSearchSpansGreedyToExhaustive() {
        for (long seed = 0; seed < 4; seed++) {
            LinearEmbeddingEnvironment env = env(seed);
            State s = env.reset(seed);
            double opt = env.optimalPlan(s).value();
            SearchResult<State, Move> wide = BeamSearch.<State, Move>builder().width(9).build().search(env, s);
            assertEquals(opt, wide.value(), 1e-12);
            SearchResult<State, Move> one = BeamSearch.<State, Move>builder().width(1).build().search(env, s);
            assertEquals(env.expectedReturn(s, new GreedyAgent<>(env)), one.value(), 1e-12);
            assertEquals(3 * 3, one.transitions());
            SearchResult<State, Move> two = BeamSearch.<State, Move>builder().width(2).parallelism(3).build()
                    .search(env, s);
            assertTrue(two.value() <= opt + 1e-12);
            assertEquals(3 + 6 + 6, two.transitions());
            assertEquals(two.value(), replay(env, two.best()), 1e-12);
            SearchResult<State, Move> pruned = BeamSearch.<State, Move>builder().width(9)
                    .branching(2, new GreedyAgent<>(env)).build().search(env, s);
            assertEquals(2 + 4 + 8, pruned.transitions());
        }
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.builder().width(0).build());
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.builder().branching(2, null).build());
    }

    @Test
    void sampledTreeSearchIsSeededAndExhaustiveAtFullBranching() {
        LinearEmbeddingEnvironment env = env(5);
        State s = env.reset(2);
        assertEquals(env.optimalPlan(s).value(), new TreeSearch<State, Move>(3).search(env, s, 1).value(), 1e-12);
        TreeSearch<State, Move> tree = new TreeSearch<>(2, ReferencePolicies.uniform(), 1);
        SearchResult<State, Move> a = tree.search(env, s, 42);
        SearchResult<State, Move> b = new TreeSearch<State, Move>(2, ReferencePolicies.uniform(), 4).search(env, s, 42);
        assertEquals(a.value(), b.value(), 0.0);
        assertEquals(a.best().actions(), b.best().actions());
        assertEquals(2 + 4 + 8, a.transitions());
        assertTrue(a.value() <= env.optimalPlan(s).value() + 1e-12);
        boolean differs = false;
        for (long seed = 0; seed < 10 && !differs; seed++) {
            differs = !tree.search(env, s, seed).best().actions().equals(a.best().actions());
        }
        assertTrue(differs, "the seed should change the sampled tree");
        // as an episode strategy it starts where reset(seed) starts
        Episode<State, Move> e = tree.run(env, 7);
        assertEquals(env.reset(7), e.start());
        assertNotEquals("", tree.name());
    }
}
