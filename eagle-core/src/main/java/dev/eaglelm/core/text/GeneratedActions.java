package dev.eaglelm.core.text;

import dev.eaglelm.core.Action;
import java.util.List;
import java.util.Objects;

/**
 * The candidate actions an {@link ActionGenerator} wrote for one state, with its report.
 *
 * @param actions the kept actions, in a deterministic order (generic before personalised, categories in
 *     their configured order)
 * @param report what was requested, kept and dropped
 */
public record GeneratedActions(List<Action> actions, GenerationReport report) {

    /**
     * Creates the record, validating its components.
     *
     * @param actions the kept actions
     * @param report the report
     */
    public GeneratedActions {
        actions = List.copyOf(actions);
        Objects.requireNonNull(report, "report");
    }
}
