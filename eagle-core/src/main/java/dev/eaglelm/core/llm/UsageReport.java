package dev.eaglelm.core.llm;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What one backend consumed: calls, tokens, latency percentiles and cost.
 *
 * @param backend the backend's {@link dev.eaglelm.core.LanguageModel#id() id}
 * @param calls calls that returned a completion
 * @param failures calls that failed (after the backend's own retries)
 * @param promptTokens prompt tokens of the successful calls
 * @param completionTokens generated tokens of the successful calls
 * @param latencyP50 median latency of the successful calls (zero when there were none)
 * @param latencyP95 95th-percentile latency
 * @param latencyMax the slowest call
 * @param cost the cost under the meter's {@link Pricing}
 */
public record UsageReport(String backend, long calls, long failures, long promptTokens, long completionTokens,
        Duration latencyP50, Duration latencyP95, Duration latencyMax, double cost) {

    /**
     * Creates the record, validating its components.
     *
     * @param backend the backend's id
     * @param calls calls that returned a completion
     * @param failures calls that failed
     * @param promptTokens prompt tokens
     * @param completionTokens generated tokens
     * @param latencyP50 median latency
     * @param latencyP95 95th-percentile latency
     * @param latencyMax the slowest call
     * @param cost the cost
     * @throws IllegalArgumentException if a count is negative
     */
    public UsageReport {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(latencyP50, "latencyP50");
        Objects.requireNonNull(latencyP95, "latencyP95");
        Objects.requireNonNull(latencyMax, "latencyMax");
        if (calls < 0 || failures < 0 || promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("usage report: negative count");
        }
    }

    /**
     * Returns all tokens.
     *
     * @return prompt plus completion tokens
     */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /**
     * Returns a one-line summary naming the backend, e.g. for the CLI's usage line.
     *
     * @return e.g. {@code "backend surrogate:overviews.csv: 3 calls (0 failed), 120+45 tokens, p50 2 ms, p95 3 ms, cost 0.0000"}
     */
    public String summary() {
        return String.format(Locale.ROOT, "backend %s: %d calls (%d failed), %d+%d tokens, p50 %d ms, p95 %d ms,"
                + " max %d ms, cost %.4f", backend, calls, failures, promptTokens, completionTokens,
                latencyP50.toMillis(), latencyP95.toMillis(), latencyMax.toMillis(), cost);
    }
}
