package dev.eaglelm.examples.cli;

import dev.eaglelm.examples.demo.DataLocator;
import dev.eaglelm.examples.demo.DemoConfig;
import dev.eaglelm.examples.demo.DemoPipeline;
import dev.eaglelm.examples.demo.SyntheticCatalogue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle demo}: the MovieLens content-gap pipeline end to end (see {@link DemoPipeline}). Prints a results
 * table naming the backend; writes results.json, metrics.jsonl, examples.md and PNG plots into {@code --out}.
 *
 * <p>Without MovieLens data it prints how to get it and runs on a clearly labelled synthetic catalogue.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run EAGLE on MovieLens content gaps: WALS embeddings, MiniLM + ridge E_D, under-served users,"
                    + " candidate edits, action sets, policy-gradient training and evaluation against baselines.",
            "Prints a results table (naming the environment backend) and writes results.json, metrics.jsonl,"
                    + " examples.md and PNG plots into --out. Progress goes to stderr."
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "MovieLens ml-latest-small directory (ratings.csv,"
            + " movies.csv, optional overviews.csv). Default: $EAGLE_DATA, ../shared/data/movielens, the user cache.")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/<timestamp>). Training"
            + " checkpoints into DIR/checkpoint after every iteration; a run into a DIR that holds a checkpoint resumes"
            + " from it.")
    Path out;

    @Option(names = "--seed", description = "Run seed (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--quick", description = "A small run (under 2 minutes on two cores) for smoke tests.")
    boolean quick;

    @Option(names = "--llm", paramLabel = "SPEC", defaultValue = "surrogate",
            description = {"Environment backend for training (and evaluation unless --eval-llm): surrogate (offline,"
                + " no LLM; default), openai:<base-url>?model=<name>[&apiKeyEnv=VAR], gguf:<model.gguf>, or any"
                + " backend spec of 'eagle llm'."})
    String llm;

    @Option(names = "--eval-llm", paramLabel = "SPEC",
            description = {"Evaluate every policy with this backend as the environment (default: the --llm backend):"
                + " it applies every chosen edit; candidate edits, action sets and next-state predictions come from"
                + " the --llm backend (transfer evaluation)."})
    String evalLlm;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Cache of embeddings and LLM answers, reused"
            + " between runs (default: $XDG_CACHE_HOME/eaglelm/demo or ~/.cache/eaglelm/demo).")
    Path cacheDir;

    @Option(names = "--users", description = "Under-served target users, one anchor each (default: 32; quick: 4).")
    Integer users;

    @Option(names = "--iterations", description = "Training iterations (default: 30; quick: 12).")
    Integer iterations;

    @Option(names = "--batch", description = "Episodes per training iteration (default: 32; quick: 16).")
    Integer batch;

    @Option(names = "--eval-episodes", description = "Evaluation episodes per policy (default: 256; quick: 24; with"
            + " a real LLM as --eval-llm: 16; quick: 2).")
    Integer evalEpisodes;

    @Option(names = "--max-texts", description = "Most movie texts embedded with MiniLM (default: 1200; quick: 300).")
    Integer maxTexts;

    @Option(names = "--kl", description = "KL coefficient alpha (default: 0.02).")
    Double kl;

    @Option(names = "--lr", description = "Policy learning rate (default: 0.03; quick: 0.05).")
    Double lr;

    @Option(names = "--reference", description = "KL reference policy: design (the selector's design weights;"
            + " default), optimistic or uniform.")
    String reference;

    @Option(names = "--architecture", description = "Policy network: linear or mlp(H) (default: linear).")
    String architecture;

    @Option(names = "--lambda", description = "Novelty weight lambda of the content-gap utility (default: 0.1).")
    Double lambda;

    @Option(names = "--parallelism", description = "Episodes and edits in flight at once (default: processors).",
            defaultValue = "0")
    int parallelism;

    private final Map<String, String> env;
    private final Path workingDir;
    private final Path repoRoot;

    /** Creates the command (picocli instantiates it). */
    public DemoCommand() {
        this(System.getenv(), Path.of("").toAbsolutePath(), DataLocator.repositoryRoot());
    }

    DemoCommand(Map<String, String> env, Path workingDir, Path repoRoot) {
        this.env = env;
        this.workingDir = workingDir;
        this.repoRoot = repoRoot;
    }

    @Override
    public Integer call() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // MiniLM truncates long plots at 128 tokens and warns per batch: noise in the demo (shown with --verbose)
        String encoderLog = "org.slf4j.simpleLogger.log.dev.eaglelm.embeddings.text.SentenceEncoder";
        if (System.getProperty(encoderLog) == null && !EagleCli.isVerbose(spec.commandLine().getParseResult()
                .originalArgs().toArray(String[]::new))) {
            System.setProperty(encoderLog, "error");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoConfig config = config();
        Path cache = cacheDir != null ? cacheDir : DataLocator.userDataCache(env).getParent().resolve("demo");
        Path output = out != null ? out : workingDir.resolve("runs")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

        Optional<DataLocator.Located> located = DataLocator.resolve(data, env, workingDir, repoRoot,
                DataLocator.userDataCache(env));
        boolean synthetic = located.isEmpty();
        DataLocator.Located d;
        if (synthetic) {
            for (String line : DataLocator.instructions(DataLocator.userDataCache(env))) {
                err.println(line);
            }
            err.println("Running on a SYNTHETIC catalogue instead (invented movies and ratings; NOT MovieLens).");
            err.flush();
            Path dir = SyntheticCatalogue.write(cache.resolve("synthetic-catalogue-" + config.seed()), 180, 120,
                    config.seed());
            d = new DataLocator.Located(dir, dir.resolve("overviews.csv"), "synthetic catalogue (" + dir + ")");
        } else {
            d = located.get();
        }
        if (evalLlm != null && evalLlm.isBlank()) {
            throw CliException.usage("--eval-llm: empty backend spec");
        }
        int threads = parallelism > 0 ? parallelism : Math.max(1, Runtime.getRuntime().availableProcessors());
        ConsoleProgress progress = new ConsoleProgress(err, ConsoleProgress.Mode.fromSystemProperty());
        DemoPipeline.Inputs inputs = new DemoPipeline.Inputs(d, synthetic, llm, evalLlm, output, cache, config, threads);
        DemoPipeline pipeline = new DemoPipeline(inputs, progress, line -> {
            err.println(line);
            err.flush();
        });
        progress.withCounter("backend calls", pipeline::backendCalls);
        DemoPipeline.Result r = pipeline.run();
        printTable(stdout, r, config);
        return ExitCodes.OK;
    }

    private DemoConfig config() {
        DemoConfig c = quick ? DemoConfig.quick(seed) : DemoConfig.defaults(seed);
        c = c.withSizes(users != null ? users : c.users(), iterations != null ? iterations : c.iterations(),
                batch != null ? batch : c.episodesPerIteration(), evalEpisodes != null ? evalEpisodes
                        : evalLlm != null && !evalLlm.startsWith("surrogate")
                                ? (quick ? DemoConfig.LLM_EVAL_EPISODES_QUICK : DemoConfig.LLM_EVAL_EPISODES)
                                : c.evalEpisodes());
        if (maxTexts != null) {
            c = c.withMaxTexts(maxTexts);
        }
        c = c.withHyper(kl != null ? kl : c.klCoef(), lr != null ? lr : c.learningRate(),
                lambda != null ? lambda : c.lambda());
        if (architecture != null) {
            c = c.withArchitecture(architecture);
        }
        return reference != null ? c.withReference(reference) : c;
    }

    private static String shortName(String id) {
        if (id.startsWith("surrogate")) {
            return "surrogate (no LLM)";
        }
        int q = id.indexOf('?');
        String base = q >= 0 ? id.substring(0, q) : id;
        int slash = base.lastIndexOf('/');
        int colon = base.indexOf(':');
        return colon >= 0 && slash > colon ? base.substring(0, colon + 1) + base.substring(slash + 1) : base;
    }

    static void printTable(PrintWriter out, DemoPipeline.Result r, DemoConfig c) {
        out.println("eagle demo: MovieLens content gaps" + (r.synthetic() ? " -- SYNTHETIC catalogue, NOT MovieLens" : ""));
        out.println("  training backend:   " + DemoPipeline.describeBackend(r.backend())
                + "  -- the environment the EAGLE policy was trained in");
        out.println("  evaluation backend: " + DemoPipeline.describeBackend(r.evalBackend())
                + "  -- produced every number in the table below" + (r.evalBackend().equals(r.backend()) ? ""
                        : " (transfer: trained with one environment, evaluated with another)"));
        out.printf(Locale.ROOT, "  %d target users, H=%d, k=%d of K=%d candidate edits (%s selector), %d evaluation"
                + " episodes per policy, seed %d%n", c.users(), c.horizon(), c.keep(),
                5 * (c.genericPerCategory() + c.personalisedPerCategory()), DemoPipeline.selector().name(),
                c.evalEpisodes(), c.seed());
        out.printf(Locale.ROOT, "  start items (anchors): mean utility %.4f%n", r.startUtility());
        out.println();
        out.println("  (columns mean utility, 95% CI and calls/ep: evaluation backend " + shortName(r.evalBackend())
                + "; policy 'eagle': trained with " + shortName(r.backend()) + ")");
        out.printf(Locale.ROOT, "%-20s %12s  %-20s %10s  %s%n", "policy", "mean utility", "95% CI", "calls/ep", "how");
        for (DemoPipeline.PolicyRow row : r.rows()) {
            out.printf(Locale.ROOT, "%-20s %12.4f  %-20s %10.1f  %s%n", row.name(), row.utility().mean(),
                    String.format(Locale.ROOT, "[%.4f, %.4f]", row.utility().lower(), row.utility().upper()),
                    row.llmCallsPerEpisode(), row.how());
        }
        out.println();
        @SuppressWarnings("unchecked")
        Map<String, Object> verdict = (Map<String, Object>) r.json().get("verdict");
        out.println("  EAGLE vs uniform:   " + (Boolean.TRUE.equals(verdict.get("eagleBeatsUniform"))
                ? "better, non-overlapping 95% CIs" : "NOT better with non-overlapping 95% CIs"));
        out.println("  EAGLE vs best-of-N: " + (Boolean.TRUE.equals(verdict.get("eagleBeatsBestOfN"))
                ? "better, non-overlapping 95% CIs" : "NOT better with non-overlapping 95% CIs"));
        out.println(r.evalBackend().equals(r.backend())
                ? "  calls/ep: environment-LLM edits per episode at decision time (A(x) construction is shared and"
                        + " not charged; see results.json)"
                : "  calls/ep: evaluation-backend edits per episode (the transitions); candidate edits, A(x) and the"
                        + " lookahead come from the training backend (results.json evalPlanning)");
        out.println("  outputs: " + r.out().resolve("results.json") + ", metrics.jsonl, examples.md, training.png,"
                + " utilities.png, latent.png");
        out.flush();
    }
}
