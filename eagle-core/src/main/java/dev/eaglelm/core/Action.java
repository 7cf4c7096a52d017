package dev.eaglelm.core;

import java.util.Objects;

/**
 * A natural-language edit action: a short imperative prompt that tells the environment LLM how to change
 * the entity, e.g. "Shorten the runtime to make the film more accessible to a wider audience."
 * (App. H of the paper).
 *
 * @param id a stable identifier, unique within the action set it belongs to
 * @param text the instruction itself, non-blank
 * @param category the kind of change (the paper's five MovieLens categories are plot changes, character
 *     enhancements, visual and storytelling improvements, thematic exploration, audience appeal
 *     adjustments); {@link #UNCATEGORISED} when unknown
 * @param origin what produced the action, naming the backend, e.g. {@code "generic/surrogate"} or
 *     {@code "personalised/openai:gpt-4o-mini"}
 */
public record Action(String id, String text, String category, String origin) {

    /** The category of an action whose category is unknown. */
    public static final String UNCATEGORISED = "uncategorised";
    /**
     * Creates the record, validating its components.
     *
     * @param id a stable identifier, unique within the action set it belongs to
     * @param text the instruction itself, non-blank
     * @param category the kind of change (the paper's five MovieLens categories are plot changes, character enhancements, visual and storytelling improvements, thematic exploration, audience appeal adjustments); {@link #UNCATEGORISED} when unknown
     * @param origin what produced the action, naming the backend, e.g. {@code "generic/surrogate"} or {@code "personalised/openai:gpt-4o-mini"} /
     * @throws IllegalArgumentException if a component is invalid; the message names it
     */
    public Action {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(origin, "origin");
        if (id.isBlank()) {
            throw new IllegalArgumentException("action: blank id");
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("action " + id + ": blank text");
        }
    }

    /**
     * Creates an uncategorised action of unknown origin.
     *
     * @param id the identifier
     * @param text the instruction
     * @return the action
     */
    public static Action of(String id, String text) {
        return new Action(id, text, UNCATEGORISED, "unknown");
    }
}
