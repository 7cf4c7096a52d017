package dev.eaglelm.core.train;

import java.util.Objects;

/**
 * Generalized Advantage Estimation (Schulman et al. 2016) for one finite episode, as the paper's trainer
 * uses it (Sec. 4.4; PAPER.md &sect;7): &delta;<sub>t</sub> = r<sub>t</sub> + &gamma; V(x<sub>t+1</sub>)
 * &minus; V(x<sub>t</sub>) with V(x<sub>H</sub>) = 0, A<sub>t</sub> = &Sigma;<sub>l</sub> (&gamma;&lambda;)<sup>l</sup>
 * &delta;<sub>t+l</sub>; the value head is fit to the discounted returns-to-go G<sub>t</sub> =
 * &Sigma;<sub>l</sub> &gamma;<sup>l</sup> r<sub>t+l</sub>.
 */
public final class Gae {

    private Gae() {
    }

    /**
     * Advantages and returns-to-go of one episode.
     *
     * @param advantages A<sub>t</sub>, one per step
     * @param returns G<sub>t</sub>, one per step
     */
    public record Result(double[] advantages, double[] returns) {

        /**
         * Creates the record, validating its components.
         *
         * @param advantages A<sub>t</sub>, one per step
         * @param returns G<sub>t</sub>, one per step
         * @throws IllegalArgumentException if the lengths differ
         */
        public Result {
            Objects.requireNonNull(advantages, "advantages");
            Objects.requireNonNull(returns, "returns");
            if (advantages.length != returns.length) {
                throw new IllegalArgumentException("GAE: " + advantages.length + " advantages but " + returns.length
                        + " returns");
            }
        }
    }

    /**
     * Computes GAE advantages and returns-to-go for an episode that ends in a terminal state.
     *
     * @param rewards r<sub>0</sub> ... r<sub>T&minus;1</sub>, at least one
     * @param values V(x<sub>0</sub>) ... V(x<sub>T&minus;1</sub>); V(x<sub>T</sub>) is 0
     * @param gamma &gamma; in [0, 1]
     * @param lambda &lambda; in [0, 1]
     * @return the advantages and returns
     * @throws IllegalArgumentException if the lengths differ, are zero, or a parameter is out of range
     */
    public static Result compute(double[] rewards, double[] values, double gamma, double lambda) {
        if (rewards.length == 0 || rewards.length != values.length) {
            throw new IllegalArgumentException("GAE: " + rewards.length + " rewards and " + values.length
                    + " values; need the same positive number");
        }
        if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("GAE: gamma and lambda must be in [0, 1], got " + gamma + " and "
                    + lambda);
        }
        int n = rewards.length;
        double[] adv = new double[n];
        double[] ret = new double[n];
        double nextValue = 0;
        double nextAdv = 0;
        double nextRet = 0;
        for (int t = n - 1; t >= 0; t--) {
            double delta = rewards[t] + gamma * nextValue - values[t];
            nextAdv = delta + gamma * lambda * nextAdv;
            nextRet = rewards[t] + gamma * nextRet;
            adv[t] = nextAdv;
            ret[t] = nextRet;
            nextValue = values[t];
        }
        return new Result(adv, ret);
    }
}
