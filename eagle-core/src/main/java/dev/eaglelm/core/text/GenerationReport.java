package dev.eaglelm.core.text;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an {@link ActionGenerator} asked for, received, kept and dropped for one state.
 *
 * @param requested actions requested over all calls
 * @param calls LLM calls made
 * @param failedCalls calls that failed (their actions are missing)
 * @param parsed items parsed from the responses
 * @param kept actions kept
 * @param duplicates items dropped as duplicates of an earlier item
 * @param empty items dropped as empty or too short
 * @param tooLong items dropped as longer than the cap
 * @param junk response lines that were not items (preambles, headings, chatter)
 * @param surplus items dropped because a call returned more than it was asked for
 * @param echoes items dropped because they repeat text of the prompt (e.g. its example edit)
 * @param dropped examples of what was dropped and why ({@code "too long: ..."}), at most 20
 * @param prompts the prompt template ids used, e.g. {@code ["actions-generic/v1"]}
 */
public record GenerationReport(int requested, int calls, int failedCalls, int parsed, int kept, int duplicates,
        int empty, int tooLong, int junk, int surplus, int echoes, List<String> dropped, List<String> prompts) {

    /**
     * Creates the record, validating its components.
     *
     * @param requested actions requested
     * @param calls LLM calls made
     * @param failedCalls calls that failed
     * @param parsed items parsed
     * @param kept actions kept
     * @param duplicates duplicates dropped
     * @param empty empty or too short items dropped
     * @param tooLong overlong items dropped
     * @param junk non-item lines
     * @param surplus items beyond the requested count
     * @param echoes items repeating the prompt
     * @param dropped examples of drops
     * @param prompts template ids
     */
    public GenerationReport {
        dropped = List.copyOf(Objects.requireNonNull(dropped, "dropped"));
        prompts = List.copyOf(Objects.requireNonNull(prompts, "prompts"));
    }

    /**
     * Returns a one-line summary for logs and the CLI.
     *
     * @return e.g. {@code "10 calls (0 failed): 100 requested, 104 parsed, 98 kept; dropped 3 duplicates, ..."}
     */
    public String summary() {
        return String.format(Locale.ROOT, "%d calls (%d failed): %d requested, %d parsed, %d kept; dropped %d"
                + " duplicates, %d empty, %d too long, %d echoes of the prompt, %d surplus; %d junk lines; prompts %s",
                calls, failedCalls, requested, parsed, kept, duplicates, empty, tooLong, echoes, surplus, junk,
                String.join(", ", prompts));
    }
}
