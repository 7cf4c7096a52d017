package dev.eaglelm.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.eaglelm.core.ActionDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AgentsTest {

    @Test
    void uniformDistributionSumsToOneForEverySize() {
        UniformAgent<String, Integer> agent = new UniformAgent<>();
        qt().withFixedSeed(1).withExamples(100).forAll(integers().between(1, 500)).check(n -> {
            List<Integer> actions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                actions.add(i);
            }
            ActionDistribution p = agent.distribution("s", actions);
            double sum = 0;
            for (double v : p.probabilities()) {
                sum += v;
                if (Math.abs(v - 1.0 / n) > 1e-15) {
                    return false;
                }
            }
            return p.size() == n && Math.abs(sum - 1) < 1e-12;
        });
    }

    @Test
    void emptyActionSetsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new UniformAgent<String, Integer>().distribution("s",
                List.of()));
        GreedyAgent<String, Integer> greedy = new GreedyAgent<>((s, a) -> a);
        assertThrows(IllegalArgumentException.class, () -> greedy.distribution("s", List.of()));
    }

    @Test
    void greedyFollowsTheLookaheadAndActSamplesOnlyTheBest() {
        GreedyAgent<String, Integer> greedy = new GreedyAgent<>((s, a) -> -(a - 3) * (a - 3));
        List<Integer> actions = List.of(0, 1, 2, 3, 4, 5);
        ActionDistribution p = greedy.distribution("s", actions);
        assertEquals(1.0, p.probability(3));
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            assertEquals(3, greedy.act("s", actions, rng));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new GreedyAgent<String, Integer>((s, a) -> Double.NaN).distribution("s", List.of(1)));
        assertTrue(e.getMessage().contains("action 0"), e.getMessage());
    }
}
