package dev.eaglelm.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.policy.EagleAgent;
import dev.eaglelm.core.policy.PolicyArchitecture;
import dev.eaglelm.core.policy.PolicyModel;
import dev.eaglelm.core.policy.PolicyNetwork;
import dev.eaglelm.core.policy.ReferencePolicies;
import dev.eaglelm.core.search.ExhaustiveSearch;
import dev.eaglelm.core.utility.GaussianUtility;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The trainer's policy-gradient estimator is unbiased for the regularised objective
 * J(theta) = E[R] - alpha E[sum_t KL_t] + beta E[sum_t H_t]: its expectation, computed exactly by enumerating
 * every trajectory with its probability, equals the finite-difference gradient of J, itself computed exactly
 * by enumeration. This checks the KL and entropy gradients at visited states AND the charging of later
 * states' regularisers to earlier actions (drop the shaping and the test fails).
 */
class ExactGradientTest {

    static final double T = 0.8;

    final GaussianUtility utility = new GaussianUtility(new double[] {1.0, -0.5}, 0.8);
    final LinearEmbeddingEnvironment env = LinearEmbeddingEnvironment.builder().dimension(2).actionsPerState(3)
            .horizon(2).start(new double[] {0.3, -0.2}).utility(utility).seed(9).build();
    final State start = env.reset(0);

    double objective(PolicyModel model, Agent<State, Move> reference, double alpha, double beta) {
        EagleAgent<State, Move> agent = new EagleAgent<>(env, model, T);
        double r = ExhaustiveSearch.expectedReturn(env, start, agent);
        double reg = ExhaustiveSearch.expectedStateSum(env, start, agent, (s, actions) -> {
            ActionDistribution p = agent.distribution(s, actions);
            return -alpha * p.klDivergence(reference.distribution(s, actions)) + beta * p.entropy();
        });
        return r + reg;
    }

    /** E[estimator] by enumeration: sum over trajectories of P(tau) * (the trainer's per-episode gradient). */
    double[] expectedEstimator(PolicyModel model, Agent<State, Move> reference, double alpha, double beta,
            double[] phi) {
        PolicyNetwork net = model.network();
        double[] theta = model.policyParameters();
        double[] grad = new double[theta.length];
        walk(net, theta, reference, start, 1.0, new ArrayList<>(), alpha, beta, phi, grad);
        return grad;
    }

    record Visit(EmbeddedState input, int action, double[] logp, double[] logq, double reward) {
    }

    void walk(PolicyNetwork net, double[] theta, Agent<State, Move> reference, State s, double prob,
            List<Visit> path, double alpha, double beta, double[] phi, double[] grad) {
        List<Move> actions = env.actions(s);
        EmbeddedState input = env.embed(s, actions);
        double[] logp = PolicyGradient.logSoftmax(net.forward(theta, input).scores(), T);
        double[] q = reference.distribution(s, actions).probabilities();
        double[] logq = new double[q.length];
        for (int j = 0; j < q.length; j++) {
            logq[j] = Math.log(q[j]);
        }
        for (int a = 0; a < actions.size(); a++) {
            Transition<State, Move> tr = env.step(s, actions.get(a));
            List<Visit> p = new ArrayList<>(path);
            p.add(new Visit(input, a, logp, logq, tr.reward()));
            double pa = prob * Math.exp(logp[a]);
            if (tr.terminal()) {
                addEpisode(net, theta, p, pa, alpha, beta, phi, grad);
            } else {
                walk(net, theta, reference, tr.next(), pa, p, alpha, beta, phi, grad);
            }
        }
    }

    void addEpisode(PolicyNetwork net, double[] theta, List<Visit> path, double prob, double alpha, double beta,
            double[] phi, double[] grad) {
        int n = path.size();
        double[] rewards = new double[n];
        double[] kls = new double[n];
        double[] ent = new double[n];
        double[] values = new double[n];
        for (int t = 0; t < n; t++) {
            Visit v = path.get(t);
            rewards[t] = v.reward();
            kls[t] = PolicyGradient.kl(v.logp(), v.logq());
            ent[t] = PolicyGradient.entropy(v.logp());
            values[t] = phi == null ? 0 : net.value(phi, v.input());
        }
        double[] shaped = Trainer.shapedRewards(rewards, kls, ent, alpha, beta);
        double[] adv = Gae.compute(shaped, values, 1.0, 1.0).advantages();
        for (int t = 0; t < n; t++) {
            Visit v = path.get(t);
            Trainer.addObjectiveGradient(net, theta, v.input(), v.action(), v.logq(), adv[t], alpha, beta, T, prob,
                    grad);
        }
    }

    void check(PolicyArchitecture arch, Agent<State, Move> reference, double alpha, double beta, boolean baseline) {
        PolicyNetwork net = PolicyNetwork.forView(arch, env);
        SplittableRandom rng = new SplittableRandom(17);
        double[] theta = new double[net.policyParameterCount()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.7 * rng.nextGaussian();
        }
        double[] phi = new double[net.valueParameterCount()];
        for (int i = 0; i < phi.length; i++) {
            phi[i] = 0.5 * rng.nextGaussian();
        }
        PolicyModel model = new PolicyModel(net, theta, phi);
        double[] estimator = expectedEstimator(model, reference, alpha, beta, baseline ? phi : null);
        double h = 1e-5;
        double norm = 0;
        for (int i = 0; i < theta.length; i++) {
            double[] up = theta.clone();
            up[i] += h;
            double[] down = theta.clone();
            down[i] -= h;
            double fd = (objective(new PolicyModel(net, up, phi), reference, alpha, beta)
                    - objective(new PolicyModel(net, down, phi), reference, alpha, beta)) / (2 * h);
            assertEquals(fd, estimator[i], 1e-7, arch + ", alpha " + alpha + ", beta " + beta + ", parameter " + i);
            norm += fd * fd;
        }
        assertTrue(norm > 1e-6, "the gradient should not vanish at a random point: " + norm);
    }

    /** Remembers a reference policy's distributions: they do not depend on theta. */
    static Agent<State, Move> cached(Agent<State, Move> reference) {
        java.util.Map<State, ActionDistribution> memo = new java.util.concurrent.ConcurrentHashMap<>();
        return new Agent<>() {
            @Override
            public ActionDistribution distribution(State s, List<Move> actions) {
                return memo.computeIfAbsent(s, x -> reference.distribution(x, actions));
            }

            @Override
            public String name() {
                return reference.name();
            }
        };
    }

    @Test
    void expectedUpdateIsTheGradientOfTheRegularisedObjective() {
        Agent<State, Move> optimistic = cached(ReferencePolicies.optimistic(env, utility, 0.5));
        check(PolicyArchitecture.mlp(3), optimistic, 0.3, 0.0, false);
        check(PolicyArchitecture.mlp(3), optimistic, 0.3, 0.2, true);
        check(PolicyArchitecture.linear(), ReferencePolicies.uniform(), 0.5, 0.1, true);
        check(PolicyArchitecture.linear(), optimistic, 0.0, 0.0, false);
    }

    @Test
    void withoutChargingLaterKlToEarlierActionsTheUpdateIsBiased() {
        // sanity check that the test above can fail: per-state KL gradients alone are not the gradient of J
        PolicyNetwork net = PolicyNetwork.forView(PolicyArchitecture.linear(), env);
        double[] theta = {0.9, -0.4, 1.1, 0.3};
        PolicyModel model = new PolicyModel(net, theta, new double[net.valueParameterCount()]);
        Agent<State, Move> optimistic = cached(ReferencePolicies.optimistic(env, utility, 0.5));
        double alpha = 0.5;
        double[] full = expectedEstimator(model, optimistic, alpha, 0, null);
        double[] unshaped = new double[theta.length];
        // the same walk, but advantages from the raw rewards
        walkUnshaped(net, theta, optimistic, start, 1.0, new ArrayList<>(), alpha, unshaped);
        double diff = 0;
        for (int i = 0; i < theta.length; i++) {
            diff += Math.abs(full[i] - unshaped[i]);
        }
        assertTrue(diff > 1e-4, "shaping should matter here, difference " + diff);
    }

    void walkUnshaped(PolicyNetwork net, double[] theta, Agent<State, Move> reference, State s, double prob,
            List<Visit> path, double alpha, double[] grad) {
        List<Move> actions = env.actions(s);
        EmbeddedState input = env.embed(s, actions);
        double[] logp = PolicyGradient.logSoftmax(net.forward(theta, input).scores(), T);
        double[] q = reference.distribution(s, actions).probabilities();
        double[] logq = new double[q.length];
        for (int j = 0; j < q.length; j++) {
            logq[j] = Math.log(q[j]);
        }
        for (int a = 0; a < actions.size(); a++) {
            Transition<State, Move> tr = env.step(s, actions.get(a));
            List<Visit> p = new ArrayList<>(path);
            p.add(new Visit(input, a, logp, logq, tr.reward()));
            double pa = prob * Math.exp(logp[a]);
            if (tr.terminal()) {
                double ret = 0;
                for (Visit v : p) {
                    ret += v.reward();
                }
                for (Visit v : p) {
                    Trainer.addObjectiveGradient(net, theta, v.input(), v.action(), v.logq(), ret, alpha, 0, T, pa,
                            grad);
                }
            } else {
                walkUnshaped(net, theta, reference, tr.next(), pa, p, alpha, grad);
            }
        }
    }
}
