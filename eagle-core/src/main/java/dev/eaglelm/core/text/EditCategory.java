package dev.eaglelm.core.text;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A category of candidate edits, requested from the action-writing LLM to make the action set diverse
 * (Sec. 5.1 and App. C of the paper).
 *
 * @param label the category's name as written into prompts and {@link dev.eaglelm.core.Action#category()},
 *     e.g. {@code "plot changes"}
 * @param hint one sentence saying what the category covers, written into prompts
 */
public record EditCategory(String label, String hint) {

    /** Plot changes. */
    public static final EditCategory PLOT = new EditCategory("plot changes",
            "changes to the events, the structure, the setting or the ending of the story");
    /** Character enhancements. */
    public static final EditCategory CHARACTER = new EditCategory("character enhancements",
            "changes to the characters: their traits, motives, backstories and relationships");
    /** Visual and storytelling improvements. */
    public static final EditCategory VISUAL = new EditCategory("visual and storytelling improvements",
            "changes to how the story is told and shown: narration, pacing, tone, style and imagery");
    /** Thematic exploration. */
    public static final EditCategory THEME = new EditCategory("thematic exploration",
            "changes to the ideas the movie explores: its themes, messages and questions");
    /** Audience appeal adjustments. */
    public static final EditCategory AUDIENCE = new EditCategory("audience appeal adjustments",
            "changes that make the movie appeal to a particular audience: genre, rating, length, humour");

    /** The paper's five MovieLens categories, in its order. */
    public static final List<EditCategory> MOVIELENS = List.of(PLOT, CHARACTER, VISUAL, THEME, AUDIENCE);

    /**
     * Creates the record, validating its components.
     *
     * @param label the category's name, non-blank
     * @param hint what the category covers, non-blank
     * @throws IllegalArgumentException if either is blank
     */
    public EditCategory {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(hint, "hint");
        if (label.isBlank() || hint.isBlank()) {
            throw new IllegalArgumentException("edit category: blank label or hint");
        }
    }

    /**
     * Returns a short slug for action ids, e.g. {@code "plot"} for "plot changes".
     *
     * @return the first word of the label, lower-case letters only
     */
    public String slug() {
        String first = label.strip().split("\\s+")[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return first.isEmpty() ? "cat" : first;
    }
}
