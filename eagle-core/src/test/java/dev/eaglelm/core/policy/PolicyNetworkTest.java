package dev.eaglelm.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.utility.GaussianUtility;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PolicyNetworkTest {

    static EmbeddedState randomState(SplittableRandom rng, int d, int da, int k, boolean next, int stepsLeft) {
        double[] z = gaussian(rng, d);
        double[][] a = da == 0 ? null : new double[k][];
        double[][] n = next ? new double[k][] : null;
        for (int i = 0; i < k; i++) {
            if (a != null) {
                a[i] = gaussian(rng, da);
            }
            if (n != null) {
                n[i] = gaussian(rng, d);
            }
        }
        return new EmbeddedState(z, a, n, stepsLeft);
    }

    static double[] gaussian(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    /** Checks backward() against central finite differences of sum_a g_a f_a(theta). */
    void checkScoreGradient(PolicyArchitecture arch, int d, int da, boolean next) {
        SplittableRandom rng = new SplittableRandom(11);
        PolicyNetwork net = new PolicyNetwork(arch, d, da, next);
        double[] theta = gaussian(rng, net.policyParameterCount());
        for (int i = 0; i < theta.length; i++) {
            theta[i] *= 0.5;
        }
        EmbeddedState x = randomState(rng, d, da, 4, next, 3);
        double[] g = gaussian(rng, 4);
        double[] analytic = new double[theta.length];
        net.backward(theta, net.forward(theta, x), g, analytic);
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + h;
            double up = weighted(net.forward(theta, x).scores(), g);
            theta[i] = keep - h;
            double down = weighted(net.forward(theta, x).scores(), g);
            theta[i] = keep;
            assertEquals((up - down) / (2 * h), analytic[i], 1e-6 * Math.max(1, Math.abs(analytic[i])),
                    arch + " parameter " + i);
        }
    }

    static double weighted(double[] scores, double[] g) {
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            s += g[i] * scores[i];
        }
        return s;
    }

    @Test
    void scoreGradientsMatchFiniteDifferences() {
        checkScoreGradient(PolicyArchitecture.linear(), 3, 2, true);
        checkScoreGradient(PolicyArchitecture.linear(), 3, 0, true);
        checkScoreGradient(PolicyArchitecture.mlp(5), 3, 2, true);
        checkScoreGradient(PolicyArchitecture.mlp(4), 3, 2, false);
        checkScoreGradient(PolicyArchitecture.mlp(4), 2, 0, true);
    }

    @Test
    void pairedDotProductsAreBitIdenticalToSingleOnes() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int n : new int[] {1, 3, 4, 7, 384}) {
            double[] w = gaussian(rng, n + 5);
            double[] x = gaussian(rng, n);
            double[] y = gaussian(rng, n);
            double[] out = new double[2];
            PolicyNetwork.dot2(w, 5, x, y, n, out);
            assertEquals(Double.doubleToLongBits(PolicyNetwork.dot(w, 5, x, n)), Double.doubleToLongBits(out[0]));
            assertEquals(Double.doubleToLongBits(PolicyNetwork.dot(w, 5, y, n)), Double.doubleToLongBits(out[1]));
        }
    }

    @Test
    void valueGradientsMatchFiniteDifferences() {
        for (PolicyArchitecture arch : new PolicyArchitecture[] {new PolicyArchitecture(3, 0),
            new PolicyArchitecture(3, 6)}) {
            SplittableRandom rng = new SplittableRandom(5);
            PolicyNetwork net = new PolicyNetwork(arch, 3, 2, true);
            double[] phi = gaussian(rng, net.valueParameterCount());
            EmbeddedState x = randomState(rng, 3, 2, 2, true, 2);
            double[] analytic = new double[phi.length];
            double v = net.valueBackward(phi, x, 1.0, analytic);
            assertEquals(net.value(phi, x), v, 0.0);
            double h = 1e-6;
            for (int i = 0; i < phi.length; i++) {
                double keep = phi[i];
                phi[i] = keep + h;
                double up = net.value(phi, x);
                phi[i] = keep - h;
                double down = net.value(phi, x);
                phi[i] = keep;
                assertEquals((up - down) / (2 * h), analytic[i], 1e-6, arch + " value parameter " + i);
            }
        }
    }

    @Test
    void freshAgentIsUniformAndGreedyDecodingTakesTheTopScore() {
        LinearEmbeddingEnvironment env = LinearEmbeddingEnvironment.builder().dimension(3).actionsPerState(5)
                .horizon(2).utility(new GaussianUtility(new double[] {1, 0, 0}, 1)).seed(3).build();
        LinearEmbeddingEnvironment.State s = env.reset(1);
        EagleAgent<LinearEmbeddingEnvironment.State, LinearEmbeddingEnvironment.Move> fresh =
                EagleAgent.initial(env, PolicyArchitecture.mlp(8), 1.0, 42);
        assertEquals(ActionDistribution.uniform(5), fresh.distribution(s, env.actions(s)));
        // ties: all scores are 0, so greedy decoding shares the mass
        assertEquals(ActionDistribution.uniform(5), fresh.greedy().distribution(s, env.actions(s)));

        SplittableRandom rng = new SplittableRandom(2);
        PolicyNetwork net = PolicyNetwork.forView(PolicyArchitecture.linear(), env);
        PolicyModel model = new PolicyModel(net, gaussian(rng, net.policyParameterCount()),
                new double[net.valueParameterCount()]);
        EagleAgent<LinearEmbeddingEnvironment.State, LinearEmbeddingEnvironment.Move> agent =
                new EagleAgent<>(env, model, 0.7);
        double[] scores = net.forward(model.policyParameters(), env.embed(s, env.actions(s))).scores();
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        double[] p = agent.distribution(s, env.actions(s)).probabilities();
        assertArrayEquals(PolicyNetwork.softmax(scores, 0.7), p, 1e-15);
        double sum = 0;
        for (double v : scores) {
            sum += Math.exp((v - scores[best]) / 0.7);
        }
        assertEquals(1 / sum, p[best], 1e-12, "softmax at T = 0.7");
        assertEquals(1.0, agent.greedy().distribution(s, env.actions(s)).probability(best));
        assertEquals("eagle-greedy", agent.greedy().name());
    }

    @Test
    void shapesAreChecked() {
        PolicyNetwork net = new PolicyNetwork(PolicyArchitecture.mlp(3), 3, 2, true);
        SplittableRandom rng = new SplittableRandom(1);
        double[] theta = new double[net.policyParameterCount()];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(theta, randomState(rng, 4, 2, 3, true, 1)));
        assertTrue(e.getMessage().contains("dimension 4, expected 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.forward(new double[3], randomState(rng, 3, 2, 3,
                true, 1)));
        assertTrue(e.getMessage().contains("3 policy parameters"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PolicyNetwork(PolicyArchitecture.linear(), 3, 0,
                false));
        assertTrue(e.getMessage().contains("no per-action feature"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EagleAgent<>(
                LinearEmbeddingEnvironment.builder().dimension(2).utility(z -> new double[] {0}).build(),
                PolicyModel.initial(net, 1), 1.0));
        assertTrue(e.getMessage().contains("does not fit the view"), e.getMessage());
    }

    @Test
    void architecturesParseWhatTheyPrint() {
        for (PolicyArchitecture a : new PolicyArchitecture[] {PolicyArchitecture.linear(), PolicyArchitecture.mlp(32),
            new PolicyArchitecture(7, 0)}) {
            assertEquals(a, PolicyArchitecture.parse(a.toString()));
        }
        assertEquals(PolicyArchitecture.mlp(16), PolicyArchitecture.parse("mlp(16)"));
        assertThrows(IllegalArgumentException.class, () -> PolicyArchitecture.parse("cnn(3)"));
        assertThrows(IllegalArgumentException.class, () -> PolicyArchitecture.mlp(0));
    }
}
