package dev.eaglelm.core.eval;

/**
 * Cumulative counts of what a run consumed: environment transitions, LLM calls, tokens and cache
 * lookups. Take a snapshot before and after a piece of work and {@link #minus subtract}.
 *
 * <p>In a text environment one transition is one environment-LLM call (PAPER.md &sect;11: an RL episode
 * costs H agent calls, H environment calls and one encoding), and lookahead policies, searches and best-of-N
 * pay for every transition they try. In the synthetic environment there is no LLM: transitions are still
 * counted, LLM calls and tokens are 0.
 *
 * @param environmentCalls environment transitions computed ({@code step} calls)
 * @param llmCalls language-model completions requested (cache hits included, when the meter sees them)
 * @param tokens prompt plus completion tokens reported by the backends
 * @param cacheHits cache lookups that found a value
 * @param cacheMisses cache lookups that found none
 */
public record Usage(long environmentCalls, long llmCalls, long tokens, long cacheHits, long cacheMisses) {

    /** Nothing consumed. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    /**
     * Creates the record, validating its components.
     *
     * @param environmentCalls environment transitions computed ({@code step} calls)
     * @param llmCalls language-model completions requested
     * @param tokens prompt plus completion tokens reported by the backends
     * @param cacheHits cache lookups that found a value
     * @param cacheMisses cache lookups that found none
     * @throws IllegalArgumentException if a count is negative
     */
    public Usage {
        if (environmentCalls < 0 || llmCalls < 0 || tokens < 0 || cacheHits < 0 || cacheMisses < 0) {
            throw new IllegalArgumentException("usage: negative count in " + environmentCalls + ", " + llmCalls + ", "
                    + tokens + ", " + cacheHits + ", " + cacheMisses);
        }
    }

    /**
     * Adds two usages.
     *
     * @param other another usage
     * @return the element-wise sum
     */
    public Usage plus(Usage other) {
        return new Usage(environmentCalls + other.environmentCalls, llmCalls + other.llmCalls, tokens + other.tokens,
                cacheHits + other.cacheHits, cacheMisses + other.cacheMisses);
    }

    /**
     * Subtracts an earlier snapshot of the same counters.
     *
     * @param earlier a snapshot taken before this one
     * @return the element-wise difference
     * @throws IllegalArgumentException if a counter went down
     */
    public Usage minus(Usage earlier) {
        return new Usage(environmentCalls - earlier.environmentCalls, llmCalls - earlier.llmCalls,
                tokens - earlier.tokens, cacheHits - earlier.cacheHits, cacheMisses - earlier.cacheMisses);
    }

    /**
     * Returns the fraction of cache lookups that hit.
     *
     * @return hits / (hits + misses), or {@code NaN} when there was no lookup
     */
    public double cacheHitRate() {
        long lookups = cacheHits + cacheMisses;
        return lookups == 0 ? Double.NaN : (double) cacheHits / lookups;
    }
}
