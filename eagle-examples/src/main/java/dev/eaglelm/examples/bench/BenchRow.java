package dev.eaglelm.examples.bench;

import java.util.Objects;

/**
 * One row of the benchmark table; every cell is already formatted text.
 *
 * @param suite the suite's name, e.g. {@code als}
 * @param measure what is measured, e.g. "seconds per ALS epoch, ml-latest-small, rank 20"
 * @param eaglelm eaglelm's number (with its unit and error), or a dash
 * @param baseline the baseline's name and number, or a dash
 * @param comparison how they compare (a ratio), or a dash
 * @param notes conditions, or why the row has no numbers ("not available: ...", "failed: ...")
 */
public record BenchRow(String suite, String measure, String eaglelm, String baseline, String comparison,
        String notes) {

    /** The text of an empty cell. */
    public static final String NONE = "—";

    /**
     * Replaces null or blank cells with {@link #NONE}.
     *
     * @param suite the suite's name
     * @param measure what is measured
     * @param eaglelm eaglelm's number
     * @param baseline the baseline
     * @param comparison the comparison
     * @param notes the notes
     */
    public BenchRow {
        Objects.requireNonNull(suite, "suite");
        measure = orNone(measure);
        eaglelm = orNone(eaglelm);
        baseline = orNone(baseline);
        comparison = orNone(comparison);
        notes = orNone(notes);
    }

    /**
     * A row saying that a suite could not run here, and why.
     *
     * @param suite the suite's name
     * @param measure what it would have measured
     * @param reason why not, e.g. "python3 with numpy not found"
     * @return the row
     */
    public static BenchRow notAvailable(String suite, String measure, String reason) {
        return new BenchRow(suite, measure, NONE, NONE, NONE, "not available: " + reason);
    }

    /**
     * A row saying that a suite failed.
     *
     * @param suite the suite's name
     * @param measure what it would have measured
     * @param reason what went wrong
     * @return the row
     */
    public static BenchRow failed(String suite, String measure, String reason) {
        return new BenchRow(suite, measure, NONE, NONE, NONE, "failed: " + reason);
    }

    private static String orNone(String s) {
        return s == null || s.isBlank() ? NONE : s.strip();
    }
}
