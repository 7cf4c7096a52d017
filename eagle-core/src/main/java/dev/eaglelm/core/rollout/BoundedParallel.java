package dev.eaglelm.core.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs n indexed tasks with at most p in flight and returns their results in index order.
 *
 * <p>This is how eaglelm keeps a slow environment (an LLM behind HTTP) busy without giving up determinism:
 * each task derives all its randomness from its index (its episode seed), and results are collected by
 * index, so the output is the same for every p and every thread schedule. With {@code p = 1} the tasks
 * run on the calling thread.
 */
public final class BoundedParallel {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private BoundedParallel() {
    }

    /**
     * Maps {@code task} over {@code 0..n-1}.
     *
     * @param n the number of tasks, &ge; 0
     * @param parallelism the most tasks in flight, &ge; 1
     * @param task the task; called once per index, possibly on another thread; must be thread-safe
     * @param <T> the result type
     * @return the results, result i from {@code task.apply(i)}
     * @throws IllegalArgumentException if {@code n < 0} or {@code parallelism < 1}
     * @throws RuntimeException the first failure in index order (remaining tasks are cancelled)
     */
    public static <T> List<T> map(int n, int parallelism, IntFunction<? extends T> task) {
        Objects.requireNonNull(task, "task");
        if (n < 0) {
            throw new IllegalArgumentException("bounded parallel: n must be >= 0, got " + n);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("bounded parallel: parallelism must be >= 1, got " + parallelism);
        }
        List<T> out = new ArrayList<>(n);
        if (parallelism == 1 || n <= 1) {
            for (int i = 0; i < n; i++) {
                out.add(task.apply(i));
            }
            return out;
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "eagle-parallel-" + pool + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(parallelism, n), factory);
        List<Future<? extends T>> futures = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(executor.submit(() -> task.apply(index)));
            }
            for (Future<? extends T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bounded parallel: interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("bounded parallel: task failed: " + cause, cause);
        } finally {
            executor.shutdownNow();
        }
    }
}
