package dev.eaglelm.examples.bench;

import dev.eaglelm.core.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A performance suite of {@code eagle bench}: a name, a check whether it can run on this machine, and a run
 * that returns table rows. Suites are pluggable: {@link BenchSuites#defaults()} lists the built-in ones, and a
 * {@link ScriptSuite} runs any script under {@code bench/} that prints {@code bench-row:} lines.
 */
public interface BenchSuite {

    /**
     * Returns the suite's name, as given to {@code --suite}.
     *
     * @return a short lower-case name, e.g. {@code als}
     */
    String name();

    /**
     * Returns what the suite measures, for the table and {@code --list}.
     *
     * @return a one-line description
     */
    String description();

    /**
     * Checks whether the suite can run here.
     *
     * @param context the run's context
     * @return empty when it can run, else the reason it cannot (e.g. "python3 with numpy not found")
     */
    Optional<String> unavailable(Context context);

    /**
     * Runs the suite.
     *
     * @param context the run's context
     * @param progress receives the suite's progress
     * @return the rows, at least one
     * @throws Exception if the suite fails; the runner turns it into a "failed" row
     */
    List<BenchRow> run(Context context, ProgressListener progress) throws Exception;

    /**
     * What a suite needs to know about the run.
     *
     * @param repository the repository root (where {@code bench/} and {@code ./eagle} are)
     * @param quick whether to run short versions (fewer iterations, smaller problems)
     * @param logs a directory for the suites' logs
     */
    record Context(Path repository, boolean quick, Path logs) {

        /**
         * Checks the components.
         *
         * @param repository the repository root
         * @param quick the quick flag
         * @param logs the log directory
         */
        public Context {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(logs, "logs");
        }
    }
}
