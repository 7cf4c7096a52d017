package dev.eaglelm.core.train;

import java.nio.file.Path;

/**
 * Receives the events of a training run. Every method has an empty default, so a listener overrides only
 * what it needs (DJL's {@code TrainingListenerAdapter} idea). Calls come from the thread that runs
 * {@link Trainer#train()}, in order. Progress bars use {@link dev.eaglelm.core.ProgressListener} instead.
 */
public interface TrainingListener {

    /**
     * Training starts (or resumes).
     *
     * @param config the configuration
     * @param startIteration the iterations already done: 0 for a fresh run, the checkpoint's for a resume
     */
    default void onStart(TrainerConfig config, int startIteration) {
    }

    /**
     * An iteration ended.
     *
     * @param metrics what it did
     */
    default void onIteration(IterationMetrics metrics) {
    }

    /**
     * A checkpoint was written.
     *
     * @param iteration the iterations it holds
     * @param file the checkpoint file
     */
    default void onCheckpoint(int iteration, Path file) {
    }

    /**
     * The trainer noticed something suspicious (it also logs it).
     *
     * @param iteration the iteration
     * @param message what it noticed
     */
    default void onWarning(int iteration, String message) {
    }

    /**
     * Training ended normally.
     *
     * @param result the result
     */
    default void onEnd(TrainingResult<?, ?> result) {
    }
}
