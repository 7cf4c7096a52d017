package dev.eaglelm.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActionDistributionTest {

    @Test
    void klDivergenceMatchesHandComputation() {
        ActionDistribution p = ActionDistribution.of(0.5, 0.5);
        ActionDistribution q = ActionDistribution.of(0.25, 0.75);
        // 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75)
        double expected = 0.5 * Math.log(2.0) + 0.5 * Math.log(2.0 / 3.0);
        assertEquals(expected, p.klDivergence(q), 1e-15);
        assertEquals(0.0, p.klDivergence(p), 0.0);
        // KL(q || p) = 0.25 ln(0.5) + 0.75 ln(1.5)
        assertEquals(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), q.klDivergence(p), 1e-15);
    }

    @Test
    void klIsInfiniteWhenPolicyLeavesTheReferenceSupport() {
        ActionDistribution p = ActionDistribution.of(0.5, 0.5, 0.0);
        ActionDistribution ref = ActionDistribution.of(1.0, 0.0, 0.0);
        assertEquals(Double.POSITIVE_INFINITY, p.klDivergence(ref));
        // mass only where the reference has mass: finite
        assertEquals(Math.log(2.0), ref.klDivergence(p), 1e-15);
    }

    @Test
    void entropyOfUniformIsLogN() {
        for (int n = 1; n <= 12; n++) {
            assertEquals(Math.log(n), ActionDistribution.uniform(n).entropy(), 1e-12);
        }
        assertEquals(0.0, ActionDistribution.of(0, 1, 0).entropy(), 0.0);
    }

    @Test
    void softmaxIsStableAndMatchesDefinition() {
        ActionDistribution p = ActionDistribution.softmax(new double[] {1000, 1001, 1002}, 1.0);
        double z = 1 + Math.E + Math.E * Math.E;
        assertArrayEquals(new double[] {1 / z, Math.E / z, Math.E * Math.E / z}, p.probabilities(), 1e-12);
        // temperature 2 halves the logits
        ActionDistribution q = ActionDistribution.softmax(new double[] {0, 2}, 2.0);
        assertEquals(1 / (1 + Math.E), q.probability(0), 1e-12);
    }

    @Test
    void argmaxSplitsTiesEqually() {
        ActionDistribution p = ActionDistribution.argmax(new double[] {1, 3, 2, 3}, 0.0);
        assertArrayEquals(new double[] {0, 0.5, 0, 0.5}, p.probabilities(), 0.0);
        assertEquals(1, p.mode());
    }

    @Test
    void mixtureIsConvexCombination() {
        ActionDistribution a = ActionDistribution.of(1, 0);
        ActionDistribution b = ActionDistribution.uniform(2);
        assertArrayEquals(new double[] {0.75, 0.25}, ActionDistribution.mixture(a, b, 0.5).probabilities(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ActionDistribution.mixture(a, b, 1.5));
        assertThrows(IllegalArgumentException.class,
                () -> ActionDistribution.mixture(a, ActionDistribution.uniform(3), 0.5));
    }

    @Test
    void samplingFrequenciesMatchProbabilities() {
        ActionDistribution p = ActionDistribution.of(0.1, 0.2, 0.0, 0.7);
        SplittableRandom rng = new SplittableRandom(3);
        int n = 200_000;
        int[] counts = new int[4];
        for (int i = 0; i < n; i++) {
            counts[p.sample(rng)]++;
        }
        assertEquals(0, counts[2], "zero-probability action was sampled");
        for (int i = 0; i < 4; i++) {
            double sd = Math.sqrt(n * p.probability(i) * (1 - p.probability(i)));
            assertEquals(n * p.probability(i), counts[i], 5 * sd + 1e-9, "action " + i);
        }
    }

    @Test
    void samplingIsDeterministicUnderASeed() {
        ActionDistribution p = ActionDistribution.softmax(new double[] {0.3, -1, 2, 0.5}, 1.0);
        SplittableRandom a = new SplittableRandom(11);
        SplittableRandom b = new SplittableRandom(11);
        for (int i = 0; i < 1000; i++) {
            assertEquals(p.sample(a), p.sample(b));
        }
    }

    @Test
    void invalidProbabilitiesAreRejectedWithTheirIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActionDistribution.of(0.5, -0.1, 0.6));
        assertTrue(e.getMessage().contains("probability 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ActionDistribution.of(0.5, 0.4));
        assertTrue(e.getMessage().contains("sum to 0.9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActionDistribution.of());
        assertThrows(IllegalArgumentException.class, () -> ActionDistribution.of(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> ActionDistribution.uniform(0));
        assertThrows(IllegalArgumentException.class, () -> ActionDistribution.softmax(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> ActionDistribution.proportionalTo(0, 0));
    }

    @Test
    void softmaxAlwaysSumsToOneAndKlIsNonNegative() {
        qt().withFixedSeed(42).withExamples(200)
                .forAll(lists().of(doubles().between(-50, 50)).ofSizeBetween(1, 20),
                        lists().of(doubles().between(-50, 50)).ofSizeBetween(1, 20),
                        integers().between(1, 5))
                .check((a, b, t) -> {
                    int n = Math.min(a.size(), b.size());
                    double[] x = a.stream().limit(n).mapToDouble(Double::doubleValue).toArray();
                    double[] y = b.stream().limit(n).mapToDouble(Double::doubleValue).toArray();
                    ActionDistribution p = ActionDistribution.softmax(x, t);
                    ActionDistribution q = ActionDistribution.softmax(y, t);
                    double sum = 0;
                    for (double v : p.probabilities()) {
                        sum += v;
                    }
                    double kl = p.klDivergence(q);
                    return Math.abs(sum - 1) < 1e-12 && kl >= 0 && p.entropy() <= Math.log(n) + 1e-12;
                });
    }
}
