package dev.eaglelm.core.llm;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decorator that accounts for every call of a backend (calls, failures, tokens, latency percentiles,
 * cost under a {@link Pricing}) and enforces a {@link Budget}.
 *
 * <p>Put it <em>inside</em> a {@link CachingLanguageModel} ({@code new CachingLanguageModel(new
 * MeteredLanguageModel(backend, ...), store)}) so that cache hits neither count nor spend budget. When a
 * budget limit is reached, the next call throws {@link BudgetExceededException} without reaching the
 * backend. Thread-safe.
 */
public final class MeteredLanguageModel implements LanguageModel {

    private static final Logger LOG = LoggerFactory.getLogger(MeteredLanguageModel.class);

    private final LanguageModel delegate;
    private final Pricing pricing;
    private final Budget budget;
    private long started;
    private long calls;
    private long failures;
    private long promptTokens;
    private long completionTokens;
    private long[] latenciesNanos = new long[64];
    private int latencyCount;

    /**
     * Wraps a backend without limits and at no cost.
     *
     * @param delegate the backend
     */
    public MeteredLanguageModel(LanguageModel delegate) {
        this(delegate, Pricing.FREE, Budget.UNLIMITED);
    }

    /**
     * Wraps a backend.
     *
     * @param delegate the backend
     * @param pricing prices per token
     * @param budget the limits
     */
    public MeteredLanguageModel(LanguageModel delegate, Pricing pricing, Budget budget) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.budget = Objects.requireNonNull(budget, "budget");
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

    /**
     * Returns the wrapped backend.
     *
     * @return the delegate
     */
    public LanguageModel delegate() {
        return delegate;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        reserve();
        long t0 = System.nanoTime();
        try {
            Completion c = delegate.complete(request);
            record(c, System.nanoTime() - t0);
            return c;
        } catch (RuntimeException e) {
            fail();
            throw e;
        }
    }

    @Override
    public CompletableFuture<Completion> completeAsync(CompletionRequest request) {
        try {
            reserve();
        } catch (BudgetExceededException e) {
            return CompletableFuture.failedFuture(e);
        }
        long t0 = System.nanoTime();
        CompletableFuture<Completion> f;
        try {
            f = delegate.completeAsync(request);
        } catch (RuntimeException e) {
            fail();
            return CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((c, e) -> {
            if (e != null) {
                fail();
            } else {
                record(c, System.nanoTime() - t0);
            }
        });
    }

    private synchronized void reserve() {
        String limit = null;
        if (started >= budget.maxCalls()) {
            limit = "the call limit of " + budget.maxCalls() + " calls";
        } else if (promptTokens + completionTokens >= budget.maxTokens()) {
            limit = "the token limit of " + budget.maxTokens() + " tokens (used " + (promptTokens + completionTokens)
                    + ")";
        } else if (pricing.cost(promptTokens, completionTokens) >= budget.maxCost()) {
            limit = String.format(java.util.Locale.ROOT, "the cost limit of %.4f (spent %.4f)", budget.maxCost(),
                    pricing.cost(promptTokens, completionTokens));
        }
        if (limit != null) {
            UsageReport u = usageLocked();
            String msg = "LLM budget exhausted for backend " + delegate.id() + ": reached " + limit
                    + "; the run stops here (" + u.calls() + " calls made, " + u.failures() + " failed)";
            LOG.info(msg);
            throw new BudgetExceededException(msg, u);
        }
        started++;
    }

    private synchronized void record(Completion c, long nanos) {
        calls++;
        promptTokens += c.usage().promptTokens();
        completionTokens += c.usage().completionTokens();
        if (latencyCount == latenciesNanos.length) {
            latenciesNanos = Arrays.copyOf(latenciesNanos, latencyCount * 2);
        }
        latenciesNanos[latencyCount++] = nanos;
    }

    private synchronized void fail() {
        failures++;
    }

    /**
     * Returns the usage so far.
     *
     * @return a snapshot
     */
    public synchronized UsageReport usage() {
        return usageLocked();
    }

    private UsageReport usageLocked() {
        long[] sorted = Arrays.copyOf(latenciesNanos, latencyCount);
        Arrays.sort(sorted);
        return new UsageReport(delegate.id(), calls, failures, promptTokens, completionTokens,
                Duration.ofNanos(percentile(sorted, 0.50)), Duration.ofNanos(percentile(sorted, 0.95)),
                Duration.ofNanos(sorted.length == 0 ? 0 : sorted[sorted.length - 1]),
                pricing.cost(promptTokens, completionTokens));
    }

    /** Nearest-rank percentile of sorted values (0 for none). */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "MeteredLanguageModel[" + delegate.id() + ", " + budget + "]";
    }
}
