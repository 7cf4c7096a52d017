package dev.eaglelm.core;

import java.util.Objects;

/**
 * One message of a chat conversation sent to a {@link LanguageModel}.
 *
 * @param role who speaks
 * @param content the text, non-null (may be empty)
 */
public record ChatMessage(Role role, String content) {

    /** The speaker of a message. */
    public enum Role {
        /** Instructions that frame the conversation. */
        SYSTEM,
        /** The user's turn: the prompt. */
        USER,
        /** The model's turn (for few-shot examples or multi-turn context). */
        ASSISTANT
    }
    /**
     * Creates the record, validating its components.
     *
     * @param role who speaks
     * @param content the text, non-null (may be empty) /
     */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /**
     * Creates a system message.
     *
     * @param content the text
     * @return the message
     */
    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    /**
     * Creates a user message.
     *
     * @param content the text
     * @return the message
     */
    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    /**
     * Creates an assistant message.
     *
     * @param content the text
     * @return the message
     */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }
}
