package dev.eaglelm.core.rollout;

import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Episode;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.stats.MeanEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runs agents in environments.
 *
 * <p>Episode {@code i} of a batch with base seed {@code b} uses the seed {@link #episodeSeed(long, int)
 * episodeSeed(b, i)} for the start state and a stream derived from it for the agent's sampling. Two agents
 * evaluated with the same base seed therefore start from the same states (common random numbers), which
 * makes their paired comparison sharper.
 */
public final class Rollouts {

    private Rollouts() {
    }

    /**
     * Returns the seed of episode {@code index} in a batch.
     *
     * @param baseSeed the batch's seed
     * @param index the episode's index in the batch
     * @return the episode seed
     */
    public static long episodeSeed(long baseSeed, int index) {
        return Seeds.mix(baseSeed, index);
    }

    /**
     * Runs one episode to the horizon.
     *
     * @param environment the environment
     * @param agent the agent
     * @param seed seeds the start state and the agent's sampling
     * @param <S> the state type
     * @param <A> the action type
     * @return the episode
     * @throws IllegalStateException if the environment offers no action, or does not end within its horizon
     */
    public static <S, A> Episode<S, A> run(Environment<S, A> environment, Agent<S, A> agent, long seed) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(agent, "agent");
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "agent"));
        S start = environment.reset(seed);
        S state = start;
        List<Transition<S, A>> transitions = new ArrayList<>(environment.horizon());
        for (int t = 0; t < environment.horizon(); t++) {
            List<A> actions = environment.actions(state);
            if (actions.isEmpty()) {
                throw new IllegalStateException("environment offered no action at step " + t);
            }
            A action = agent.act(state, actions, rng);
            Transition<S, A> transition = environment.step(state, action);
            transitions.add(transition);
            state = transition.next();
            if (transition.terminal()) {
                return new Episode<>(seed, agent.name(), start, transitions);
            }
        }
        throw new IllegalStateException("environment did not end within its horizon " + environment.horizon());
    }

    /**
     * Runs a batch of episodes.
     *
     * @param environment the environment
     * @param agent the agent
     * @param episodes the number of episodes, &ge; 1
     * @param baseSeed the batch seed (see {@link #episodeSeed})
     * @param listener receives one report per episode, under the task name {@code "episodes (" + agent + ")"}
     * @param <S> the state type
     * @param <A> the action type
     * @return the episodes in order
     * @throws IllegalArgumentException if {@code episodes < 1}
     */
    public static <S, A> List<Episode<S, A>> runMany(Environment<S, A> environment, Agent<S, A> agent, int episodes,
            long baseSeed, ProgressListener listener) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        String task = "episodes (" + agent.name() + ")";
        listener.started(task, episodes, "episodes");
        List<Episode<S, A>> out = new ArrayList<>(episodes);
        try {
            for (int i = 0; i < episodes; i++) {
                out.add(run(environment, agent, episodeSeed(baseSeed, i)));
                listener.advanced(task, i + 1, episodes);
            }
        } finally {
            listener.finished(task, out.size());
        }
        return out;
    }

    /**
     * Estimates an agent's mean return over a batch of episodes.
     *
     * @param environment the environment
     * @param agent the agent
     * @param episodes the number of episodes, &ge; 1
     * @param baseSeed the batch seed (see {@link #episodeSeed})
     * @param listener receives progress reports
     * @param <S> the state type
     * @param <A> the action type
     * @return the mean return with its 95% confidence interval
     */
    public static <S, A> MeanEstimate meanReturn(Environment<S, A> environment, Agent<S, A> agent, int episodes,
            long baseSeed, ProgressListener listener) {
        List<Episode<S, A>> batch = runMany(environment, agent, episodes, baseSeed, listener);
        double[] returns = new double[batch.size()];
        for (int i = 0; i < returns.length; i++) {
            returns[i] = batch.get(i).totalReturn();
        }
        return MeanEstimate.of(returns);
    }
}
