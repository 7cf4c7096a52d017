package dev.eaglelm.core.eval;

import dev.eaglelm.core.stats.MeanEstimate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The results of an {@link Evaluation}: per strategy, the mean utility with its 95% confidence interval and
 * the cost per episode; and paired differences between strategies, which share their start states.
 *
 * @param episodes the episodes per strategy
 * @param seed the base seed (episode i starts from {@code reset(Rollouts.episodeSeed(seed, i))})
 * @param results one entry per strategy, in the order they were added
 */
public record EvaluationReport(int episodes, long seed, List<Result> results) {

    /**
     * Creates the record, validating its components.
     *
     * @param episodes the episodes per strategy
     * @param seed the base seed
     * @param results one entry per strategy
     * @throws IllegalArgumentException if two results share a name or have another number of episodes
     */
    public EvaluationReport {
        results = List.copyOf(results);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Result r : results) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("evaluation report: two strategies named '" + r.name() + "'");
            }
            if (r.returns.length != episodes) {
                throw new IllegalArgumentException("evaluation report: " + r.name() + " has " + r.returns.length
                        + " returns, expected " + episodes);
            }
        }
    }

    /**
     * One strategy's results.
     *
     * @param name the strategy's name
     * @param utility the mean return (the terminal utility in EAGLE) with its 95% CI
     * @param usage what its episodes consumed in total
     * @param returns the return of each episode, in episode order
     */
    public record Result(String name, MeanEstimate utility, Usage usage, double[] returns) {

        /**
         * Creates the record, validating its components.
         *
         * @param name the strategy's name
         * @param utility the mean return with its 95% CI
         * @param usage what its episodes consumed in total
         * @param returns the return of each episode
         */
        public Result {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(utility, "utility");
            Objects.requireNonNull(usage, "usage");
            returns = returns.clone();
        }

        /**
         * Returns the return of each episode.
         *
         * @return a copy, in episode order
         */
        @Override
        public double[] returns() {
            return returns.clone();
        }

        /**
         * Returns the environment transitions per episode (environment-LLM calls in a text environment).
         *
         * @return the mean over episodes
         */
        public double environmentCallsPerEpisode() {
            return (double) usage.environmentCalls() / returns.length;
        }

        /**
         * Returns the LLM calls per episode, as counted by the evaluation's meter.
         *
         * @return the mean over episodes
         */
        public double llmCallsPerEpisode() {
            return (double) usage.llmCalls() / returns.length;
        }

        /**
         * Returns the tokens per episode, as counted by the evaluation's meter.
         *
         * @return the mean over episodes
         */
        public double tokensPerEpisode() {
            return (double) usage.tokens() / returns.length;
        }

        /**
         * Returns the result as an ordered map for JSON output.
         *
         * @return the map
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mean", utility.mean());
            m.put("ci95", Double.isFinite(utility.ci95()) ? utility.ci95() : null);
            m.put("sd", utility.standardDeviation());
            m.put("envCallsPerEpisode", environmentCallsPerEpisode());
            m.put("llmCallsPerEpisode", llmCallsPerEpisode());
            m.put("tokensPerEpisode", tokensPerEpisode());
            double hit = usage.cacheHitRate();
            m.put("cacheHitRate", Double.isFinite(hit) ? hit : null);
            return m;
        }
    }

    /**
     * A paired comparison: the mean over episodes of (return of {@code first} &minus; return of
     * {@code second}) on the same start states, with its 95% CI.
     *
     * @param first the first strategy
     * @param second the second strategy
     * @param difference the mean paired difference with its 95% CI
     */
    public record PairedDifference(String first, String second, MeanEstimate difference) {

        /**
         * Creates the record, validating its components.
         *
         * @param first the first strategy
         * @param second the second strategy
         * @param difference the mean paired difference with its 95% CI
         */
        public PairedDifference {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(second, "second");
            Objects.requireNonNull(difference, "difference");
        }

        /**
         * Whether the 95% CI excludes 0 (a difference that is significant at the 5% level, unadjusted).
         *
         * @return true if the interval lies entirely above or below 0
         */
        public boolean significant() {
            return difference.lower() > 0 || difference.upper() < 0;
        }

        /**
         * Returns the difference as an ordered map for JSON output.
         *
         * @return the map
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mean", difference.mean());
            m.put("ci95", Double.isFinite(difference.ci95()) ? difference.ci95() : null);
            m.put("significant", significant());
            return m;
        }
    }

    /**
     * Returns the result of a strategy.
     *
     * @param name its name
     * @return the result
     * @throws IllegalArgumentException if there is none of that name
     */
    public Result result(String name) {
        for (Result r : results) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("evaluation report: no strategy named '" + name + "'; have "
                + results.stream().map(Result::name).toList());
    }

    /**
     * Compares two strategies on the same episodes.
     *
     * @param first the first strategy's name
     * @param second the second strategy's name
     * @return the mean of first &minus; second with its 95% CI
     */
    public PairedDifference paired(String first, String second) {
        double[] a = result(first).returns;
        double[] b = result(second).returns;
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return new PairedDifference(first, second, MeanEstimate.of(d));
    }

    /**
     * Compares every other strategy with a baseline.
     *
     * @param baseline the baseline's name
     * @return one paired difference (other &minus; baseline) per other strategy, in order
     */
    public List<PairedDifference> pairedAgainst(String baseline) {
        result(baseline);
        List<PairedDifference> out = new ArrayList<>();
        for (Result r : results) {
            if (!r.name().equals(baseline)) {
                out.add(paired(r.name(), baseline));
            }
        }
        return out;
    }

    /**
     * Returns the report as an ordered map for JSON output: the results by name, and paired differences of
     * every strategy against the given baseline (under {@code "<name> - <baseline>"}).
     *
     * @param baseline the baseline's name, or {@code null} for no paired differences
     * @return the map
     */
    public Map<String, Object> toMap(String baseline) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("episodes", episodes);
        m.put("seed", seed);
        Map<String, Object> rs = new LinkedHashMap<>();
        for (Result r : results) {
            rs.put(r.name(), r.toMap());
        }
        m.put("results", rs);
        if (baseline != null) {
            Map<String, Object> ps = new LinkedHashMap<>();
            for (PairedDifference p : pairedAgainst(baseline)) {
                ps.put(p.first() + " - " + p.second(), p.toMap());
            }
            m.put("paired", ps);
        }
        return m;
    }
}
