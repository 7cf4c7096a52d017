package dev.eaglelm.core;

/**
 * Tokens consumed by one LLM call, as reported by the backend.
 *
 * @param promptTokens tokens of the prompt, &ge; 0
 * @param completionTokens tokens generated, &ge; 0
 */
public record TokenUsage(long promptTokens, long completionTokens) {

    /** No tokens (a cache hit, or a backend that does not report usage). */
    public static final TokenUsage NONE = new TokenUsage(0, 0);
    /**
     * Creates the record, validating its components.
     *
     * @param promptTokens tokens of the prompt, &ge; 0
     * @param completionTokens tokens generated, &ge; 0 /
     * @throws IllegalArgumentException if a component is invalid; the message names it
     */
    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException(
                    "token usage: negative count (prompt " + promptTokens + ", completion " + completionTokens + ")");
        }
    }

    /**
     * Returns the total number of tokens.
     *
     * @return prompt plus completion tokens
     */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /**
     * Adds two usages.
     *
     * @param other another usage
     * @return the element-wise sum
     */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
