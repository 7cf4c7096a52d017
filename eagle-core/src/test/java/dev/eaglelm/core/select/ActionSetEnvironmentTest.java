package dev.eaglelm.core.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.ActionSet;
import dev.eaglelm.core.ActionSetSelector;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.policy.ReferencePolicies;
import dev.eaglelm.core.search.ExhaustiveSearch;
import dev.eaglelm.core.train.Trainer;
import dev.eaglelm.core.train.TrainerConfig;
import dev.eaglelm.core.train.TrainingResult;
import dev.eaglelm.core.utility.GaussianUtility;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ActionSetEnvironmentTest {

    static LinearEmbeddingEnvironment base(int k) {
        return LinearEmbeddingEnvironment.builder().dimension(3).actionsPerState(k).horizon(3)
                .utility(new GaussianUtility(new double[] {1.2, 1.2, 0}, 1.0)).seed(4).anchors(3).build();
    }

    /**
     * A hand-made "design" selector: keeps the k candidates whose next state has the largest first coordinate
     * and gives them weights proportional to 0, 1, 2, ... by rank, so the lowest-ranked kept action has design
     * weight 0 (a design's rounding can leave such actions).
     */
    static final class TopFirstCoordinate implements ActionSetSelector {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public <A> ActionSet<A> select(List<A> candidates, INDArray next, int k, long seed) {
            calls.incrementAndGet();
            double[][] rows = next.toDoubleMatrix();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                order.add(i);
            }
            order.sort((a, b) -> Double.compare(rows[b][0], rows[a][0]));
            int m = Math.min(k, rows.length);
            int[] idx = new int[m];
            List<A> kept = new ArrayList<>();
            double[] w = new double[m];
            for (int i = 0; i < m; i++) {
                idx[i] = order.get(i);
                kept.add(candidates.get(idx[i]));
                w[i] = m - 1 - i;
            }
            return new ActionSet<>(kept, idx, ActionDistribution.proportionalTo(w), name());
        }

        @Override
        public String name() {
            return "top-first-coordinate";
        }
    }

    @Test
    void keepsTheSelectorsActionsAndCachesThemPerState() {
        LinearEmbeddingEnvironment env = base(6);
        TopFirstCoordinate selector = new TopFirstCoordinate();
        ActionSetEnvironment<State, Move> reduced = ActionSetEnvironment.<State, Move>builder().environment(env)
                .embeddings(env).selector(selector).keep(3).build();
        State s = reduced.reset(0);
        List<Move> kept = reduced.actions(s);
        assertEquals(3, kept.size());
        double[][] all = env.embed(s, env.actions(s)).nextStates();
        double[] firsts = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            firsts[i] = all[i][0];
        }
        java.util.Arrays.sort(firsts);
        EmbeddedState e = reduced.embed(s, kept);
        assertEquals(firsts[5], e.nextStates()[0][0], 0.0);
        assertEquals(firsts[3], e.nextStates()[2][0], 0.0);
        // the cached rows are the underlying view's rows of the kept actions
        EmbeddedState direct = env.embed(s, kept);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(direct.nextStates()[i], e.nextStates()[i], 0.0);
            assertArrayEquals(direct.actions()[i], e.actions()[i], 0.0);
        }
        assertSame(reduced.actionSet(s), reduced.actionSet(s));
        reduced.actions(s);
        assertEquals(1, selector.calls.get(), "the set must be built once per state");
        assertTrue(reduced.cacheStats().hits() >= 3);
        assertEquals(1, reduced.cacheStats().misses());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> reduced.step(s,
                env.actions(s).stream().filter(m -> !kept.contains(m)).findFirst().orElseThrow()));
        assertTrue(ex.getMessage().contains("not in the reduced action set"), ex.getMessage());
    }

    @Test
    void selectionsArePureFunctionsOfTheStateWhateverTheCache() {
        LinearEmbeddingEnvironment env = base(8);
        ActionSetEnvironment<State, Move> tiny = ActionSetEnvironment.<State, Move>builder().environment(env)
                .embeddings(env).selector(new RandomActionSetSelector()).keep(3).seed(77).maxCachedStates(1).build();
        ActionSetEnvironment<State, Move> big = ActionSetEnvironment.<State, Move>builder().environment(env)
                .embeddings(env).selector(new RandomActionSetSelector()).keep(3).seed(77).build();
        ActionSetEnvironment<State, Move> otherSeed = ActionSetEnvironment.<State, Move>builder().environment(env)
                .embeddings(env).selector(new RandomActionSetSelector()).keep(3).seed(78).build();
        boolean differs = false;
        for (State s : env.anchors()) {
            for (int round = 0; round < 2; round++) {
                assertEquals(big.actionSet(s), tiny.actionSet(s));
            }
            differs |= !big.actionSet(s).equals(otherSeed.actionSet(s));
        }
        assertTrue(differs, "the selection seed should matter");
        // the exact optimum of the reduced problem is at most that of the full one
        for (State s : env.anchors()) {
            double reducedOpt = ExhaustiveSearch.optimum(big, s).value();
            assertTrue(reducedOpt <= env.optimalPlan(s).value() + 1e-12);
        }
    }

    @Test
    void designReferenceKeepsEveryKeptActionInItsSupport() {
        LinearEmbeddingEnvironment env = base(6);
        ActionSetEnvironment<State, Move> reduced = ActionSetEnvironment.<State, Move>builder().environment(env)
                .embeddings(env).selector(new TopFirstCoordinate()).keep(4).build();
        Agent<State, Move> raw = ReferencePolicies.design(reduced, 0.0);
        Agent<State, Move> smoothed = ReferencePolicies.design(reduced, 0.1);
        State s0 = env.anchors().get(0);
        // the raw design weights are the selector's: 3/6, 2/6, 1/6, 0
        assertArrayEquals(new double[] {0.5, 1.0 / 3, 1.0 / 6, 0}, raw.distribution(s0, reduced.actions(s0))
                .probabilities(), 1e-15);
        assertArrayEquals(new double[] {0.9 * 0.5 + 0.025, 0.9 / 3 + 0.025, 0.9 / 6 + 0.025, 0.025},
                smoothed.distribution(s0, reduced.actions(s0)).probabilities(), 1e-15);
        // every state the agent can visit: all kept actions have positive reference probability
        for (State s : env.anchors()) {
            double zeros = ExhaustiveSearch.expectedStateSum(reduced, s, ReferencePolicies.uniform(),
                    (x, actions) -> {
                        double[] q = smoothed.distribution(x, actions).probabilities();
                        assertEquals(4, q.length);
                        int count = 0;
                        for (double v : q) {
                            count += v > 0 ? 0 : 1;
                        }
                        return count;
                    });
            assertEquals(0.0, zeros, "smoothed design reference lost an action");
        }
        // so training with a KL penalty to it works, while the raw design makes the KL infinite
        TrainingResult<State, Move> r = Trainer.<State, Move>builder().environment(reduced).embeddings(reduced)
                .reference(smoothed).config(TrainerConfig.builder().iterations(3).episodesPerIteration(16).build())
                .build().train();
        assertTrue(Double.isFinite(r.last().kl()) && r.last().kl() > 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trainer.<State, Move>builder()
                .environment(reduced).embeddings(reduced).reference(raw)
                .config(TrainerConfig.builder().iterations(1).build()).build().train());
        assertTrue(e.getMessage().contains("top-first-coordinate"), e.getMessage());
        // offered actions that are not the kept set are rejected
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> smoothed.distribution(s0, env.actions(s0)));
        assertTrue(ex.getMessage().contains("not the 4 actions the top-first-coordinate selector kept"),
                ex.getMessage());
    }

    @Test
    void randomSelectorReferenceIsUniformOnItsSubset() {
        LinearEmbeddingEnvironment env = base(7);
        ActionSetEnvironment<State, Move> reduced = ActionSetEnvironment.<State, Move>builder().environment(env)
                .embeddings(env).selector(new RandomActionSetSelector()).keep(3).seed(1).build();
        Agent<State, Move> design = ReferencePolicies.design(reduced, 0.0);
        for (State s : env.anchors()) {
            assertEquals(ActionDistribution.uniform(3), design.distribution(s, reduced.actions(s)));
        }
        assertEquals("random", design.name());
        assertNotEquals(env.id(), reduced.id());
    }

    @Test
    void builderNamesEveryMissingPart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActionSetEnvironment.<State, Move>builder().build());
        for (String part : List.of("environment", "embeddings", "selector", "keep")) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
