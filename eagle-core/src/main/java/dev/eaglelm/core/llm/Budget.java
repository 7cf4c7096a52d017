package dev.eaglelm.core.llm;

/**
 * Limits on what a backend may spend in a run. A {@link MeteredLanguageModel} refuses a call with a
 * {@link BudgetExceededException} once a limit is reached. Calls count when they start (so concurrent
 * callers never exceed {@code maxCalls}); tokens and cost count when a call returns, so the call that
 * crosses a token or cost limit completes and the next one is refused.
 *
 * @param maxCalls the most backend calls (including failed ones), &ge; 0; {@link Long#MAX_VALUE} for no limit
 * @param maxTokens the most prompt + completion tokens, &ge; 0; {@link Long#MAX_VALUE} for no limit
 * @param maxCost the most cost in the unit of the {@link Pricing}, &ge; 0; infinity for no limit
 */
public record Budget(long maxCalls, long maxTokens, double maxCost) {

    /** No limits. */
    public static final Budget UNLIMITED = new Budget(Long.MAX_VALUE, Long.MAX_VALUE, Double.POSITIVE_INFINITY);

    /**
     * Creates the record, validating its components.
     *
     * @param maxCalls the most backend calls, &ge; 0
     * @param maxTokens the most tokens, &ge; 0
     * @param maxCost the most cost, &ge; 0 (may be infinite)
     * @throws IllegalArgumentException if a limit is negative or the cost is NaN
     */
    public Budget {
        if (maxCalls < 0 || maxTokens < 0 || !(maxCost >= 0)) {
            throw new IllegalArgumentException("budget: limits must be >= 0, got calls " + maxCalls + ", tokens "
                    + maxTokens + ", cost " + maxCost);
        }
    }

    /**
     * Returns a budget limited in calls only.
     *
     * @param maxCalls the most calls
     * @return the budget
     */
    public static Budget calls(long maxCalls) {
        return new Budget(maxCalls, Long.MAX_VALUE, Double.POSITIVE_INFINITY);
    }

    /**
     * Returns a copy with a token limit.
     *
     * @param limit the most tokens
     * @return the new budget
     */
    public Budget withMaxTokens(long limit) {
        return new Budget(maxCalls, limit, maxCost);
    }

    /**
     * Returns a copy with a cost limit.
     *
     * @param limit the most cost
     * @return the new budget
     */
    public Budget withMaxCost(double limit) {
        return new Budget(maxCalls, maxTokens, limit);
    }
}
