package dev.eaglelm.examples.bench;

import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.eval.BestOfN;
import dev.eaglelm.core.eval.CountingEnvironment;
import dev.eaglelm.core.eval.Evaluation;
import dev.eaglelm.core.eval.EvaluationReport;
import dev.eaglelm.core.eval.EvaluationReport.Result;
import dev.eaglelm.core.policy.EagleAgent;
import dev.eaglelm.core.policy.PolicyArchitecture;
import dev.eaglelm.core.policy.ReferencePolicies;
import dev.eaglelm.core.stats.MeanEstimate;
import dev.eaglelm.core.train.Trainer;
import dev.eaglelm.core.train.TrainerConfig;
import dev.eaglelm.core.train.TrainingResult;
import dev.eaglelm.core.utility.GaussianUtility;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Environment calls per unit of utility gain: a trained EAGLE policy (greedy decoding) against best-of-N
 * sampling of uniformly random edits, on the synthetic {@link LinearEmbeddingEnvironment} (no LLM: each
 * transition stands for one call of the environment LLM). The gain of a policy is its mean return minus the
 * uniform policy's (one random edit per step), measured with common random numbers; the calls are the
 * transitions per episode counted by {@link CountingEnvironment}. Training calls are not counted (they are paid
 * once, before deployment).
 */
public final class CallsPerGainSuite implements BenchSuite {

    /** The run seed. */
    static final long SEED = 42;
    /** The N of best-of-N tried, in increasing order. */
    static final int[] NS = {2, 4, 8, 16, 32};

    /** Creates the suite. */
    public CallsPerGainSuite() {
    }

    @Override
    public String name() {
        return "calls";
    }

    @Override
    public String description() {
        return "environment calls per unit utility gain, EAGLE vs best-of-N (synthetic, no LLM)";
    }

    @Override
    public Optional<String> unavailable(Context context) {
        return Optional.empty();
    }

    @Override
    public List<BenchRow> run(Context context, ProgressListener progress) {
        boolean quick = context.quick();
        int d = quick ? 3 : 4;
        int k = quick ? 4 : 5;
        int h = quick ? 3 : 4;
        int anchors = quick ? 8 : 16;
        int iterations = quick ? 150 : 600;
        int episodes = quick ? 200 : 500;
        double[] target = new double[d];
        Arrays.fill(target, 2.0 / Math.sqrt(d)); // as `eagle synthetic` and `eagle demo`
        LinearEmbeddingEnvironment env = LinearEmbeddingEnvironment.builder().dimension(d).actionsPerState(k)
                .horizon(h).utility(new GaussianUtility(target, 1.0)).seed(SEED).anchors(anchors).build();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        TrainerConfig config = TrainerConfig.builder().seed(SEED).iterations(iterations).episodesPerIteration(64)
                .parallelism(threads).build();
        TrainingResult<State, Move> trained = Trainer.<State, Move>builder().environment(env).embeddings(env)
                .reference(ReferencePolicies.uniform()).architecture(PolicyArchitecture.mlp(32)).config(config)
                .progress(progress).build().train();
        EagleAgent<State, Move> agent = trained.agent().greedy();

        CountingEnvironment<State, Move> counted = new CountingEnvironment<>(env);
        Evaluation.Builder<State, Move> eb = Evaluation.<State, Move>builder().environment(counted).meter(counted)
                .episodes(episodes).seed(SEED ^ 0x5EEDL).parallelism(threads).progress(progress)
                .add(new UniformAgent<>()).add(agent);
        for (int n : NS) {
            eb.add(new BestOfN<>(new UniformAgent<>(), n));
        }
        EvaluationReport report = eb.build().run();
        List<Result> results = report.results();
        Result uniform = results.get(0);
        Result eagle = results.get(1);
        double eagleGain = gain(eagle, uniform);
        double eagleCalls = eagle.environmentCallsPerEpisode();

        Result matched = null;
        Result cheapest = results.get(2); // the best-of-N with the fewest calls per unit gain: the baseline's best case
        for (int i = 0; i < NS.length; i++) {
            Result r = results.get(2 + i);
            if (matched == null && gain(r, uniform) >= eagleGain) {
                matched = r;
            }
            if (callsPerGain(r, uniform) < callsPerGain(cheapest, uniform)) {
                cheapest = r;
            }
        }
        String conditions = String.format(Locale.ROOT, "synthetic LinearEmbeddingEnvironment (d = %d, K = %d, H = %d,"
                + " %d anchors), no LLM: one transition = one environment-LLM call; gain = mean return − uniform"
                + " policy's (%.3f); %d episodes, common random numbers, seed %d; EAGLE trained on %d episodes,"
                + " not counted", d, k, h, anchors, uniform.utility().mean(), episodes, SEED, trained.episodes());
        List<BenchRow> rows = new ArrayList<>();
        Result b = cheapest;
        rows.add(new BenchRow(name(), "calls per unit utility gain", perGain(eagle, uniform) + " (EAGLE, "
                + describe(eagle, uniform) + ")", perGain(b, uniform) + " (" + b.name() + ", " + describe(b, uniform)
                + "; the best N of " + Arrays.toString(NS) + ")", ratio(b, eagle, uniform), conditions));
        String match;
        if (matched == null) {
            Result last = results.get(results.size() - 1);
            match = String.format(Locale.ROOT, "best-of-%d (%.0f calls) reaches gain %.3f < EAGLE's %.3f",
                    NS[NS.length - 1], last.environmentCallsPerEpisode(), gain(last, uniform), eagleGain);
        } else {
            match = String.format(Locale.ROOT, "%s: %.0f calls per episode for gain %.3f", matched.name(),
                    matched.environmentCallsPerEpisode(), gain(matched, uniform));
        }
        rows.add(new BenchRow(name(), "calls per episode to reach EAGLE's gain", String.format(Locale.ROOT,
                "%.0f calls, gain %.3f", eagleCalls, eagleGain), match, matched == null ? "> "
                + String.format(Locale.ROOT, "%.0f×", results.get(results.size() - 1).environmentCallsPerEpisode()
                        / eagleCalls) : String.format(Locale.ROOT, "%.1f× EAGLE's calls",
                        matched.environmentCallsPerEpisode() / eagleCalls), "same run"));
        return rows;
    }

    static double gain(Result r, Result uniform) {
        return r.utility().mean() - uniform.utility().mean();
    }

    static double callsPerGain(Result r, Result uniform) {
        double g = gain(r, uniform);
        return g > 0 ? r.environmentCallsPerEpisode() / g : Double.POSITIVE_INFINITY;
    }

    static String perGain(Result r, Result uniform) {
        double g = gain(r, uniform);
        return g > 0 ? String.format(Locale.ROOT, "%.1f", r.environmentCallsPerEpisode() / g) : "∞ (no gain)";
    }

    static String describe(Result r, Result uniform) {
        MeanEstimate u = r.utility();
        return String.format(Locale.ROOT, "%.0f calls/episode, gain %.3f, return %.3f ± %.3f",
                r.environmentCallsPerEpisode(), gain(r, uniform), u.mean(), u.ci95());
    }

    static String ratio(Result baseline, Result eagle, Result uniform) {
        double gb = gain(baseline, uniform);
        double ge = gain(eagle, uniform);
        if (!(gb > 0) || !(ge > 0)) {
            return BenchRow.NONE;
        }
        double r = (baseline.environmentCallsPerEpisode() / gb) / (eagle.environmentCallsPerEpisode() / ge);
        return String.format(Locale.ROOT, "EAGLE needs %.1f× fewer calls per unit gain", r);
    }
}
