package dev.eaglelm.core;

import dev.eaglelm.core.llm.LlmBatch;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SPI for LLM backends: the environment LLM that applies edits and the LLM that writes candidate actions.
 *
 * <p>Backends (an OpenAI-compatible HTTP server, an in-process GGUF model, a corpus surrogate, a user's
 * own) implement {@link #complete}. Every {@link Completion} names the backend that produced it.
 * Implementations must be thread-safe; {@link #close()} releases native resources and connections.
 *
 * <pre>{@code
 * try (LanguageModel llm = ...) {
 *     Completion c = llm.complete(CompletionRequest.builder().user("Hello").build());
 *     System.out.println(c.text() + "  (by " + c.backend() + ")");
 * }
 * }</pre>
 */
public interface LanguageModel extends AutoCloseable {

    /**
     * Returns an identifier of the backend and model, e.g. {@code "openai:http://127.0.0.1:8080/v1?model=x"}
     * or {@code "surrogate:overviews.csv"}. Never contains secrets.
     *
     * @return a non-blank identifier
     */
    String id();

    /**
     * Whether this backend enforces {@link CompletionRequest#grammar()} (GBNF). Backends that return false
     * ignore a request's grammar; callers that need constrained output check this first. The default is
     * false; decorators report their delegate's answer.
     *
     * @return true if grammars constrain the output
     */
    default boolean supportsGrammar() {
        return false;
    }

    /**
     * Runs one completion.
     *
     * @param request the request
     * @return the completion
     * @throws RuntimeException if the backend fails after its own retries; the message names the backend
     */
    Completion complete(CompletionRequest request);

    /**
     * Runs one completion asynchronously. The default runs {@link #complete} on the caller's thread and
     * returns a completed future; backends with real asynchronous I/O override it.
     *
     * @param request the request
     * @return a future of the completion, completed exceptionally if the call fails
     */
    default CompletableFuture<Completion> completeAsync(CompletionRequest request) {
        try {
            return CompletableFuture.completedFuture(complete(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs many completions with at most {@code maxConcurrency} in flight at once (see {@link LlmBatch}).
     *
     * @param requests the requests
     * @param maxConcurrency the most calls in flight, &ge; 1
     * @return one completion per request, in request order
     * @throws IllegalArgumentException if {@code maxConcurrency < 1}
     * @throws RuntimeException the failure of the first failed request, after every call has finished
     */
    default List<Completion> completeAll(List<CompletionRequest> requests, int maxConcurrency) {
        return LlmBatch.completeAll(this, requests, maxConcurrency, ProgressListener.NONE);
    }

    /** Releases the backend's resources; the default does nothing. */
    @Override
    default void close() {
    }
}
