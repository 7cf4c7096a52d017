package dev.eaglelm.core.llm;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs many completions with bounded concurrency: at most {@code concurrency} calls are in flight at
 * once, each request is sent exactly once (the backend may retry it internally), and results come back
 * in request order.
 */
public final class LlmBatch {

    private LlmBatch() {
    }

    /**
     * The outcome of one request of a batch: a completion or the error that ended it.
     *
     * @param index the request's position in the batch
     * @param completion the completion, or null when the call failed
     * @param error the failure, or null when the call succeeded
     */
    public record Outcome(int index, Completion completion, RuntimeException error) {

        /**
         * Creates the record, validating its components.
         *
         * @param index the request's position in the batch
         * @param completion the completion, or null when the call failed
         * @param error the failure, or null when the call succeeded
         * @throws IllegalArgumentException unless exactly one of completion and error is set
         */
        public Outcome {
            if ((completion == null) == (error == null)) {
                throw new IllegalArgumentException("batch outcome " + index
                        + ": exactly one of completion and error must be set");
            }
        }

        /**
         * Returns whether the call succeeded.
         *
         * @return true if there is a completion
         */
        public boolean ok() {
            return completion != null;
        }
    }

    /**
     * Runs a batch and returns every outcome, failures included; never throws for a failed call.
     *
     * @param llm the backend
     * @param requests the requests
     * @param concurrency the most calls in flight at once, &ge; 1
     * @param listener receives one report per finished call, task {@code "llm calls (" + id + ")"}
     * @return one outcome per request, in request order
     * @throws IllegalArgumentException if {@code concurrency < 1}
     */
    public static List<Outcome> tryCompleteAll(LanguageModel llm, List<CompletionRequest> requests,
            int concurrency, ProgressListener listener) {
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(listener, "listener");
        List<CompletionRequest> reqs = List.copyOf(requests);
        if (concurrency < 1) {
            throw new IllegalArgumentException("batch concurrency must be >= 1, got " + concurrency);
        }
        String task = "llm calls (" + llm.id() + ")";
        listener.started(task, reqs.size(), "calls");
        List<Outcome> out = new ArrayList<>(reqs.size());
        if (reqs.isEmpty()) {
            listener.finished(task, 0);
            return out;
        }
        AtomicLong done = new AtomicLong();
        AtomicInteger threadIds = new AtomicInteger();
        int threads = Math.min(concurrency, reqs.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "eagle-llm-batch-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>(reqs.size());
            for (int i = 0; i < reqs.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Outcome o;
                    try {
                        o = new Outcome(index, llm.complete(reqs.get(index)), null);
                    } catch (RuntimeException e) {
                        o = new Outcome(index, null, e);
                    }
                    listener.advanced(task, done.incrementAndGet(), reqs.size());
                    return o;
                }));
            }
            for (Future<Outcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("batch worker failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for LLM calls", e);
                }
            }
        } finally {
            pool.shutdownNow();
            listener.finished(task, done.get());
        }
        return out;
    }

    /**
     * Runs a batch and returns the completions, failing if any call failed.
     *
     * @param llm the backend
     * @param requests the requests
     * @param concurrency the most calls in flight at once, &ge; 1
     * @param listener receives progress reports
     * @return one completion per request, in request order
     * @throws RuntimeException the failure of the first failed request (by index), after every call has
     *     finished; a {@link BudgetExceededException} is rethrown as is
     */
    public static List<Completion> completeAll(LanguageModel llm, List<CompletionRequest> requests, int concurrency,
            ProgressListener listener) {
        List<Outcome> outcomes = tryCompleteAll(llm, requests, concurrency, listener);
        List<Completion> out = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            if (!o.ok()) {
                throw o.error();
            }
            out.add(o.completion());
        }
        return out;
    }
}
