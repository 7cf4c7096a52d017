package dev.eaglelm.examples.bench;

import java.util.List;
import java.util.Objects;

/**
 * The Markdown that {@code eagle bench} writes: a header naming the machine and the conditions, and one table
 * row per measurement (suites that could not run get a row saying why).
 *
 * @param machine where it ran
 * @param date when it ran (ISO-8601 text)
 * @param quick whether the suites ran in their short versions
 * @param rows the rows, in suite order
 */
public record BenchReport(MachineInfo machine, String date, boolean quick, List<BenchRow> rows) {

    /** The table's column headers. */
    static final List<String> COLUMNS = List.of("suite", "measure", "eaglelm", "baseline", "comparison", "notes");

    /**
     * Copies the rows.
     *
     * @param machine where it ran
     * @param date when it ran
     * @param quick the quick flag
     * @param rows the rows
     */
    public BenchReport {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(date, "date");
        rows = List.copyOf(rows);
    }

    /**
     * Renders the report.
     *
     * @return Markdown: a heading, the machine as a bullet list, and the table
     */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("### eagle bench").append(quick ? " --quick" : "").append(", ").append(date).append("\n\n");
        sb.append(machine.toMarkdown()).append('\n');
        sb.append(table(rows));
        return sb.toString();
    }

    /**
     * Renders rows as a Markdown table ({@code |} inside a cell is escaped, line breaks become spaces).
     *
     * @param rows the rows
     * @return the table, one line per row after the header and separator lines
     */
    public static String table(List<BenchRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", COLUMNS)).append(" |\n");
        sb.append("|---|---|---:|---|---|---|\n");
        for (BenchRow r : rows) {
            sb.append("| ").append(String.join(" | ", List.of(cell(r.suite()), cell(r.measure()), cell(r.eaglelm()),
                    cell(r.baseline()), cell(r.comparison()), cell(r.notes())))).append(" |\n");
        }
        return sb.toString();
    }

    static String cell(String s) {
        return s.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ");
    }
}
