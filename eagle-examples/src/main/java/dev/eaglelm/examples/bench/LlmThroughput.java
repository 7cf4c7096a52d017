package dev.eaglelm.examples.bench;

import dev.eaglelm.core.ProgressListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of LLM backends under concurrent requests: tokens/s, calls/s and latency percentiles at several
 * concurrency levels, measured interleaved (round by round, level by level, target by target in a rotating
 * order) so that a noisy shared machine disturbs every target alike. Each measured block is preceded by a
 * warm-up of as many calls as the level's concurrency, which is not counted. Prompts are fixed and seeded;
 * generation is greedy (temperature 0), so every target is asked for the same work.
 */
public final class LlmThroughput {

    private LlmThroughput() {
    }

    /** One thing to measure: a backend, or a bare baseline that bypasses eaglelm. */
    public interface Target extends AutoCloseable {

        /**
         * Returns the name shown in results (the spec).
         *
         * @return the name
         */
        String name();

        /**
         * Returns the resolved settings (threads, slots, ...), for the report.
         *
         * @return a description of the settings
         */
        String setting();

        /**
         * Makes one greedy call; may be called from several threads at once.
         *
         * @param prompt the user message
         * @param maxTokens the most tokens to generate
         * @param seed the request's seed
         * @return the completion tokens generated
         * @throws Exception if the call fails
         */
        long call(String prompt, int maxTokens, long seed) throws Exception;

        /** Releases the target's resources. */
        @Override
        void close();
    }

    /**
     * What to measure.
     *
     * @param requests measured calls per (target, concurrency, round) block, &ge; 1
     * @param maxTokens the most tokens per call, &ge; 1
     * @param concurrency the concurrency levels, each &ge; 1
     * @param rounds how often the whole sweep is repeated, &ge; 1
     * @param seed the prompt seed
     */
    public record Config(int requests, int maxTokens, List<Integer> concurrency, int rounds, long seed) {

        /**
         * Creates the config, checking its components.
         *
         * @param requests measured calls per (target, concurrency, round) block, &ge; 1
         * @param maxTokens the most tokens per call, &ge; 1
         * @param concurrency the concurrency levels, each &ge; 1
         * @param rounds how often the whole sweep is repeated, &ge; 1
         * @param seed the prompt seed
         * @throws IllegalArgumentException naming the invalid component
         */
        public Config {
            concurrency = List.copyOf(concurrency);
            if (requests < 1) {
                throw new IllegalArgumentException("requests must be >= 1, got " + requests);
            }
            if (maxTokens < 1) {
                throw new IllegalArgumentException("max tokens must be >= 1, got " + maxTokens);
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
            }
            if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c == null || c < 1)) {
                throw new IllegalArgumentException("concurrency levels must be >= 1, got " + concurrency);
            }
        }
    }

    /**
     * One measured block.
     *
     * @param target the target's name
     * @param round the round, from 0
     * @param concurrency requests in flight
     * @param calls measured calls
     * @param tokens completion tokens generated in them
     * @param seconds wall time of the block
     * @param p50Millis median call latency
     * @param p95Millis 95th-percentile call latency (nearest rank)
     */
    public record Measurement(String target, int round, int concurrency, int calls, long tokens, double seconds,
            double p50Millis, double p95Millis) {

        /**
         * Returns completion tokens per second of wall time.
         *
         * @return tokens/s
         */
        public double tokensPerSecond() {
            return tokens / seconds;
        }

        /**
         * Returns calls per second of wall time.
         *
         * @return calls/s
         */
        public double callsPerSecond() {
            return calls / seconds;
        }
    }

    /**
     * Medians over the rounds of one (target, concurrency) pair.
     *
     * @param target the target's name
     * @param concurrency requests in flight
     * @param rounds the rounds measured
     * @param tokensPerSecond median tokens/s
     * @param minTokensPerSecond lowest tokens/s of a round
     * @param maxTokensPerSecond highest tokens/s of a round
     * @param callsPerSecond median calls/s
     * @param p50Millis median of the rounds' median latencies
     * @param p95Millis median of the rounds' 95th-percentile latencies
     * @param tokensPerCall mean completion tokens per call
     */
    public record Summary(String target, int concurrency, int rounds, double tokensPerSecond,
            double minTokensPerSecond, double maxTokensPerSecond, double callsPerSecond, double p50Millis,
            double p95Millis, double tokensPerCall) {
    }

    /**
     * Returns {@code n} fixed prompts asking for short stories (long enough to fill 128 tokens).
     *
     * @param seed the seed
     * @param n how many
     * @return the prompts, distinct
     */
    public static List<String> prompts(long seed, int n) {
        String[] who = {"a retired violinist", "a young astronaut", "a stubborn detective", "a lonely robot",
            "a pirate cook", "a small-town baker", "a vampire librarian", "a nervous bride", "a circus strongman",
            "a dragon who fears fire"};
        String[] what = {"finds a map to a lost city", "must win a cooking contest", "hides from a storm",
            "loses a priceless ring", "befriends a stray dog", "plans a daring heist", "returns home after years",
            "wakes up with no memory"};
        String[] where = {"in Paris", "on Mars", "in a haunted hotel", "on a night train", "in a mountain village",
            "under the sea", "in 1920s Chicago", "on a deserted island"};
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (out.size() < n) {
            String p = "Write a story of about 150 words about " + who[r.nextInt(who.length)] + " who "
                    + what[r.nextInt(what.length)] + " " + where[r.nextInt(where.length)] + ".";
            if (seen.add(p) || seen.size() >= who.length * what.length * where.length) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Measures every target at every concurrency level, {@link Config#rounds} times, interleaved.
     *
     * @param targets the targets (opened; the caller closes them)
     * @param config what to measure
     * @param progress told about each finished call, as task {@code "bench llm"}
     * @return one measurement per (round, concurrency, target), in the order measured
     * @throws Exception if a call fails (the first failure)
     */
    public static List<Measurement> run(List<Target> targets, Config config, ProgressListener progress)
            throws Exception {
        Objects.requireNonNull(progress, "progress");
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no targets to measure");
        }
        List<String> prompts = prompts(config.seed(), config.requests());
        long total = (long) config.rounds() * config.concurrency().size() * targets.size() * config.requests();
        progress.started("bench llm", total, "calls");
        AtomicLong done = new AtomicLong();
        List<Measurement> out = new ArrayList<>();
        for (int round = 0; round < config.rounds(); round++) {
            for (int c : config.concurrency()) {
                List<Target> order = new ArrayList<>(targets);
                Collections.rotate(order, -round);
                for (Target t : order) {
                    block(t, c, Math.min(c, config.requests()), prompts, config, round, p -> { });
                    out.add(block(t, c, config.requests(), prompts, config, round,
                            p -> progress.advanced("bench llm", done.incrementAndGet(), total)));
                }
            }
        }
        progress.finished("bench llm", done.get());
        return out;
    }

    private static Measurement block(Target t, int concurrency, int calls, List<String> prompts, Config config,
            int round, java.util.function.LongConsumer onCall) throws Exception {
        double[] latencies = new double[calls];
        AtomicInteger next = new AtomicInteger();
        AtomicLong tokens = new AtomicLong();
        int threads = Math.min(concurrency, calls);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "eagle-bench-llm");
            th.setDaemon(true);
            return th;
        });
        long t0 = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        tokens.addAndGet(t.call(prompts.get(i % prompts.size()), config.maxTokens(),
                                config.seed() + i));
                        latencies[i] = (System.nanoTime() - s) / 1e6;
                        onCall.accept(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    next.set(calls);
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Measurement(t.name(), round, concurrency, calls, tokens.get(), seconds, percentile(sorted, 0.50),
                percentile(sorted, 0.95));
    }

    /**
     * Nearest-rank percentile of sorted values.
     *
     * @param sorted ascending values, not empty
     * @param q the quantile in (0, 1]
     * @return the smallest value with at least {@code q} of the values at or below it
     */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * Summarises measurements per (target, concurrency): medians over the rounds.
     *
     * @param measurements the output of {@link #run}
     * @return one summary per (target, concurrency), in first-measured order of targets, then by concurrency
     */
    public static List<Summary> summarize(List<Measurement> measurements) {
        List<String> targets = measurements.stream().map(Measurement::target).distinct().toList();
        List<Integer> levels = measurements.stream().map(Measurement::concurrency).distinct().sorted().toList();
        List<Summary> out = new ArrayList<>();
        for (String t : targets) {
            for (int c : levels) {
                List<Measurement> ms = measurements.stream().filter(m -> m.target().equals(t) && m.concurrency() == c)
                        .toList();
                if (ms.isEmpty()) {
                    continue;
                }
                List<Double> tps = ms.stream().map(Measurement::tokensPerSecond).toList();
                long tokens = ms.stream().mapToLong(Measurement::tokens).sum();
                long calls = ms.stream().mapToLong(Measurement::calls).sum();
                out.add(new Summary(t, c, ms.size(), median(tps), Collections.min(tps), Collections.max(tps),
                        median(ms.stream().map(Measurement::callsPerSecond).toList()),
                        median(ms.stream().map(Measurement::p50Millis).toList()),
                        median(ms.stream().map(Measurement::p95Millis).toList()), (double) tokens / calls));
            }
        }
        return out;
    }
}
