package dev.eaglelm.core;

/**
 * Receives progress reports from long-running operations (training, rollouts, designs, embedding
 * jobs, LLM batches).
 *
 * <p>Every long-running operation in eaglelm takes a listener; the {@code eagle} CLI renders the reports
 * as a progress bar with an ETA, a library user may log them or ignore them ({@link #NONE}). All methods
 * have empty defaults, so an implementation overrides only what it needs. Reports for one task come
 * from the thread that runs it or, for parallel work, from several threads: implementations must be
 * thread-safe.
 *
 * <pre>{@code
 * ProgressListener listener = (task, done, total) -> log.info("{}: {}/{}", task, done, total);
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every report. */
    ProgressListener NONE = (task, done, total) -> { };

    /**
     * A task begins.
     *
     * @param task a short human-readable name, e.g. {@code "episodes"}
     * @param total the number of units the task will do, or {@code -1} when unknown
     * @param unit what a unit is, e.g. {@code "episodes"} or {@code "iterations"}
     */
    default void started(String task, long total, String unit) {
    }

    /**
     * A task advanced.
     *
     * @param task the task's name as given to {@link #started}
     * @param done the units done so far (absolute, not an increment)
     * @param total the number of units in all, or {@code -1} when unknown
     */
    void advanced(String task, long done, long total);

    /**
     * A task ended (successfully or not).
     *
     * @param task the task's name as given to {@link #started}
     * @param done the units done when it ended
     */
    default void finished(String task, long done) {
    }
}
