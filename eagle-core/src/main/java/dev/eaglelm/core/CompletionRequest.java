package dev.eaglelm.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A chat-completion request to a {@link LanguageModel}.
 *
 * <p>Build one with {@link #builder()}:
 * <pre>{@code
 * CompletionRequest request = CompletionRequest.builder()
 *     .system("You rewrite movie descriptions.")
 *     .user("Make the villain sympathetic: ...")
 *     .temperature(0.0)
 *     .maxTokens(256)
 *     .build();
 * }</pre>
 *
 * @param messages the conversation, at least one message
 * @param temperature sampling temperature, &ge; 0 (0 asks for greedy decoding)
 * @param topP nucleus-sampling mass, in (0, 1]
 * @param maxTokens the most tokens to generate, &ge; 1
 * @param stop sequences that end generation (possibly none)
 * @param seed a sampling seed, where the backend honours one
 * @param format the requested output format (a hint; backends that cannot enforce it ignore it)
 * @param grammar a GBNF grammar (llama.cpp's format) that constrains the output, where the backend supports
 *     grammars ({@link LanguageModel#supportsGrammar()}); other backends ignore it
 */
public record CompletionRequest(
        List<ChatMessage> messages,
        double temperature,
        double topP,
        int maxTokens,
        List<String> stop,
        OptionalLong seed,
        Format format,
        Optional<String> grammar) {

    /** Output formats a request may ask for. */
    public enum Format {
        /** Free text. */
        TEXT,
        /** A JSON value (backends with a JSON mode enforce it). */
        JSON
    }
    /**
     * Creates the record, validating its components.
     *
     * @param messages the conversation, at least one message
     * @param temperature sampling temperature, &ge; 0 (0 asks for greedy decoding)
     * @param topP nucleus-sampling mass, in (0, 1]
     * @param maxTokens the most tokens to generate, &ge; 1
     * @param stop sequences that end generation (possibly none)
     * @param seed a sampling seed, where the backend honours one
     * @param format the requested output format (a hint; backends that cannot enforce it ignore it)
     * @param grammar a GBNF grammar constraining the output (backends without grammar support ignore it)
     * @throws IllegalArgumentException if a component is invalid; the message names it
     */
    public CompletionRequest {
        messages = List.copyOf(messages);
        stop = List.copyOf(stop);
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(grammar, "grammar");
        if (grammar.isPresent() && grammar.get().isBlank()) {
            throw new IllegalArgumentException("completion request: the grammar is blank");
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("completion request: no messages");
        }
        if (!(temperature >= 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("completion request: temperature must be finite and >= 0, got "
                    + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("completion request: topP must be in (0, 1], got " + topP);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("completion request: maxTokens must be >= 1, got " + maxTokens);
        }
    }

    /**
     * Creates a request without a grammar.
     *
     * @param messages the conversation, at least one message
     * @param temperature sampling temperature, &ge; 0
     * @param topP nucleus-sampling mass, in (0, 1]
     * @param maxTokens the most tokens to generate, &ge; 1
     * @param stop sequences that end generation
     * @param seed a sampling seed
     * @param format the requested output format
     * @throws IllegalArgumentException if a component is invalid; the message names it
     */
    public CompletionRequest(List<ChatMessage> messages, double temperature, double topP, int maxTokens,
            List<String> stop, OptionalLong seed, Format format) {
        this(messages, temperature, topP, maxTokens, stop, seed, format, Optional.empty());
    }

    /**
     * Whether the same request always gets the same answer from a deterministic backend: greedy decoding
     * or a fixed seed. Caches store only such requests by default.
     *
     * @return true if the temperature is 0 or a seed is set
     */
    public boolean deterministic() {
        return temperature == 0 || seed.isPresent();
    }

    /**
     * Starts a builder with defaults: temperature 0, top-p 1, 256 max tokens, no stop sequence, no seed,
     * text format.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link CompletionRequest}. */
    public static final class Builder {
        private final List<ChatMessage> messages = new ArrayList<>();
        private double temperature = 0.0;
        private double topP = 1.0;
        private int maxTokens = 256;
        private final List<String> stop = new ArrayList<>();
        private OptionalLong seed = OptionalLong.empty();
        private Format format = Format.TEXT;
        private Optional<String> grammar = Optional.empty();

        private Builder() {
        }

        /**
         * Appends a message.
         *
         * @param message the message
         * @return this builder
         */
        public Builder message(ChatMessage message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /**
         * Appends a system message.
         *
         * @param content the text
         * @return this builder
         */
        public Builder system(String content) {
            return message(ChatMessage.system(content));
        }

        /**
         * Appends a user message.
         *
         * @param content the text
         * @return this builder
         */
        public Builder user(String content) {
            return message(ChatMessage.user(content));
        }

        /**
         * Appends an assistant message.
         *
         * @param content the text
         * @return this builder
         */
        public Builder assistant(String content) {
            return message(ChatMessage.assistant(content));
        }

        /**
         * Sets the temperature.
         *
         * @param temperature &ge; 0
         * @return this builder
         */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Sets the nucleus-sampling mass.
         *
         * @param topP in (0, 1]
         * @return this builder
         */
        public Builder topP(double topP) {
            this.topP = topP;
            return this;
        }

        /**
         * Sets the most tokens to generate.
         *
         * @param maxTokens &ge; 1
         * @return this builder
         */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /**
         * Adds a stop sequence.
         *
         * @param sequence a non-empty sequence
         * @return this builder
         */
        public Builder stop(String sequence) {
            if (sequence == null || sequence.isEmpty()) {
                throw new IllegalArgumentException("completion request: empty stop sequence");
            }
            stop.add(sequence);
            return this;
        }

        /**
         * Sets the sampling seed.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = OptionalLong.of(seed);
            return this;
        }

        /**
         * Sets the output format hint.
         *
         * @param format the format
         * @return this builder
         */
        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Sets a GBNF grammar that constrains the output (backends without grammar support ignore it; see
         * {@link LanguageModel#supportsGrammar()}).
         *
         * @param gbnf the grammar, or null for none
         * @return this builder
         */
        public Builder grammar(String gbnf) {
            this.grammar = Optional.ofNullable(gbnf);
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException naming the first invalid parameter
         */
        public CompletionRequest build() {
            return new CompletionRequest(messages, temperature, topP, maxTokens, stop, seed, format, grammar);
        }
    }
}
