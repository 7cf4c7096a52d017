package dev.eaglelm.core.train;

import dev.eaglelm.core.Provenance;
import dev.eaglelm.core.policy.EagleAgent;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Trainer#train()} or {@link Trainer#resume}.
 *
 * @param agent the trained agent, at the configured temperature
 * @param iterations iterations done in the whole run (resumed ones included)
 * @param episodes successful episodes in the whole run
 * @param environmentSteps environment transitions in the whole run
 * @param history the metrics of the iterations this call ran, in order
 * @param resumedFrom the checkpoint's iteration when resumed, 0 for a fresh run
 * @param seconds wall-clock seconds of this call
 * @param provenance the configuration, seeds and components of the run
 * @param <S> the state type
 * @param <A> the action type
 */
public record TrainingResult<S, A>(
        EagleAgent<S, A> agent,
        int iterations,
        long episodes,
        long environmentSteps,
        List<IterationMetrics> history,
        int resumedFrom,
        double seconds,
        Provenance provenance) {

    /**
     * Creates the record, validating its components.
     *
     * @param agent the trained agent
     * @param iterations iterations done in the whole run
     * @param episodes successful episodes in the whole run
     * @param environmentSteps environment transitions in the whole run
     * @param history the metrics of this call's iterations
     * @param resumedFrom the checkpoint's iteration, or 0
     * @param seconds wall-clock seconds of this call
     * @param provenance the run's provenance
     * @throws IllegalArgumentException if a count is negative
     */
    public TrainingResult {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(provenance, "provenance");
        history = List.copyOf(history);
        if (iterations < 0 || episodes < 0 || environmentSteps < 0 || resumedFrom < 0) {
            throw new IllegalArgumentException("training result: negative count");
        }
    }

    /**
     * Returns the metrics of the last iteration this call ran.
     *
     * @return the last metrics, or {@code null} if this call ran none (a resume of a finished run)
     */
    public IterationMetrics last() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
