package dev.eaglelm.core.eval;

import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Episode;
import dev.eaglelm.core.rollout.Rollouts;
import java.util.Objects;

/**
 * A way to produce an episode from a start state: roll out a policy, sample several rollouts and keep the
 * best ({@link BestOfN}), or search a tree of action sequences ({@code dev.eaglelm.core.search}). The
 * {@link Evaluation} compares strategies on the same start states.
 *
 * <p>A strategy must start from {@code environment.reset(seed)} (so that strategies evaluated with the same
 * seed share their start state) and must draw all its randomness from {@code seed}. It may take any number
 * of transitions (searches and best-of-N try many); a counting environment charges them all.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public interface EpisodeStrategy<S, A> {

    /**
     * Produces an episode.
     *
     * @param environment the environment
     * @param seed selects the start state ({@code environment.reset(seed)}) and seeds the strategy
     * @return the episode the strategy returns (for a search: the path to its best leaf)
     */
    Episode<S, A> run(Environment<S, A> environment, long seed);

    /**
     * Returns a short name for reports.
     *
     * @return the name
     */
    String name();

    /**
     * The strategy that rolls out a policy once ({@link Rollouts#run}).
     *
     * @param agent the policy
     * @param <S> the state type
     * @param <A> the action type
     * @return the strategy, named like the agent
     */
    static <S, A> EpisodeStrategy<S, A> of(Agent<S, A> agent) {
        return of(agent, agent.name());
    }

    /**
     * The strategy that rolls out a policy once, under another name.
     *
     * @param agent the policy
     * @param name the name for reports
     * @param <S> the state type
     * @param <A> the action type
     * @return the strategy
     */
    static <S, A> EpisodeStrategy<S, A> of(Agent<S, A> agent, String name) {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(name, "name");
        return new EpisodeStrategy<>() {
            @Override
            public Episode<S, A> run(Environment<S, A> environment, long seed) {
                return Rollouts.run(environment, agent, seed);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return "Rollout[" + name + "]";
            }
        };
    }
}
