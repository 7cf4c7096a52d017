package dev.eaglelm.core.text;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.cache.CacheKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment LLM's transition on its own: applies one edit to a description with the versioned
 * {@code edit} prompt, and sanitises the answer. {@link TextEnvironment} uses it for its steps; the CLI's
 * {@code eagle edit} and {@code eagle fidelity} use it directly.
 *
 * <p>The description and the action are quoted as untrusted data ({@link UntrustedText}); the request's seed is
 * derived from the editor's seed, the state and the action (and the attempt), so the same edit of the same
 * state is the same request (cacheable). The answer is cleaned by {@link TextSanitizer}. Thread-safe.
 *
 * @param model the environment LLM
 * @param prompt the edit prompt template (placeholders: description, action, max_words)
 * @param temperature the sampling temperature, &ge; 0
 * @param maxTokens the token limit of one edit, &ge; 1
 * @param maxWords the word limit the prompt asks for, &ge; 10
 * @param sanitizer cleans the answers
 * @param seed the seed from which request seeds are derived
 */
public record TextEditor(LanguageModel model, PromptTemplate prompt, double temperature, int maxTokens, int maxWords,
        TextSanitizer sanitizer, long seed) {

    /** The library's default edit prompt version (the best measured on SmolLM2-135M-Instruct; see the README). */
    public static final int DEFAULT_PROMPT_VERSION = 1;

    /**
     * Creates the record, validating its components.
     *
     * @param model the environment LLM
     * @param prompt the edit prompt template
     * @param temperature the sampling temperature, &ge; 0
     * @param maxTokens the token limit, &ge; 1
     * @param maxWords the word limit, &ge; 10
     * @param sanitizer the sanitizer
     * @param seed the seed
     * @throws IllegalArgumentException if a number is out of range or the template lacks a placeholder
     */
    public TextEditor {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sanitizer, "sanitizer");
        if (!(temperature >= 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("text editor: temperature must be finite and >= 0, got " + temperature);
        }
        if (maxTokens < 1 || maxWords < 10) {
            throw new IllegalArgumentException("text editor: maxTokens must be >= 1 and maxWords >= 10, got "
                    + maxTokens + " and " + maxWords);
        }
        if (!prompt.placeholders().containsAll(List.of("description", "action"))) {
            throw new IllegalArgumentException("text editor: prompt " + prompt.id()
                    + " must use {{description}} and {{action}}");
        }
    }

    /**
     * Creates an editor with the defaults of {@link TextEnvironment}: the default edit prompt, temperature 0,
     * 300 tokens, 150 words, 1500 characters, seed 0.
     *
     * @param model the environment LLM
     * @return the editor
     */
    public static TextEditor of(LanguageModel model) {
        return new TextEditor(model, PromptTemplate.load("edit", DEFAULT_PROMPT_VERSION), 0.0, 300, 150,
                new TextSanitizer(1500), 0L);
    }

    /**
     * Returns a copy with another prompt.
     *
     * @param template the edit prompt
     * @return the copy
     */
    public TextEditor withPrompt(PromptTemplate template) {
        return new TextEditor(model, template, temperature, maxTokens, maxWords, sanitizer, seed);
    }

    /**
     * Returns a copy with another model (same prompt and settings), e.g. to compare two environment LLMs.
     *
     * @param other the environment LLM
     * @return the copy
     */
    public TextEditor withModel(LanguageModel other) {
        return new TextEditor(other, prompt, temperature, maxTokens, maxWords, sanitizer, seed);
    }

    /**
     * Returns the request that applies an edit.
     *
     * @param state the state
     * @param action the edit
     * @param attempt 0 for the first attempt; later attempts (after an empty answer) use other seeds
     * @return the request
     */
    public CompletionRequest request(TextState state, Action action, int attempt) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("description", UntrustedText.quote("description", state.description()));
        values.put("action", UntrustedText.quote("edit", action.text()));
        if (prompt.placeholders().contains("max_words")) {
            values.put("max_words", Integer.toString(maxWords));
        }
        CompletionRequest.Builder b = CompletionRequest.builder()
                .temperature(temperature)
                .maxTokens(maxTokens)
                .seed(Seeds.mix(Seeds.derive(seed, "edit/" + stateKey(state) + "/" + action.text()), attempt));
        for (var m : prompt.render(values)) {
            b.message(m);
        }
        return b.build();
    }

    /**
     * Turns an answer into the next state, or empty when nothing usable is left after sanitising.
     *
     * @param state the state the request edited
     * @param request the request
     * @param completion the answer
     * @return the next state (step + 1), or empty
     */
    public Optional<TextState> accept(TextState state, CompletionRequest request, Completion completion) {
        List<String> promptLines = request.messages().stream()
                .flatMap(m -> m.content().lines()).filter(l -> !l.startsWith("<") && !l.isBlank()).toList();
        return sanitizer.sanitize(completion.text(), promptLines).map(s -> state.next(s.text()));
    }

    /**
     * Applies an edit: one call, and up to {@code emptyRetries} more with other seeds while the answer is empty.
     *
     * @param state the state
     * @param action the edit
     * @param emptyRetries retries after an empty answer, &ge; 0
     * @return the next state, or empty if every answer was empty after sanitising
     * @throws RuntimeException if the LLM call fails (the backend's exception)
     */
    public Optional<TextState> apply(TextState state, Action action, int emptyRetries) {
        for (int attempt = 0; attempt <= emptyRetries; attempt++) {
            CompletionRequest request = request(state, action, attempt);
            Optional<TextState> next = accept(state, request, model.complete(request));
            if (next.isPresent()) {
                return next;
            }
        }
        return Optional.empty();
    }

    static String stateKey(TextState s) {
        return CacheKeys.sha256(s.description() + "\u0000" + s.context());
    }
}
