package dev.eaglelm.core.llm;

import dev.eaglelm.core.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Opens LLM backends from spec strings, finding their {@link LanguageModelProvider}s with
 * {@link ServiceLoader}.
 *
 * <pre>{@code
 * try (LanguageModel llm = LanguageModels.open("surrogate:/data/movielens/overviews.csv")) {
 *     Completion c = llm.complete(CompletionRequest.builder().user("Add a haunted lighthouse.").build());
 * }
 * }</pre>
 *
 * <p>Built-in schemes: {@code openai:<base-url>?model=<name>}, {@code gguf:<path>},
 * {@code llama-server:<binary>?model=<path>}, {@code langchain4j:<class or bean>}, {@code surrogate:<corpus>}. Every backend is also constructible
 * directly (its builder), without a spec.
 */
public final class LanguageModels {

    private LanguageModels() {
    }

    /**
     * Opens a backend from a spec string.
     *
     * @param spec e.g. {@code "openai:http://127.0.0.1:8080/v1?model=x"}
     * @return the open backend; the caller closes it
     * @throws IllegalArgumentException if the spec is malformed, names an unknown scheme (the message lists
     *     the known ones) or is refused by its provider
     * @throws IllegalStateException if the backend's optional dependency is missing
     */
    public static LanguageModel open(String spec) {
        return open(BackendSpec.parse(spec));
    }

    /**
     * Opens a backend from a parsed spec.
     *
     * @param spec the spec
     * @return the open backend
     * @throws IllegalArgumentException if the scheme is unknown or the provider refuses the spec
     * @throws IllegalStateException if the backend's optional dependency is missing
     */
    public static LanguageModel open(BackendSpec spec) {
        Objects.requireNonNull(spec, "spec");
        LanguageModelProvider p = providers().get(spec.scheme());
        if (p == null) {
            throw new IllegalArgumentException("backend spec '" + spec + "': unknown backend '" + spec.scheme()
                    + "'; known: " + String.join(", ", providers().keySet()));
        }
        return p.open(spec);
    }

    /**
     * Returns the providers found on the class path, by scheme. When two providers claim one scheme, the
     * first found wins (and a warning is logged).
     *
     * @return an immutable sorted map scheme &rarr; provider
     */
    public static Map<String, LanguageModelProvider> providers() {
        Map<String, LanguageModelProvider> out = new TreeMap<>();
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(LanguageModels.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != loaders.get(0)) {
            loaders.add(context);
        }
        for (ClassLoader loader : loaders) {
            try {
                for (LanguageModelProvider p : ServiceLoader.load(LanguageModelProvider.class, loader)) {
                    LanguageModelProvider previous = out.putIfAbsent(p.scheme(), p);
                    if (previous != null && previous.getClass() != p.getClass()) {
                        org.slf4j.LoggerFactory.getLogger(LanguageModels.class).warn(
                                "two LLM providers for scheme '{}': {} and {}; using the first",
                                p.scheme(), previous.getClass().getName(), p.getClass().getName());
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException("a LanguageModelProvider on the class path cannot be loaded: "
                        + e.getMessage(), e);
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * Returns one usage line per known backend, for help texts.
     *
     * @return lines like {@code "surrogate:<corpus.csv or data dir> - ..."}
     */
    public static List<String> usages() {
        return providers().values().stream().map(LanguageModelProvider::usage).toList();
    }
}
