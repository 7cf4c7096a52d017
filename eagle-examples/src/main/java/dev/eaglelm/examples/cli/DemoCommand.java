package dev.eaglelm.examples.cli;

import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.agent.GreedyAgent;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.rollout.Rollouts;
import dev.eaglelm.core.stats.MeanEstimate;
import dev.eaglelm.core.utility.GaussianUtility;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle demo}: runs the synthetic {@link LinearEmbeddingEnvironment} with the uniform and greedy
 * agents and prints their mean returns next to the exact optimum.
 *
 * <p>This is the foundation's demo; the MovieLens content-gap pipeline replaces it when it lands. No LLM is
 * involved, and the output says so.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run the synthetic EAGLE environment (latent vectors moved by state-dependent actions, no LLM)",
            "and print the mean return of the uniform and greedy agents next to the exact optimum."
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", description = "Run seed (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--episodes", description = "Start states to evaluate (default: ${DEFAULT-VALUE}).",
            defaultValue = "200")
    int episodes;

    @Option(names = "--dim", description = "Latent dimension d (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int dimension;

    @Option(names = "--actions", description = "Actions per state K (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    int actions;

    @Option(names = "--horizon", description = "Horizon H (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int horizon;

    @Option(names = "--quick", description = "Fewer episodes (50), for a smoke test.")
    boolean quick;

    /** Creates the command (picocli instantiates it). */
    public DemoCommand() {
    }

    @Override
    public Integer call() {
        int n = quick ? Math.min(episodes, 50) : episodes;
        if (n < 1) {
            throw CliException.usage("--episodes must be >= 1, got " + episodes);
        }
        if (Math.pow(actions, horizon) > 1_000_000) {
            throw CliException.usage("--actions " + actions + " and --horizon " + horizon + " give "
                    + String.format(Locale.ROOT, "%.3g", Math.pow(actions, horizon))
                    + " action sequences per start state; the exact optimum needs at most 1e6");
        }
        PrintWriter out = spec.commandLine().getOut();
        ProgressListener progress = new ConsoleProgress(spec.commandLine().getErr(),
                ConsoleProgress.Mode.fromSystemProperty());

        double[] target = new double[Math.max(dimension, 1)];
        Arrays.fill(target, 2.0 / Math.sqrt(target.length)); // a target 2 units from the origin
        LinearEmbeddingEnvironment env = LinearEmbeddingEnvironment.builder()
                .dimension(dimension).actionsPerState(actions).horizon(horizon)
                .utility(new GaussianUtility(target, 1.0))
                .seed(seed)
                .build();

        MeanEstimate optimal = optimum(env, n, progress);
        MeanEstimate greedy = Rollouts.meanReturn(env, new GreedyAgent<>(env), n, seed, progress);
        MeanEstimate uniform = Rollouts.meanReturn(env, new UniformAgent<>(), n, seed, progress);

        out.println("eagle demo: synthetic LinearEmbeddingEnvironment (no LLM involved)");
        out.printf(Locale.ROOT, "  d=%d, K=%d actions per state, H=%d, utility: Gaussian bump of width 1 around a"
                + " target 2 units from the origin%n", dimension, actions, horizon);
        out.printf(Locale.ROOT, "  %d start states, seed %d; returns are terminal utilities in (0, 1]%n", n, seed);
        out.println("  (the MovieLens content-gap pipeline is not built yet)");
        out.println();
        out.printf(Locale.ROOT, "%-9s %12s %11s  %s%n", "policy", "mean return", "95% CI", "how");
        row(out, "optimal", optimal, "exact: best of " + (long) Math.pow(actions, horizon)
                + " action sequences per start state");
        row(out, "greedy", greedy, "one-step lookahead on the utility");
        row(out, "uniform", uniform, "uniformly random actions");
        out.flush();
        return ExitCodes.OK;
    }

    private MeanEstimate optimum(LinearEmbeddingEnvironment env, int n, ProgressListener progress) {
        String task = "exact optimum";
        progress.started(task, n, "start states");
        double[] values = new double[n];
        try {
            for (int i = 0; i < n; i++) {
                values[i] = env.optimalPlan(env.reset(Rollouts.episodeSeed(seed, i))).value();
                progress.advanced(task, i + 1, n);
            }
        } finally {
            progress.finished(task, n);
        }
        return MeanEstimate.of(values);
    }

    private static void row(PrintWriter out, String name, MeanEstimate m, String how) {
        out.printf(Locale.ROOT, "%-9s %12.4f %11s  %s%n", name, m.mean(),
                String.format(Locale.ROOT, "+/- %.4f", m.ci95()), how);
    }
}
