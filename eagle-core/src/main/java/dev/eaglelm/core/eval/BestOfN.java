package dev.eaglelm.core.eval;

import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Episode;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Best-of-N sampling: roll out a policy N times from the same start state and keep the episode with the
 * highest return (the utility of its final text). An inference-time baseline that needs no training, only
 * N times the environment calls of one rollout: N &middot; H transitions per episode.
 *
 * <p><b>Equal budget.</b> Comparisons at equal cost set N so that N &middot; H equals the other method's
 * environment transitions per episode (an environment-LLM call each in a text environment); see
 * {@link #forBudget}. For the one-step-lookahead greedy policy, which tries all k actions and then takes one
 * at each of H steps, that is (k + 1) H transitions, so N = k + 1.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class BestOfN<S, A> implements EpisodeStrategy<S, A> {

    private final Agent<S, A> policy;
    private final int n;

    /**
     * Creates the strategy.
     *
     * @param policy the policy to sample from
     * @param n the number of rollouts, &ge; 1
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public BestOfN(Agent<S, A> policy, int n) {
        this.policy = Objects.requireNonNull(policy, "policy");
        if (n < 1) {
            throw new IllegalArgumentException("best-of-N: n must be >= 1, got " + n);
        }
        this.n = n;
    }

    /**
     * Creates the strategy with the largest N whose cost fits a budget.
     *
     * @param policy the policy to sample from
     * @param transitionsPerEpisode the budget, in environment transitions per episode
     * @param horizon H, the transitions of one rollout
     * @param <S> the state type
     * @param <A> the action type
     * @return best-of-N with N = max(1, floor(budget / H))
     */
    public static <S, A> BestOfN<S, A> forBudget(Agent<S, A> policy, double transitionsPerEpisode, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("best-of-N: horizon must be >= 1, got " + horizon);
        }
        return new BestOfN<>(policy, Math.max(1, (int) Math.floor(transitionsPerEpisode / horizon + 1e-9)));
    }

    @Override
    public Episode<S, A> run(Environment<S, A> environment, long seed) {
        S start = environment.reset(seed);
        Episode<S, A> best = null;
        for (int j = 0; j < n; j++) {
            Episode<S, A> e = rollout(environment, start, Seeds.mix(Seeds.derive(seed, "best-of-n"), j), seed);
            if (best == null || e.totalReturn() > best.totalReturn()) {
                best = e;
            }
        }
        return best;
    }

    private Episode<S, A> rollout(Environment<S, A> environment, S start, long sampleSeed, long seed) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(sampleSeed, "agent"));
        S state = start;
        List<Transition<S, A>> transitions = new ArrayList<>(environment.horizon());
        for (int t = 0; t < environment.horizon(); t++) {
            Transition<S, A> tr = environment.step(state, policy.act(state, environment.actions(state), rng));
            transitions.add(tr);
            state = tr.next();
            if (tr.terminal()) {
                return new Episode<>(seed, name(), start, transitions);
            }
        }
        throw new IllegalStateException("environment did not end within its horizon " + environment.horizon());
    }

    /**
     * Returns N.
     *
     * @return the number of rollouts per episode
     */
    public int n() {
        return n;
    }

    @Override
    public String name() {
        return "best-of-" + n + "(" + policy.name() + ")";
    }

    @Override
    public String toString() {
        return "BestOfN[" + n + ", " + policy.name() + "]";
    }
}
