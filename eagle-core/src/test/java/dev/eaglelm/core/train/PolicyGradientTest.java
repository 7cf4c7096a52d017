package dev.eaglelm.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ActionDistribution;
import org.junit.jupiter.api.Test;

class PolicyGradientTest {

    static final double LN3 = Math.log(3);

    /**
     * pi = softmax(0, ln 2, ln 3) = (1/6, 2/6, 3/6); q uniform (1/3 each):
     * KL = 1/6 ln(1/2) + 1/3 ln(1) + 1/2 ln(3/2) = -0.1155245 + 0 + 0.2027326 = 0.0872081 nats;
     * H = 1/6 ln 6 + 1/3 ln 3 + 1/2 ln 2 = 0.2986266 + 0.3662041 + 0.3465736 = 1.0114043 nats.
     */
    @Test
    void exactKlAndEntropyOfAHandComputedCase() {
        double[] logp = PolicyGradient.logSoftmax(new double[] {0, Math.log(2), LN3}, 1.0);
        assertEquals(Math.log(1.0 / 6), logp[0], 1e-15);
        double[] logq = {-LN3, -LN3, -LN3};
        assertEquals(0.0872081, PolicyGradient.kl(logp, logq), 1e-7);
        assertEquals(1.0114043, PolicyGradient.entropy(logp), 1e-7);
        // the same number from the foundation's ActionDistribution
        assertEquals(ActionDistribution.of(1.0 / 6, 2.0 / 6, 3.0 / 6).klDivergence(ActionDistribution.uniform(3)),
                PolicyGradient.kl(logp, logq), 1e-15);
        // temperature 2 halves the scores: softmax(0, ln2 / 2, ln3 / 2) is proportional to (1, sqrt 2, sqrt 3)
        double[] half = PolicyGradient.logSoftmax(new double[] {0, Math.log(2), LN3}, 2.0);
        double z = 1 + Math.sqrt(2) + Math.sqrt(3);
        assertEquals(Math.sqrt(3) / z, Math.exp(half[2]), 1e-15);
    }

    @Test
    void klIsInfiniteOffTheReferenceSupport() {
        double[] logp = PolicyGradient.logSoftmax(new double[] {0, 0}, 1.0);
        assertEquals(Double.POSITIVE_INFINITY, PolicyGradient.kl(logp, new double[] {0, Double.NEGATIVE_INFINITY}));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PolicyGradient.scoreGradient(
                logp, new double[] {0, Double.NEGATIVE_INFINITY}, 0, 1, 0.1, 0, 1));
        assertTrue(e.getMessage().contains("smooth the reference"), e.getMessage());
    }

    /** The per-state objective A log pi(a) - alpha KL(pi || q) + beta H(pi), as a function of the scores. */
    static double objective(double[] scores, double[] logq, int a, double adv, double alpha, double beta, double t) {
        double[] logp = PolicyGradient.logSoftmax(scores, t);
        return adv * logp[a] - alpha * PolicyGradient.kl(logp, logq) + beta * PolicyGradient.entropy(logp);
    }

    @Test
    void scoreGradientMatchesFiniteDifferences() {
        double[] scores = {0.3, -1.2, 0.8, 0.1};
        double[] q = {0.1, 0.2, 0.3, 0.4};
        double[] logq = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            logq[i] = Math.log(q[i]);
        }
        double[][] cases = {{1.7, 0, 0, 1}, {0, 0.5, 0, 1}, {0, 0, 0.3, 1}, {-0.6, 0.2, 0.1, 0.7}, {2.0, 1.5, 0.4, 2.5}};
        for (double[] c : cases) {
            for (int a = 0; a < 4; a++) {
                double[] g = PolicyGradient.scoreGradient(PolicyGradient.logSoftmax(scores, c[3]), logq, a, c[0], c[1],
                        c[2], c[3]);
                double h = 1e-6;
                for (int j = 0; j < 4; j++) {
                    double[] up = scores.clone();
                    up[j] += h;
                    double[] down = scores.clone();
                    down[j] -= h;
                    double fd = (objective(up, logq, a, c[0], c[1], c[2], c[3])
                            - objective(down, logq, a, c[0], c[1], c[2], c[3])) / (2 * h);
                    assertEquals(fd, g[j], 1e-8, "case " + java.util.Arrays.toString(c) + ", action " + a + ", score "
                            + j);
                }
            }
        }
    }
}
