package dev.eaglelm.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training iteration did, under the metric names the JSON-lines log uses ({@link #toMap()}).
 *
 * <p>Means are over the iteration's successful episodes. {@code kl} is the exact divergence summed over an
 * episode's visited states, the quantity &alpha; multiplies in the objective; {@code klSample} is the
 * single-sample estimate &Sigma;<sub>t</sub> log &pi;(a<sub>t</sub>) &minus; log q(a<sub>t</sub>) that a
 * generative agent would have to use, reported as a diagnostic (its expectation is the exact KL; a
 * sustained negative mean signals a bug, e.g. a reference computed on other actions than the agent's).
 * LLM calls and tokens come from the trainer's {@link dev.eaglelm.core.eval.UsageMeter} and are 0 when
 * there is none (the synthetic environment has no LLM); {@code envSteps} counts the transitions the
 * rollouts took.
 *
 * @param iteration the iteration number, counting from 1 over the whole run (resumes included)
 * @param episodes successful episodes in this iteration
 * @param episodesFailed episodes that threw and were left out of the update
 * @param envSteps environment transitions taken by the rollouts
 * @param meanReturn mean episode return (sum of rewards)
 * @param meanUtility mean terminal utility (the reward of the last transition)
 * @param kl mean over episodes of &Sigma;<sub>t</sub> KL(&pi;(&middot;|x<sub>t</sub>) &Vert; q(&middot;|x<sub>t</sub>)),
 *     exact; {@code NaN} when infinite or undefined
 * @param klSample mean over episodes of the sampled estimate &Sigma;<sub>t</sub> log &pi;(a<sub>t</sub>) &minus;
 *     log q(a<sub>t</sub>)
 * @param entropy mean per-state entropy of &pi;, in nats
 * @param valueLoss mean over steps of &frac12;(V(x<sub>t</sub>) &minus; G<sub>t</sub>)&sup2; before the update
 * @param gradNorm mean over the iteration's gradient steps of the policy gradient's norm before clipping
 * @param llmCalls LLM calls during the rollouts (from the usage meter)
 * @param tokens tokens during the rollouts (from the usage meter)
 * @param cacheHitRate cache hit rate during the rollouts; {@code NaN} when there was no lookup
 * @param objective mean return &minus; &alpha; &middot; kl, the regularised objective
 * @param klCoef &alpha; in this iteration (it changes when annealed)
 * @param seconds wall-clock time of the iteration
 */
public record IterationMetrics(
        int iteration,
        int episodes,
        int episodesFailed,
        long envSteps,
        double meanReturn,
        double meanUtility,
        double kl,
        double klSample,
        double entropy,
        double valueLoss,
        double gradNorm,
        long llmCalls,
        long tokens,
        double cacheHitRate,
        double objective,
        double klCoef,
        double seconds) {

    /**
     * Creates the record, validating its components.
     *
     * @param iteration the iteration number, from 1
     * @param episodes successful episodes in this iteration
     * @param episodesFailed failed episodes
     * @param envSteps environment transitions
     * @param meanReturn mean episode return
     * @param meanUtility mean terminal utility
     * @param kl mean exact KL per episode
     * @param klSample mean sampled KL estimate per episode
     * @param entropy mean per-state entropy
     * @param valueLoss mean value loss
     * @param gradNorm mean policy gradient norm
     * @param llmCalls LLM calls
     * @param tokens tokens
     * @param cacheHitRate cache hit rate
     * @param objective mean return minus alpha times kl
     * @param klCoef alpha in this iteration
     * @param seconds wall-clock seconds
     * @throws IllegalArgumentException if a count is negative
     */
    public IterationMetrics {
        if (iteration < 1 || episodes < 0 || episodesFailed < 0 || envSteps < 0 || llmCalls < 0 || tokens < 0) {
            throw new IllegalArgumentException("iteration metrics: negative count at iteration " + iteration);
        }
    }

    /**
     * Returns the metrics under their JSON-lines names: {@code iteration}, {@code episodes},
     * {@code episodes_failed}, {@code env_steps}, {@code return}, {@code utility}, {@code kl},
     * {@code kl_sample}, {@code entropy}, {@code value_loss}, {@code grad_norm}, {@code llm_calls},
     * {@code tokens}, {@code cache_hit_rate}, {@code objective}, {@code kl_coef}, {@code seconds}. Non-finite values become
     * {@code null}.
     *
     * @return an ordered map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iteration", iteration);
        m.put("episodes", episodes);
        m.put("episodes_failed", episodesFailed);
        m.put("env_steps", envSteps);
        m.put("return", finite(meanReturn));
        m.put("utility", finite(meanUtility));
        m.put("kl", finite(kl));
        m.put("kl_sample", finite(klSample));
        m.put("entropy", finite(entropy));
        m.put("value_loss", finite(valueLoss));
        m.put("grad_norm", finite(gradNorm));
        m.put("llm_calls", llmCalls);
        m.put("tokens", tokens);
        m.put("cache_hit_rate", finite(cacheHitRate));
        m.put("objective", finite(objective));
        m.put("kl_coef", klCoef);
        m.put("seconds", finite(seconds));
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
