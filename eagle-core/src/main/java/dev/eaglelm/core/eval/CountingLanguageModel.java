package dev.eaglelm.core.eval;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LanguageModel} decorator that counts completions and the tokens the backend reports. Wrap the
 * environment LLM (and the action-writing LLM) with it and give it to a trainer or an evaluation as its
 * {@link UsageMeter}.
 */
public final class CountingLanguageModel implements LanguageModel, UsageMeter {

    private final LanguageModel delegate;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();

    /**
     * Wraps a language model.
     *
     * @param delegate the backend to count
     */
    public CountingLanguageModel(LanguageModel delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String id() {
        return delegate.id();
    }

    /** Returns the delegate's answer. */
    @Override
    public boolean supportsGrammar() {
        return delegate.supportsGrammar();
    }

    @Override
    public Completion complete(CompletionRequest request) {
        calls.incrementAndGet();
        Completion c = delegate.complete(request);
        tokens.addAndGet(c.usage().totalTokens());
        return c;
    }

    @Override
    public CompletableFuture<Completion> completeAsync(CompletionRequest request) {
        calls.incrementAndGet();
        return delegate.completeAsync(request).thenApply(c -> {
            tokens.addAndGet(c.usage().totalTokens());
            return c;
        });
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Returns the completions and tokens counted so far.
     *
     * @return the usage
     */
    @Override
    public Usage usage() {
        return new Usage(0, calls.get(), tokens.get(), 0, 0);
    }

    @Override
    public String toString() {
        return "Counting[" + delegate.id() + "]";
    }
}
