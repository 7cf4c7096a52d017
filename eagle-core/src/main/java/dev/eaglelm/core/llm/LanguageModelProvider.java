package dev.eaglelm.core.llm;

import dev.eaglelm.core.LanguageModel;

/**
 * SPI through which {@link LanguageModels#open(String)} finds backends: one provider per spec scheme,
 * listed in {@code META-INF/services/dev.eaglelm.core.llm.LanguageModelProvider} and found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>eagle-core ships {@code openai}, {@code gguf}, {@code llama-server}, {@code langchain4j} and
 * {@code surrogate}. A user adds
 * a backend by implementing this interface (with a public no-argument constructor) and listing it in that
 * file. Providers must not link optional third-party classes until {@link #open} is called, and should
 * fail there with a message naming the artifact to add when one is missing.
 */
public interface LanguageModelProvider {

    /**
     * Returns the scheme this provider serves, in lower case, e.g. {@code "openai"}.
     *
     * @return the scheme
     */
    String scheme();

    /**
     * Returns a one-line description with the spec syntax, for help texts and error messages.
     *
     * @return e.g. {@code "openai:<base-url>?model=<name>[&apiKeyEnv=VAR] - any OpenAI-compatible server"}
     */
    String usage();

    /**
     * Opens a backend.
     *
     * @param spec the parsed spec, whose scheme is {@link #scheme()}
     * @return the backend; the caller closes it
     * @throws IllegalArgumentException if the spec is invalid or names a missing or unreadable file
     * @throws IllegalStateException if an optional dependency is missing (the message names the artifact)
     */
    LanguageModel open(BackendSpec spec);
}
