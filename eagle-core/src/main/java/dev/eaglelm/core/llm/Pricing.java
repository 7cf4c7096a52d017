package dev.eaglelm.core.llm;

/**
 * Prices per token, to turn token usage into cost (in whatever currency the user chooses, e.g. USD).
 *
 * @param perPromptToken cost of one prompt token, &ge; 0
 * @param perCompletionToken cost of one generated token, &ge; 0
 */
public record Pricing(double perPromptToken, double perCompletionToken) {

    /** Free (local backends, the surrogate). */
    public static final Pricing FREE = new Pricing(0, 0);

    /**
     * Creates the record, validating its components.
     *
     * @param perPromptToken cost of one prompt token, &ge; 0
     * @param perCompletionToken cost of one generated token, &ge; 0
     * @throws IllegalArgumentException if a price is negative or not finite
     */
    public Pricing {
        if (!(perPromptToken >= 0) || !(perCompletionToken >= 0) || !Double.isFinite(perPromptToken)
                || !Double.isFinite(perCompletionToken)) {
            throw new IllegalArgumentException("pricing: prices must be finite and >= 0, got " + perPromptToken
                    + " and " + perCompletionToken);
        }
    }

    /**
     * Builds a pricing from prices per million tokens, the way providers quote them.
     *
     * @param promptPerMillion cost of a million prompt tokens
     * @param completionPerMillion cost of a million generated tokens
     * @return the pricing
     */
    public static Pricing perMillion(double promptPerMillion, double completionPerMillion) {
        return new Pricing(promptPerMillion / 1e6, completionPerMillion / 1e6);
    }

    /**
     * Returns the cost of a usage.
     *
     * @param promptTokens prompt tokens
     * @param completionTokens generated tokens
     * @return the cost
     */
    public double cost(long promptTokens, long completionTokens) {
        return promptTokens * perPromptToken + completionTokens * perCompletionToken;
    }
}
