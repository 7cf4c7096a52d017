package dev.eaglelm.core;

/**
 * Thrown by an {@link Environment} when one episode cannot go on, e.g. because the environment LLM still
 * failed after its retries or returned nothing usable. It ends that episode only: rollout code (see
 * {@link dev.eaglelm.core.rollout.FaultTolerantRollouts}) records the failure with the transitions already
 * made and goes on with the other episodes.
 */
public class EpisodeFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The step at which the episode failed, or -1 when unknown. */
    private final int step;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the backend and the step
     * @param step the step at which the episode failed, or -1
     * @param cause the underlying failure
     */
    public EpisodeFailedException(String message, int step, Throwable cause) {
        super(message, cause);
        this.step = step;
    }

    /**
     * Returns the step at which the episode failed.
     *
     * @return the step, or -1 when unknown
     */
    public int step() {
        return step;
    }
}
