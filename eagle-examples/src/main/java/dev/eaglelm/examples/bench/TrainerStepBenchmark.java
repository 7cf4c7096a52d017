package dev.eaglelm.examples.bench;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.policy.EagleAgent;
import dev.eaglelm.core.policy.PolicyArchitecture;
import dev.eaglelm.core.train.Trainer;
import dev.eaglelm.core.train.TrainerConfig;
import dev.eaglelm.core.train.TrainingResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The trainer's own overhead per environment step at |A(x)| = 10 actions and d = 384 (the sentence-encoder
 * dimension), on an environment that costs nothing ({@link BenchEnvironment}): everything the trainer does
 * per step (embedding copies, scoring the action set, sampling, the reference policy, GAE, backward pass,
 * Adam) is in the measurement, amortised over the steps of an iteration. The issue's goal is below 1 ms per
 * step, tiny next to an LLM call.
 *
 * <p>Run it with:
 * <pre>
 * ./mvnw -B -ntp -pl eagle-examples -am package -DskipTests
 * java -cp "eagle-examples/target/eagle-examples-0.1.0-SNAPSHOT.jar:eagle-examples/target/lib/*" \
 *     org.openjdk.jmh.Main TrainerStepBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainerStepBenchmark {

    /** Episodes per training iteration in the benchmark. */
    static final int EPISODES = 16;
    /** The horizon H. */
    static final int HORIZON = 5;
    /** Training iterations per benchmark invocation. */
    static final int ITERATIONS = 2;

    /** The scorer architecture. */
    @Param({"linear", "mlp(32)", "mlp(64)"})
    public String architecture;

    /** The embedding dimension d. */
    @Param({"384"})
    public int dimension;

    /** The number of actions per state, |A(x)|. */
    @Param({"10"})
    public int actions;

    private BenchEnvironment env;
    private Trainer<BenchEnvironment.Node, Integer> trainer;
    private EagleAgent<BenchEnvironment.Node, Integer> agent;
    private BenchEnvironment.Node state;
    private List<Integer> actionList;
    private EmbeddedState embedded;

    /** Creates the benchmark state (JMH instantiates it). */
    public TrainerStepBenchmark() {
    }

    /** Builds the environment, a trainer and a trained-shape agent. */
    @Setup
    public void setup() {
        env = new BenchEnvironment(dimension, actions, HORIZON, 7);
        TrainerConfig config = TrainerConfig.builder().iterations(ITERATIONS).episodesPerIteration(EPISODES)
                .minibatchEpisodes(8).parallelism(1).seed(3).build();
        trainer = Trainer.<BenchEnvironment.Node, Integer>builder().environment(env).embeddings(env)
                .architecture(PolicyArchitecture.parse(architecture)).config(config).build();
        agent = trainer.train().agent();
        state = env.reset(11);
        actionList = env.actions(state);
        embedded = env.embed(state, actionList);
    }

    /**
     * Trains {@value #ITERATIONS} iterations of {@value #EPISODES} episodes of {@value #HORIZON} steps; the
     * score is the time per environment step.
     *
     * @return the result, so that the work is not optimised away
     */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS * EPISODES * HORIZON)
    public TrainingResult<BenchEnvironment.Node, Integer> trainerOverheadPerStep() {
        return trainer.train();
    }

    /**
     * One decision of the trained agent: embed the state's actions and compute the exact distribution.
     *
     * @return the distribution
     */
    @Benchmark
    public ActionDistribution agentDecision() {
        return agent.distribution(state, actionList);
    }

    /**
     * One decision from an already embedded state (the scoring alone).
     *
     * @return the distribution
     */
    @Benchmark
    public ActionDistribution agentScoring() {
        return agent.distribution(embedded);
    }
}
