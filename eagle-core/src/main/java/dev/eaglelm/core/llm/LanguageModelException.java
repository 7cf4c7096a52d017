package dev.eaglelm.core.llm;

import java.util.OptionalInt;

/**
 * A backend call that failed for good: after the backend's retries, or at once when retrying cannot help
 * (a 4xx status other than 408/429, a response that does not follow the protocol).
 *
 * <p>The message names the backend or endpoint, the HTTP status where there was one, and the number of
 * attempts; it never contains an API key.
 */
public class LanguageModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status of the last attempt, or -1. */
    private final int status;
    /** How many attempts were made. */
    private final int attempts;
    /** Whether another attempt later might succeed (the failure was transient). */
    private final boolean transientFailure;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the backend or endpoint
     * @param status the HTTP status of the last attempt, or -1 when there was none
     * @param attempts the number of attempts made, &ge; 1
     * @param transientFailure whether the last failure was of a retryable kind (retries ran out)
     * @param cause the underlying exception, or null
     */
    public LanguageModelException(String message, int status, int attempts, boolean transientFailure,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.attempts = attempts;
        this.transientFailure = transientFailure;
    }

    /**
     * Creates an exception for a failure without HTTP status after one attempt.
     *
     * @param message what failed, naming the backend
     * @param cause the underlying exception, or null
     */
    public LanguageModelException(String message, Throwable cause) {
        this(message, -1, 1, false, cause);
    }

    /**
     * Returns the HTTP status of the last attempt.
     *
     * @return the status, or empty when the failure had none (a timeout, a reset, a local backend)
     */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /**
     * Returns the number of attempts made.
     *
     * @return &ge; 1
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Returns whether the failure was transient (a timeout, a reset, 408/429/5xx) and retries ran out.
     *
     * @return true for a transient failure
     */
    public boolean isTransient() {
        return transientFailure;
    }
}
