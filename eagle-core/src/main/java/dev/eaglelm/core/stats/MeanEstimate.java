package dev.eaglelm.core.stats;

import java.util.Objects;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A sample mean with its 95% confidence interval (Student t, two-sided).
 *
 * @param n the number of observations, &ge; 1
 * @param mean the sample mean
 * @param standardDeviation the sample standard deviation (n &minus; 1 denominator; 0 when n = 1)
 * @param ci95 the half-width of the 95% confidence interval for the mean; {@code NaN} when n = 1
 */
public record MeanEstimate(int n, double mean, double standardDeviation, double ci95) {

    /**
     * Creates the record, validating its components.
     *
     * @param n the number of observations, &ge; 1
     * @param mean the sample mean
     * @param standardDeviation the sample standard deviation (n &minus; 1 denominator; 0 when n = 1)
     * @param ci95 the half-width of the 95% confidence interval for the mean; {@code NaN} when n = 1 /
     * @throws IllegalArgumentException if a component is invalid; the message names it
     */
    public MeanEstimate {
        if (n < 1) {
            throw new IllegalArgumentException("mean estimate: n must be >= 1, got " + n);
        }
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean estimate: mean is " + mean);
        }
        if (!(standardDeviation >= 0)) {
            throw new IllegalArgumentException("mean estimate: standard deviation is " + standardDeviation);
        }
    }

    /**
     * Estimates the mean of observations.
     *
     * @param values at least one finite observation
     * @return the estimate
     * @throws IllegalArgumentException if there are no values or one is not finite
     */
    public static MeanEstimate of(double[] values) {
        Objects.requireNonNull(values, "values");
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("mean estimate: no values");
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("mean estimate: value " + i + " is " + values[i]);
            }
            mean += (values[i] - mean) / (i + 1); // running mean: stable for long series
        }
        if (n == 1) {
            return new MeanEstimate(1, mean, 0, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
        return new MeanEstimate(n, mean, sd, t * sd / Math.sqrt(n));
    }

    /**
     * Returns the lower end of the 95% confidence interval.
     *
     * @return mean &minus; ci95
     */
    public double lower() {
        return mean - ci95;
    }

    /**
     * Returns the upper end of the 95% confidence interval.
     *
     * @return mean + ci95
     */
    public double upper() {
        return mean + ci95;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f (n=%d)", mean, ci95, n);
    }
}
