package dev.eaglelm.core.llm.openai;

import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.BackendSpec;
import dev.eaglelm.core.llm.LanguageModelProvider;
import dev.eaglelm.core.llm.RetryPolicy;
import java.time.Duration;
import java.util.Set;

/**
 * Provider of {@code openai:<base-url>?model=<name>[&apiKeyEnv=VAR][&timeout=SECONDS][&concurrency=N]
 * [&attempts=N][&seed=N]}: an {@link OpenAiCompatibleModel}.
 */
public final class OpenAiProvider implements LanguageModelProvider {

    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public OpenAiProvider() {
    }

    @Override
    public String scheme() {
        return "openai";
    }

    @Override
    public String usage() {
        return "openai:<base-url>?model=<name>[&apiKeyEnv=VAR&timeout=S&concurrency=N&attempts=N]"
                + " - any OpenAI-compatible server (vLLM, llama-server, Ollama, hosted APIs)";
    }

    @Override
    public LanguageModel open(BackendSpec spec) {
        spec.requireOnly(Set.of("model", "apiKeyEnv", "timeout", "connectTimeout", "concurrency", "attempts", "seed"));
        if (spec.target().isBlank()) {
            throw new IllegalArgumentException("backend spec " + spec + ": missing base URL, e.g. "
                    + "openai:http://127.0.0.1:8080/v1?model=NAME");
        }
        double timeout = spec.doubleParam("timeout", 120);
        double connect = spec.doubleParam("connectTimeout", 10);
        RetryPolicy d = RetryPolicy.DEFAULT;
        RetryPolicy retry = new RetryPolicy(spec.intParam("attempts", d.maxAttempts()), d.baseDelay(), d.maxDelay(),
                d.maxRetryAfter(), spec.longParam("seed", d.seed()));
        return OpenAiCompatibleModel.builder()
                .baseUrl(spec.target())
                .model(spec.param("model", null))
                .apiKeyEnv(spec.param("apiKeyEnv", null))
                .requestTimeout(Duration.ofMillis((long) (timeout * 1000)))
                .connectTimeout(Duration.ofMillis((long) (connect * 1000)))
                .maxConcurrency(spec.intParam("concurrency", 4))
                .retry(retry)
                .build();
    }
}
