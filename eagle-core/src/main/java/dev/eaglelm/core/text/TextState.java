package dev.eaglelm.core.text;

import java.util.Objects;

/**
 * A state of the {@link TextEnvironment}: the current description, its context and the step index.
 *
 * @param description the entity's text, e.g. a movie description; non-blank
 * @param context what the edits are for, e.g. a textual user profile or a target; may be empty (then no
 *     personalised actions are generated)
 * @param step the number of edits applied so far, &ge; 0 (the episode ends at the horizon)
 */
public record TextState(String description, String context, int step) {

    /**
     * Creates the record, validating its components.
     *
     * @param description the entity's text, non-blank
     * @param context what the edits are for; may be empty
     * @param step the number of edits applied so far, &ge; 0
     * @throws IllegalArgumentException if the description is blank or the step negative
     */
    public TextState {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(context, "context");
        if (description.isBlank()) {
            throw new IllegalArgumentException("text state: blank description");
        }
        if (step < 0) {
            throw new IllegalArgumentException("text state: negative step " + step);
        }
    }

    /**
     * Creates a start state (step 0).
     *
     * @param description the anchor's text
     * @param context the context, possibly empty
     * @return the state
     */
    public static TextState start(String description, String context) {
        return new TextState(description, context, 0);
    }

    /**
     * Returns the state after an edit: the new description, the same context, the next step.
     *
     * @param newDescription the edited text
     * @return the next state
     */
    public TextState next(String newDescription) {
        return new TextState(newDescription, context, step + 1);
    }
}
