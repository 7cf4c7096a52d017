package dev.eaglelm.core.cache;

/**
 * Counters of a cache since it was opened.
 *
 * @param hits lookups that found a value
 * @param misses lookups that found none
 * @param writes values stored
 */
public record CacheStats(long hits, long misses, long writes) {

    /**
     * Returns the fraction of lookups that hit.
     *
     * @return hits / (hits + misses), or 0 when there was no lookup
     */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
