package dev.eaglelm.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of a {@link LanguageModel} to a {@link CompletionRequest}.
 *
 * @param text the generated text
 * @param finishReason why generation ended
 * @param usage the tokens consumed
 * @param latency wall-clock time of the call (zero for a cache hit)
 * @param backend the {@link LanguageModel#id()} of the backend that produced the text, so that no output
 *     is ever presented without the model that wrote it
 */
public record Completion(String text, FinishReason finishReason, TokenUsage usage, Duration latency, String backend) {

    /** Why a generation ended. */
    public enum FinishReason {
        /** The model ended its turn or hit a stop sequence. */
        STOP,
        /** The token limit was reached. */
        LENGTH,
        /** The backend reported another reason (e.g. a content filter). */
        OTHER
    }
    /**
     * Creates the record, validating its components.
     *
     * @param text the generated text
     * @param finishReason why generation ended
     * @param usage the tokens consumed
     * @param latency wall-clock time of the call (zero for a cache hit)
     * @param backend the {@link LanguageModel#id()} of the backend that produced the text, so that no output is ever presented without the model that wrote it /
     * @throws IllegalArgumentException if a component is invalid; the message names it
     */
    public Completion {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(backend, "backend");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("completion: negative latency " + latency);
        }
    }
}
