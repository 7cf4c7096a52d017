package dev.eaglelm.core.llm;

/**
 * Thrown instead of making an LLM call that would go beyond a {@link Budget}. It ends a run: rollout code
 * does not treat it as the failure of one episode but stops, keeping what was already computed.
 */
public final class BudgetExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The usage when the budget stopped the call. */
    private final transient UsageReport usage;

    /**
     * Creates the exception.
     *
     * @param message which limit was reached, with the numbers
     * @param usage the usage at that point
     */
    public BudgetExceededException(String message, UsageReport usage) {
        super(message);
        this.usage = usage;
    }

    /**
     * Returns the usage when the budget stopped the call.
     *
     * @return the usage report
     */
    public UsageReport usage() {
        return usage;
    }
}
