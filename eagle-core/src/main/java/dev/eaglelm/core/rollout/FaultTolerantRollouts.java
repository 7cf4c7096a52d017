package dev.eaglelm.core.rollout;

import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Episode;
import dev.eaglelm.core.EpisodeFailedException;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.llm.BudgetExceededException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs batches of episodes in environments whose steps can fail (an LLM environment), optionally in
 * parallel, without losing work:
 *
 * <ul>
 *   <li>an {@link EpisodeFailedException} ends that episode only; the failure is recorded with the
 *       transitions made before it, and the other episodes go on;</li>
 *   <li>a {@link BudgetExceededException} stops the batch cleanly: episodes not yet started are skipped,
 *       finished ones are kept, and the report says why it stopped;</li>
 *   <li>any other exception is a bug and propagates.</li>
 * </ul>
 *
 * <p>Episode {@code i} uses the seed {@link Rollouts#episodeSeed(long, int)}, exactly as {@link Rollouts}
 * does, so results are the same as a sequential run.
 */
public final class FaultTolerantRollouts {

    private static final Logger LOG = LoggerFactory.getLogger(FaultTolerantRollouts.class);

    private FaultTolerantRollouts() {
    }

    /**
     * A failed episode.
     *
     * @param index the episode's index in the batch
     * @param seed its seed
     * @param step the step at which it failed
     * @param partial the transitions made before the failure
     * @param message why it failed
     * @param <S> the state type
     * @param <A> the action type
     */
    public record Failure<S, A>(int index, long seed, int step, List<Transition<S, A>> partial, String message) {

        /**
         * Creates the record, validating its components.
         *
         * @param index the episode's index in the batch
         * @param seed its seed
         * @param step the step at which it failed
         * @param partial the transitions made before the failure
         * @param message why it failed
         */
        public Failure {
            partial = List.copyOf(partial);
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The outcome of a batch.
     *
     * @param episodes the finished episodes, in index order
     * @param indices the batch index of each finished episode
     * @param failures the failed episodes, in index order
     * @param skipped episodes not run because the batch stopped
     * @param stopReason why the batch stopped early (a budget), or empty when it ran to the end
     * @param <S> the state type
     * @param <A> the action type
     */
    public record Report<S, A>(List<Episode<S, A>> episodes, List<Integer> indices, List<Failure<S, A>> failures,
            int skipped, Optional<String> stopReason) {

        /**
         * Creates the record, validating its components.
         *
         * @param episodes the finished episodes
         * @param indices their batch indices
         * @param failures the failed episodes
         * @param skipped episodes not run
         * @param stopReason why the batch stopped early, if it did
         */
        public Report {
            episodes = List.copyOf(episodes);
            indices = List.copyOf(indices);
            failures = List.copyOf(failures);
            Objects.requireNonNull(stopReason, "stopReason");
            if (episodes.size() != indices.size()) {
                throw new IllegalArgumentException("rollout report: " + episodes.size() + " episodes but "
                        + indices.size() + " indices");
            }
        }

        /**
         * Returns the returns of the finished episodes.
         *
         * @return one return per finished episode
         */
        public double[] returns() {
            return episodes.stream().mapToDouble(Episode::totalReturn).toArray();
        }
    }

    private record Slot<S, A>(Episode<S, A> episode, Failure<S, A> failure) {
    }

    /**
     * Runs a batch.
     *
     * @param environment the environment
     * @param agent the agent
     * @param episodes the number of episodes, &ge; 1
     * @param baseSeed the batch seed
     * @param concurrency episodes run at once, &ge; 1
     * @param listener one report per finished or failed episode, task {@code "episodes (" + agent + ")"}
     * @param <S> the state type
     * @param <A> the action type
     * @return the report
     * @throws IllegalArgumentException if {@code episodes} or {@code concurrency} is &lt; 1
     */
    public static <S, A> Report<S, A> run(Environment<S, A> environment, Agent<S, A> agent, int episodes,
            long baseSeed, int concurrency, ProgressListener listener) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(agent, "agent");
        if (episodes < 1 || concurrency < 1) {
            throw new IllegalArgumentException("episodes and concurrency must be >= 1, got " + episodes + " and "
                    + concurrency);
        }
        String task = "episodes (" + agent.name() + ")";
        listener.started(task, episodes, "episodes");
        List<Slot<S, A>> slots = new ArrayList<>(Collections.nCopies(episodes, null));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        String[] stopReason = new String[1];
        AtomicInteger ids = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, episodes), r -> {
            Thread t = new Thread(r, "eagle-rollout-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < episodes; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    if (stop.get()) {
                        return;
                    }
                    try {
                        slots.set(index, runOne(environment, agent, index, Rollouts.episodeSeed(baseSeed, index)));
                    } catch (BudgetExceededException e) {
                        synchronized (stopReason) {
                            if (stopReason[0] == null) {
                                stopReason[0] = e.getMessage();
                            }
                        }
                        stop.set(true);
                        return;
                    }
                    listener.advanced(task, done.incrementAndGet(), episodes);
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while running episodes", e);
                }
            }
        } finally {
            pool.shutdownNow();
            listener.finished(task, done.get());
        }
        List<Episode<S, A>> finished = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        List<Failure<S, A>> failures = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < episodes; i++) {
            Slot<S, A> s = slots.get(i);
            if (s == null) {
                skipped++;
            } else if (s.episode() != null) {
                finished.add(s.episode());
                indices.add(i);
            } else {
                failures.add(s.failure());
            }
        }
        if (!failures.isEmpty()) {
            LOG.warn("{} of {} episodes failed; first: {}", failures.size(), episodes, failures.get(0).message());
        }
        return new Report<>(finished, indices, failures, skipped, Optional.ofNullable(stopReason[0]));
    }

    private static <S, A> Slot<S, A> runOne(Environment<S, A> env, Agent<S, A> agent, int index, long seed) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "agent"));
        List<Transition<S, A>> transitions = new ArrayList<>(env.horizon());
        int t = 0;
        try {
            S start = env.reset(seed);
            S state = start;
            for (t = 0; t < env.horizon(); t++) {
                List<A> actions = env.actions(state);
                if (actions.isEmpty()) {
                    throw new IllegalStateException("environment offered no action at step " + t);
                }
                A action = agent.act(state, actions, rng);
                Transition<S, A> tr = env.step(state, action);
                transitions.add(tr);
                state = tr.next();
                if (tr.terminal()) {
                    return new Slot<>(new Episode<>(seed, agent.name(), start, transitions), null);
                }
            }
            throw new IllegalStateException("environment did not end within its horizon " + env.horizon());
        } catch (EpisodeFailedException e) {
            int step = e.step() >= 0 ? e.step() : t;
            LOG.debug("episode {} (seed {}) failed at step {}: {}", index, seed, step, e.getMessage());
            return new Slot<>(null, new Failure<>(index, seed, step, transitions, e.getMessage()));
        }
    }
}
