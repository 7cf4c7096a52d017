package dev.eaglelm.core.train;

/**
 * The per-state terms of the EAGLE objective for a softmax policy over a finite action set, and their exact
 * gradients with respect to the action scores.
 *
 * <p>For &pi; = softmax(f / T) and a reference q over the same actions, at one visited state with sampled
 * action a and advantage A the trainer maximises A &middot; log &pi;(a) &minus; &alpha; &middot; KL(&pi;
 * &Vert; q) + &beta; &middot; H(&pi;), whose gradient with respect to the score f<sub>j</sub> is (1/T) times
 * A (1{j = a} &minus; &pi;<sub>j</sub>) &minus; &alpha; &pi;<sub>j</sub> (log &pi;<sub>j</sub> &minus; log
 * q<sub>j</sub> &minus; KL) &minus; &beta; &pi;<sub>j</sub> (log &pi;<sub>j</sub> + H).
 *
 * <p>The KL is exact: a sum over the whole action set, not the single-sample estimate log &pi;(a) &minus; log
 * q(a), which the trainer reports only as a diagnostic.
 */
public final class PolicyGradient {

    private PolicyGradient() {
    }

    /**
     * The log-softmax of scores at a temperature, computed stably.
     *
     * @param scores finite scores
     * @param temperature T &gt; 0
     * @return log &pi;, one per score
     */
    public static double[] logSoftmax(double[] scores, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            if (!Double.isFinite(s)) {
                throw new IllegalStateException("policy gradient: score is " + s
                        + " (diverged training? lower the learning rate)");
            }
            max = Math.max(max, s);
        }
        double sum = 0;
        for (double s : scores) {
            sum += StrictMath.exp((s - max) / temperature);
        }
        double log = StrictMath.log(sum);
        double[] out = new double[scores.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (scores[i] - max) / temperature - log;
        }
        return out;
    }

    /**
     * The exact KL divergence KL(&pi; &Vert; q) = &Sigma; &pi;<sub>j</sub> (log &pi;<sub>j</sub> &minus; log
     * q<sub>j</sub>).
     *
     * @param logp log &pi;
     * @param logq log q, of the same length ({@code -Infinity} where q is 0)
     * @return the divergence, &ge; 0 (clamped against rounding); {@code +Infinity} if &pi; puts mass where q
     *     has none
     */
    public static double kl(double[] logp, double[] logq) {
        double kl = 0;
        for (int j = 0; j < logp.length; j++) {
            double p = StrictMath.exp(logp[j]);
            if (p > 0) {
                if (logq[j] == Double.NEGATIVE_INFINITY) {
                    return Double.POSITIVE_INFINITY;
                }
                kl += p * (logp[j] - logq[j]);
            }
        }
        return Math.max(0, kl);
    }

    /**
     * The entropy H(&pi;) = &minus;&Sigma; &pi;<sub>j</sub> log &pi;<sub>j</sub> in nats.
     *
     * @param logp log &pi;
     * @return the entropy
     */
    public static double entropy(double[] logp) {
        double h = 0;
        for (double lp : logp) {
            double p = StrictMath.exp(lp);
            if (p > 0) {
                h -= p * lp;
            }
        }
        return h;
    }

    /**
     * The gradient of A log &pi;(a) &minus; &alpha; KL(&pi; &Vert; q) + &beta; H(&pi;) with respect to the scores.
     *
     * @param logp log &pi; at the current scores
     * @param logq log q (ignored when &alpha; = 0; may then be {@code null})
     * @param action the sampled action a
     * @param advantage A
     * @param klCoef &alpha;
     * @param entropyCoef &beta;
     * @param temperature T
     * @return d objective / d f, one per action
     * @throws IllegalStateException if &alpha; &gt; 0 and q is 0 where &pi; is not (an infinite KL)
     */
    public static double[] scoreGradient(double[] logp, double[] logq, int action, double advantage, double klCoef,
            double entropyCoef, double temperature) {
        int k = logp.length;
        double[] p = new double[k];
        for (int j = 0; j < k; j++) {
            p[j] = StrictMath.exp(logp[j]);
        }
        double kl = klCoef > 0 ? kl(logp, logq) : 0;
        if (Double.isInfinite(kl)) {
            throw new IllegalStateException("KL to the reference policy is infinite: it gives probability 0 to an"
                    + " action the agent can take; smooth the reference (ReferencePolicies.smoothed)");
        }
        double h = entropyCoef > 0 ? entropy(logp) : 0;
        double[] g = new double[k];
        for (int j = 0; j < k; j++) {
            double v = advantage * ((j == action ? 1 : 0) - p[j]);
            if (klCoef > 0) {
                v -= klCoef * p[j] * (logp[j] - logq[j] - kl);
            }
            if (entropyCoef > 0) {
                v -= entropyCoef * p[j] * (logp[j] + h);
            }
            g[j] = v / temperature;
        }
        return g;
    }
}
