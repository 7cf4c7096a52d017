package dev.eaglelm.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eaglelm.core.ActionSetSelector;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.EmbeddingView;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.agent.GreedyAgent;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.eval.BestOfN;
import dev.eaglelm.core.eval.CountingEnvironment;
import dev.eaglelm.core.eval.Evaluation;
import dev.eaglelm.core.eval.EvaluationReport;
import dev.eaglelm.core.eval.UsageMeter;
import dev.eaglelm.core.policy.EagleAgent;
import dev.eaglelm.core.policy.PolicyArchitecture;
import dev.eaglelm.core.policy.ReferencePolicies;
import dev.eaglelm.core.search.BeamSearch;
import dev.eaglelm.core.search.ExhaustiveSearch;
import dev.eaglelm.core.select.ActionSetEnvironment;
import dev.eaglelm.core.select.RandomActionSetSelector;
import dev.eaglelm.core.train.IterationMetrics;
import dev.eaglelm.core.train.JsonLinesMetricsListener;
import dev.eaglelm.core.train.Trainer;
import dev.eaglelm.core.train.TrainerConfig;
import dev.eaglelm.core.train.TrainingResult;
import dev.eaglelm.core.Utility;
import dev.eaglelm.core.utility.GaussianUtility;
import dev.eaglelm.optdesign.GOptimalActionSetSelector;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle synthetic}: trains an EAGLE agent on the synthetic {@link LinearEmbeddingEnvironment} and
 * prints one JSON object with the exact optimal return next to the uniform, greedy and trained returns.
 *
 * <p>The environment draws its start states from a pool of anchors (the paper trains and evaluates on
 * existing items; see {@link LinearEmbeddingEnvironment}), so the exact optimum over the pool is the right
 * target for a learned policy. The returns {@code optimalReturn}, {@code uniformReturn},
 * {@code greedyReturn} and {@code trainedReturn} are exact expectations over the anchor pool (enumeration of
 * every action sequence, no sampling noise); {@code evaluation} adds sampled estimates with 95% confidence
 * intervals, costs per episode and paired differences, with best-of-N sampling and beam search as
 * inference-time baselines. No LLM is involved.
 */
@Command(name = "synthetic", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Train an EAGLE agent on the synthetic environment (latent vectors moved by state-dependent actions,"
                    + " no LLM) and print one JSON object: the exact optimal return over the anchor pool next to"
                    + " the uniform, one-step greedy and trained returns, sampled estimates with 95%% CIs, and the"
                    + " training configuration. Progress goes to stderr."
        })
public final class SyntheticCommand implements Callable<Integer> {

    /** The most leaves the exact enumeration may visit over all anchors. */
    static final long MAX_LEAVES = 3_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--dim", description = "Latent dimension d (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int dimension;

    @Option(names = "--actions", description = "Candidate actions per state K (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    int actions;

    @Option(names = "--horizon", description = "Horizon H (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int horizon;

    @Option(names = "--episodes", description = "Training episodes, rounded up to whole iterations of --batch"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "38400")
    int episodes;

    @Option(names = "--seed", description = "Run seed: environment, training and evaluation (default:"
            + " ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--anchors", description = "Anchor start states that episodes draw from (default:"
            + " ${DEFAULT-VALUE}).", defaultValue = "16")
    int anchors;

    @Option(names = "--keep", description = "Reduce each state's K candidates to k with the --selector (0: keep"
            + " all; default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int keep;

    @Option(names = "--selector", description = "Action-set selector for --keep: random or g-optimal (the certified"
            + " G-optimal design of eagle-optdesign; its weights are the design reference) (default: ${DEFAULT-VALUE}).",
            defaultValue = "random")
    String selector;

    @Option(names = "--reference", description = "Reference policy of the KL penalty: uniform, optimistic or"
            + " design (the selector's weights; needs --keep) (default: ${DEFAULT-VALUE}).", defaultValue = "uniform")
    String reference;

    @Option(names = "--kl", description = "KL coefficient alpha (default: ${DEFAULT-VALUE}).", defaultValue = "0.05")
    double klCoef;

    @Option(names = "--architecture", description = "Policy network: linear or mlp(H) (default:"
            + " ${DEFAULT-VALUE}).", defaultValue = "mlp(32)")
    String architecture;

    @Option(names = "--batch", description = "Episodes per training iteration (default: ${DEFAULT-VALUE}).",
            defaultValue = "64")
    int batch;

    @Option(names = "--eval-episodes", description = "Episodes per policy in the sampled evaluation (default:"
            + " ${DEFAULT-VALUE}).", defaultValue = "500")
    int evalEpisodes;

    @Option(names = "--parallelism", description = "Episodes rolled out at once (default: the number of"
            + " processors; results do not depend on it).", defaultValue = "0")
    int parallelism;

    @Option(names = "--metrics", description = "Write training metrics as JSON lines to this file.")
    Path metrics;

    @Option(names = "--checkpoints", description = "Write checkpoints into this directory (and resume from it"
            + " when it holds one).")
    Path checkpoints;

    @Option(names = "--pretty", description = "Indent the JSON output.")
    boolean pretty;

    @Option(names = "--quick", description = "A small, fast run (d=3, K=4, H=3, 8 anchors, 9600 episodes,"
            + " 200 evaluation episodes) for smoke tests.")
    boolean quick;

    /** Creates the command (picocli instantiates it). */
    public SyntheticCommand() {
    }

    @Override
    public Integer call() throws JsonProcessingException {
        long t0 = System.nanoTime();
        if (quick) {
            dimension = 3;
            actions = 4;
            horizon = 3;
            anchors = 8;
            episodes = Math.min(episodes, 9600);
            evalEpisodes = Math.min(evalEpisodes, 200);
        }
        validate();
        int threads = parallelism > 0 ? parallelism : Math.max(1, Runtime.getRuntime().availableProcessors());
        PrintWriter out = spec.commandLine().getOut();
        ProgressListener progress = new ConsoleProgress(spec.commandLine().getErr(),
                ConsoleProgress.Mode.fromSystemProperty());

        double[] target = new double[dimension];
        Arrays.fill(target, 2.0 / Math.sqrt(dimension)); // 2 units from the origin, as in `eagle demo`
        Utility utility = new Bump(target, 1.0);
        LinearEmbeddingEnvironment base = LinearEmbeddingEnvironment.builder().dimension(dimension)
                .actionsPerState(actions).horizon(horizon).utility(utility).seed(seed).anchors(anchors).build();
        Environment<State, Move> env = base;
        EmbeddingView<State, Move> view = base;
        ActionSetEnvironment<State, Move> reduced = null;
        UsageMeter cache = UsageMeter.NONE;
        if (keep > 0) {
            ActionSetSelector chosen = selector.equals("g-optimal") ? new GOptimalActionSetSelector()
                    : new RandomActionSetSelector();
            reduced = ActionSetEnvironment.<State, Move>builder().environment(base).embeddings(base)
                    .selector(chosen).keep(keep).seed(seed).build();
            env = reduced;
            view = reduced;
            cache = UsageMeter.ofCache(reduced::cacheStats);
        }
        Agent<State, Move> ref = switch (reference) {
            case "uniform" -> ReferencePolicies.uniform();
            case "optimistic" -> ReferencePolicies.optimistic(view, utility, 0.1);
            case "design" -> ReferencePolicies.design(reduced, 0.1); // e.g. G-optimal weights with that selector
            default -> throw CliException.usage("--reference must be uniform, optimistic or design, got '"
                    + reference + "'");
        };

        int size = Math.min(batch, episodes);
        int iterations = (episodes + size - 1) / size;
        TrainerConfig config = TrainerConfig.builder().seed(seed).iterations(iterations).episodesPerIteration(size)
                .klCoef(klCoef).parallelism(threads).build();
        Trainer.Builder<State, Move> tb = Trainer.<State, Move>builder().environment(env).embeddings(view)
                .reference(ref).architecture(PolicyArchitecture.parse(architecture)).config(config)
                .progress(progress).usageMeter(cache);
        JsonLinesMetricsListener metricsListener = metrics == null ? null : new JsonLinesMetricsListener(metrics);
        if (metricsListener != null) {
            tb.listener(metricsListener);
        }
        if (checkpoints != null) {
            tb.checkpoints(checkpoints);
        }
        TrainingResult<State, Move> trained;
        try {
            trained = tb.build().trainOrResume();
        } finally {
            if (metricsListener != null) {
                metricsListener.close();
            }
        }
        EagleAgent<State, Move> agent = trained.agent();

        // Exact expectations over the anchor pool.
        Environment<State, Move> exactEnv = env;
        boolean full = reduced == null;
        double optimal = overAnchors(base, progress, "exact optimum", s -> full ? base.optimalPlan(s).value()
                : ExhaustiveSearch.optimum(exactEnv, s).value());
        double uniform = expected(base, exactEnv, full, new UniformAgent<>(), progress);
        double greedy = expected(base, exactEnv, full, new GreedyAgent<>(exactEnv), progress);
        double trainedGreedy = expected(base, exactEnv, full, agent.greedy(), progress);
        double trainedSampled = expected(base, exactEnv, full, agent, progress);
        Double referenceReturn = reference.equals("uniform") ? null
                : expected(base, exactEnv, full, ref, progress);

        // Sampled evaluation with common random numbers, costs and paired differences.
        CountingEnvironment<State, Move> counted = new CountingEnvironment<>(env);
        GreedyAgent<State, Move> countedGreedy = new GreedyAgent<>(counted);
        int greedyCalls = (actionsPerState(env, base) + 1) * horizon;
        BestOfN<State, Move> bestOfUniform = BestOfN.forBudget(new UniformAgent<>(), greedyCalls, horizon);
        BestOfN<State, Move> bestOfAgent = BestOfN.forBudget(agent, greedyCalls, horizon);
        BeamSearch<State, Move> beam = BeamSearch.<State, Move>builder().width(2).parallelism(1).build();
        Evaluation.Builder<State, Move> eb = Evaluation.<State, Move>builder().environment(counted)
                .meter(UsageMeter.sum(counted, cache)).episodes(evalEpisodes).seed(seed ^ 0x5EEDL)
                .add(new UniformAgent<>()).add(countedGreedy).add(agent.greedy()).add(agent).add(bestOfUniform)
                .add(bestOfAgent).add(beam);
        if (!reference.equals("uniform")) {
            eb.add(ref, "reference(" + ref.name() + ")");
        }
        EvaluationReport report = eb.parallelism(threads).progress(progress).build().run();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "synthetic");
        json.put("llm", "none: synthetic LinearEmbeddingEnvironment (latent vectors moved by displacement actions)");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("dim", dimension);
        e.put("actions", actions);
        e.put("keep", reduced == null ? actions : keep);
        e.put("selector", reduced == null ? null : selector);
        e.put("horizon", horizon);
        e.put("anchors", anchors);
        e.put("utility", "Gaussian bump of width 1 around a target 2 units from the origin, in (0, 1]");
        json.put("environment", e);
        json.put("seed", seed);
        json.put("optimalReturn", optimal);
        json.put("uniformReturn", uniform);
        json.put("greedyReturn", greedy);
        json.put("trainedReturn", trainedGreedy);
        json.put("trainedSampledReturn", trainedSampled);
        if (referenceReturn != null) {
            json.put("referenceReturn", referenceReturn);
        }
        json.put("trainedToOptimal", trainedGreedy / optimal);
        json.put("greedyToOptimal", greedy / optimal);
        json.put("returns", "exact expectations over the anchor pool (uniform over anchors) by enumeration of every"
                + " action sequence; trainedReturn decodes the trained policy greedily (temperature 0),"
                + " trainedSampledReturn samples it at its training temperature 1");
        json.put("evaluation", report.toMap("greedy"));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("episodes", trained.episodes());
        t.put("iterations", trained.iterations());
        t.put("resumedFrom", trained.resumedFrom());
        t.put("architecture", agent.model().network().architecture().toString());
        t.put("reference", ref.name());
        IterationMetrics last = trained.last();
        if (last != null) {
            t.put("last", last.toMap());
        }
        t.put("config", config.toMap());
        t.put("seconds", trained.seconds());
        json.put("training", t);
        json.put("seconds", (System.nanoTime() - t0) / 1e9);
        ObjectMapper mapper = new ObjectMapper();
        if (pretty) {
            mapper.enable(SerializationFeature.INDENT_OUTPUT);
        }
        out.println(mapper.writeValueAsString(json));
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The same function as {@link GaussianUtility}, exp(&minus;&Vert;z &minus; c&Vert;&sup2; / 2&sigma;&sup2;),
     * computed in plain Java: one synthetic episode scores one or a few single vectors, where ND4J's
     * per-call overhead (tens of microseconds per operation) would dominate the command's run time. A test
     * checks it against {@link GaussianUtility}.
     */
    static final class Bump implements Utility {
        private final double[] center;
        private final double width;

        Bump(double[] center, double width) {
            this.center = center.clone();
            this.width = width;
        }

        @Override
        public double[] scoreAll(INDArray latents) {
            double[][] rows = latents.rank() == 1 ? new double[][] {latents.toDoubleVector()}
                    : latents.toDoubleMatrix();
            double[] s = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != center.length) {
                    throw new IllegalArgumentException("gaussian utility latents: rows have " + rows[i].length
                            + " columns, expected " + center.length);
                }
                double ss = 0;
                for (int j = 0; j < center.length; j++) {
                    double d = rows[i][j] - center[j];
                    ss += d * d;
                }
                s[i] = Math.exp(-ss / (2 * width * width));
            }
            return s;
        }

        @Override
        public String toString() {
            return "GaussianBump[d=" + center.length + ", width=" + width + "]";
        }
    }

    private void validate() {
        if (episodes < 1) {
            throw CliException.usage("--episodes must be >= 1, got " + episodes);
        }
        if (batch < 1) {
            throw CliException.usage("--batch must be >= 1, got " + batch);
        }
        if (evalEpisodes < 2) {
            throw CliException.usage("--eval-episodes must be >= 2, got " + evalEpisodes);
        }
        if (anchors < 1) {
            throw CliException.usage("--anchors must be >= 1, got " + anchors);
        }
        if (keep < 0) {
            throw CliException.usage("--keep must be >= 0, got " + keep);
        }
        if (!selector.equals("random") && !selector.equals("g-optimal")) {
            throw CliException.usage("--selector must be random or g-optimal, got '" + selector + "'");
        }
        if (reference.equals("design") && keep == 0) {
            throw CliException.usage("--reference design needs --keep k: the design weights come from the selector");
        }
        if (actions < 1 || horizon < 1) {
            throw CliException.usage("--actions and --horizon must be >= 1, got " + actions + " and " + horizon);
        }
        int branching = keep > 0 ? Math.min(keep, actions) : actions;
        double leaves = Math.pow(branching, horizon) * anchors;
        if (leaves > MAX_LEAVES) {
            throw CliException.usage(String.format(Locale.ROOT, "%d anchors with %d actions per state and horizon %d"
                    + " give %.3g action sequences; the exact optimum needs at most %d (use fewer --anchors, --keep"
                    + " or a smaller --horizon)", anchors, branching, horizon, leaves, MAX_LEAVES));
        }
    }

    private static int actionsPerState(Environment<State, Move> env, LinearEmbeddingEnvironment base) {
        return env.actions(base.anchors().get(0)).size();
    }

    private double overAnchors(LinearEmbeddingEnvironment base, ProgressListener progress, String task,
            ToDoubleFunction<State> f) {
        List<State> pool = base.anchors();
        progress.started(task, pool.size(), "anchors");
        double sum = 0;
        try {
            for (int i = 0; i < pool.size(); i++) {
                sum += f.applyAsDouble(pool.get(i));
                progress.advanced(task, i + 1, pool.size());
            }
        } finally {
            progress.finished(task, pool.size());
        }
        return sum / pool.size();
    }

    private double expected(LinearEmbeddingEnvironment base, Environment<State, Move> env, boolean full,
            Agent<State, Move> agent, ProgressListener progress) {
        return overAnchors(base, progress, "exact return (" + agent.name() + ")", s -> full
                ? base.expectedReturn(s, agent) : ExhaustiveSearch.expectedReturn(env, s, agent));
    }
}
