package dev.eaglelm.core.eval;

import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.Episode;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.rollout.BoundedParallel;
import dev.eaglelm.core.rollout.Rollouts;
import dev.eaglelm.core.stats.MeanEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates policies and search strategies with common random numbers: every strategy runs the same N
 * episodes, episode i starting from {@code reset(Rollouts.episodeSeed(seed, i))} as in {@link Rollouts},
 * and the report gives each strategy's mean utility with a 95% confidence interval (Student t), its cost
 * per episode, and paired differences between strategies, whose intervals are narrower than those of
 * independent samples because the start states are shared.
 *
 * <p><b>Cost.</b> Strategies run one after another, so the meter's difference across a strategy's batch is
 * its cost. Use a {@link CountingEnvironment} as the environment (it is then its own meter) and build every
 * policy that looks ahead (the greedy agent, searches) on that same counting environment, or its lookahead
 * goes uncounted. Add a {@link CountingLanguageModel} to the meter to count LLM calls and tokens.
 *
 * <p><b>Baselines.</b> Uniform, optimistic-greedy, the reference policies and the trained agent are
 * {@link Agent}s ({@link Builder#add(Agent)}); best-of-N sampling at equal budget is {@link BestOfN}; a
 * prompted LLM that chooses the edit is {@link PromptedChoiceAgent}, meaningful only with a real LLM
 * backend.
 *
 * <pre>{@code
 * CountingEnvironment<State, Move> counted = new CountingEnvironment<>(env);
 * EvaluationReport report = Evaluation.<State, Move>builder()
 *     .environment(counted).episodes(200).seed(42)
 *     .add(new UniformAgent<>()).add(new GreedyAgent<>(counted)).add(trained)
 *     .build().run();
 * report.paired("eagle", "greedy");
 * }</pre>
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class Evaluation<S, A> {

    /** The task name prefix under which progress is reported: {@code "evaluate <name>"}. */
    public static final String PROGRESS_TASK = "evaluate";

    private final Environment<S, A> environment;
    private final List<EpisodeStrategy<S, A>> strategies;
    private final int episodes;
    private final long seed;
    private final UsageMeter meter;
    private final int parallelism;
    private final ProgressListener progress;

    private Evaluation(Builder<S, A> b) {
        this.environment = b.environment;
        this.strategies = List.copyOf(b.strategies);
        this.episodes = b.episodes;
        this.seed = b.seed;
        this.meter = b.meter != null ? b.meter
                : b.environment instanceof UsageMeter m ? m : UsageMeter.NONE;
        this.parallelism = b.parallelism;
        this.progress = b.progress;
    }

    /**
     * Starts a builder.
     *
     * @param <S> the state type
     * @param <A> the action type
     * @return a new builder
     */
    public static <S, A> Builder<S, A> builder() {
        return new Builder<>();
    }

    /**
     * Runs every strategy on the same episodes.
     *
     * @return the report
     */
    public EvaluationReport run() {
        List<EvaluationReport.Result> results = new ArrayList<>();
        for (EpisodeStrategy<S, A> s : strategies) {
            String task = PROGRESS_TASK + " " + s.name();
            progress.started(task, episodes, "episodes");
            AtomicInteger done = new AtomicInteger();
            Usage before = meter.usage();
            List<Double> returns;
            try {
                returns = BoundedParallel.map(episodes, parallelism, i -> {
                    Episode<S, A> e = s.run(environment, Rollouts.episodeSeed(seed, i));
                    progress.advanced(task, done.incrementAndGet(), episodes);
                    return e.totalReturn();
                });
            } finally {
                progress.finished(task, done.get());
            }
            Usage used = meter.usage().minus(before);
            double[] r = returns.stream().mapToDouble(Double::doubleValue).toArray();
            results.add(new EvaluationReport.Result(s.name(), MeanEstimate.of(r), used, r));
        }
        return new EvaluationReport(episodes, seed, results);
    }

    /**
     * Builder for {@link Evaluation}. The environment, the number of episodes and at least one strategy are
     * required.
     *
     * @param <S> the state type
     * @param <A> the action type
     */
    public static final class Builder<S, A> {
        private Environment<S, A> environment;
        private final List<EpisodeStrategy<S, A>> strategies = new ArrayList<>();
        private int episodes = -1;
        private long seed;
        private UsageMeter meter;
        private int parallelism = 1;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /**
         * Sets the environment (required); a {@link CountingEnvironment} is also the default meter.
         *
         * @param environment the environment
         * @return this builder
         */
        public Builder<S, A> environment(Environment<S, A> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Sets the number of episodes per strategy (required).
         *
         * @param n &ge; 2 (a confidence interval needs two)
         * @return this builder
         */
        public Builder<S, A> episodes(int n) {
            this.episodes = n;
            return this;
        }

        /**
         * Sets the base seed of the episodes.
         *
         * @param s the seed (default 0)
         * @return this builder
         */
        public Builder<S, A> seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Adds a policy, rolled out once per episode.
         *
         * @param agent the policy
         * @return this builder
         */
        public Builder<S, A> add(Agent<S, A> agent) {
            return add(EpisodeStrategy.of(agent));
        }

        /**
         * Adds a policy under another name (e.g. two reference policies of the same class).
         *
         * @param agent the policy
         * @param name the name in the report
         * @return this builder
         */
        public Builder<S, A> add(Agent<S, A> agent, String name) {
            return add(EpisodeStrategy.of(agent, name));
        }

        /**
         * Adds a strategy.
         *
         * @param strategy the strategy
         * @return this builder
         */
        public Builder<S, A> add(EpisodeStrategy<S, A> strategy) {
            strategies.add(Objects.requireNonNull(strategy, "strategy"));
            return this;
        }

        /**
         * Sets what counts the cost (default: the environment, if it is a meter).
         *
         * @param m the meter
         * @return this builder
         */
        public Builder<S, A> meter(UsageMeter m) {
            this.meter = m;
            return this;
        }

        /**
         * Sets the most episodes run at once (results do not depend on it).
         *
         * @param p &ge; 1 (default 1)
         * @return this builder
         */
        public Builder<S, A> parallelism(int p) {
            this.parallelism = p;
            return this;
        }

        /**
         * Sets the progress listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder<S, A> progress(ProgressListener listener) {
            this.progress = listener;
            return this;
        }

        /**
         * Builds the evaluation.
         *
         * @return the evaluation
         * @throws IllegalArgumentException naming every missing or invalid setting
         */
        public Evaluation<S, A> build() {
            List<String> p = new ArrayList<>();
            if (environment == null) {
                p.add("environment is not set");
            }
            if (episodes < 2) {
                p.add(episodes == -1 ? "episodes is not set" : "episodes must be >= 2, got " + episodes);
            }
            if (strategies.isEmpty()) {
                p.add("no strategy added");
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (EpisodeStrategy<S, A> s : strategies) {
                if (!names.add(s.name())) {
                    p.add("two strategies named '" + s.name() + "' (use add(agent, name))");
                }
            }
            if (parallelism < 1) {
                p.add("parallelism must be >= 1, got " + parallelism);
            }
            if (progress == null) {
                p.add("progress is null");
            }
            if (!p.isEmpty()) {
                throw new IllegalArgumentException("evaluation: " + String.join("; ", p));
            }
            return new Evaluation<>(this);
        }
    }
}
