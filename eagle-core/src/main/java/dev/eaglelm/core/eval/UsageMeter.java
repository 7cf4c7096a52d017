package dev.eaglelm.core.eval;

import dev.eaglelm.core.cache.CacheStats;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A source of cumulative {@link Usage} counters: a {@link CountingEnvironment}, a
 * {@link CountingLanguageModel}, a cache's statistics, or a sum of these. Trainers and evaluations read a
 * meter before and after their work and report the difference.
 *
 * <pre>{@code
 * UsageMeter meter = UsageMeter.sum(countingEnv, countingLlm, UsageMeter.ofCache(reduced::cacheStats));
 * }</pre>
 */
@FunctionalInterface
public interface UsageMeter {

    /** A meter that counts nothing. */
    UsageMeter NONE = () -> Usage.ZERO;

    /**
     * Returns the counters so far.
     *
     * @return a snapshot; counters only grow
     */
    Usage usage();

    /**
     * Sums meters.
     *
     * @param meters the meters to add up
     * @return a meter whose snapshot is the sum of theirs
     */
    static UsageMeter sum(UsageMeter... meters) {
        List<UsageMeter> list = List.of(meters);
        return () -> {
            Usage u = Usage.ZERO;
            for (UsageMeter m : list) {
                u = u.plus(m.usage());
            }
            return u;
        };
    }

    /**
     * Reads a cache's hit and miss counters, e.g. {@code ActionSetEnvironment::cacheStats} or an LLM
     * response cache's statistics.
     *
     * @param stats the cache's statistics
     * @return a meter with only the cache counters set
     */
    static UsageMeter ofCache(Supplier<CacheStats> stats) {
        Objects.requireNonNull(stats, "stats");
        return () -> {
            CacheStats s = stats.get();
            return new Usage(0, 0, 0, s.hits(), s.misses());
        };
    }
}
