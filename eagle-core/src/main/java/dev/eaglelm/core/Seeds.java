package dev.eaglelm.core;

import java.nio.charset.StandardCharsets;

/**
 * Derivation of independent seeds from one run seed.
 *
 * <p>Every stochastic component of eaglelm takes a seed. Components that need several streams derive
 * them from one seed with {@link #mix(long, long)} or {@link #derive(long, String)}, so that a run is
 * reproduced by its single seed and no component shares a stream with another. The mixing function is
 * the SplitMix64 finaliser, which turns nearby inputs into unrelated outputs.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /**
     * Derives a seed from a parent seed and a salt (for example a child index).
     *
     * @param seed the parent seed
     * @param salt distinguishes children of the same parent
     * @return a well-mixed seed; the same inputs always give the same output
     */
    public static long mix(long seed, long salt) {
        return finalise(seed + GOLDEN_GAMMA * (salt + 1) + finalise(salt ^ GOLDEN_GAMMA));
    }

    /**
     * Derives a seed from a parent seed and a label (for example {@code "actions"} or
     * {@code "agent"}).
     *
     * @param seed the parent seed
     * @param label a non-null label naming the consumer of the stream
     * @return a well-mixed seed; the same inputs always give the same output
     * @throws NullPointerException if {@code label} is null
     */
    public static long derive(long seed, String label) {
        long h = 0xCBF29CE484222325L; // FNV-1a 64-bit offset basis
        for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xFF);
            h *= 0x100000001B3L;
        }
        return mix(seed, h);
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
