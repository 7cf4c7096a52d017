package dev.eaglelm.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GaeTest {

    /**
     * rewards (0, 0, 1), values (0.5, 0.2, 0.8), gamma 0.9, lambda 0.5, V(x_3) = 0:
     * deltas: d2 = 1 - 0.8 = 0.2; d1 = 0.9 * 0.8 - 0.2 = 0.52; d0 = 0.9 * 0.2 - 0.5 = -0.32.
     * advantages (gamma * lambda = 0.45): A2 = 0.2; A1 = 0.52 + 0.45 * 0.2 = 0.61;
     * A0 = -0.32 + 0.45 * 0.61 = -0.0455. Returns to go: 0.81, 0.9, 1.
     */
    @Test
    void handComputedExample() {
        Gae.Result r = Gae.compute(new double[] {0, 0, 1}, new double[] {0.5, 0.2, 0.8}, 0.9, 0.5);
        assertArrayEquals(new double[] {-0.0455, 0.61, 0.2}, r.advantages(), 1e-12);
        assertArrayEquals(new double[] {0.81, 0.9, 1.0}, r.returns(), 1e-12);
    }

    @Test
    void lambdaOneIsReturnMinusValueAndLambdaZeroIsTheTdError() {
        double[] rewards = {0.3, -0.1, 0.7, 2.0};
        double[] values = {1.0, 0.4, -0.2, 0.9};
        double gamma = 0.8;
        Gae.Result mc = Gae.compute(rewards, values, gamma, 1.0);
        double[] g = new double[4];
        double acc = 0;
        for (int t = 3; t >= 0; t--) {
            acc = rewards[t] + gamma * acc;
            g[t] = acc;
        }
        double[] expected = new double[4];
        for (int t = 0; t < 4; t++) {
            expected[t] = g[t] - values[t];
        }
        assertArrayEquals(expected, mc.advantages(), 1e-12);
        assertArrayEquals(g, mc.returns(), 1e-12);
        Gae.Result td = Gae.compute(rewards, values, gamma, 0.0);
        double[] deltas = new double[4];
        for (int t = 0; t < 4; t++) {
            deltas[t] = rewards[t] + gamma * (t + 1 < 4 ? values[t + 1] : 0) - values[t];
        }
        assertArrayEquals(deltas, td.advantages(), 1e-12);
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Gae.compute(new double[2], new double[3], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Gae.compute(new double[0], new double[0], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Gae.compute(new double[1], new double[1], 1.5, 1));
    }
}
