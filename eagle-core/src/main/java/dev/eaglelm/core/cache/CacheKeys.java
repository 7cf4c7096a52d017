package dev.eaglelm.core.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Cache-key helpers: stable digests of the content a cached value depends on.
 */
public final class CacheKeys {

    private CacheKeys() {
    }

    /**
     * Returns the SHA-256 digest of a string's UTF-8 bytes, in lower-case hex.
     *
     * @param text the content
     * @return 64 hex characters
     */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the SHA-256 digest of bytes, in lower-case hex.
     *
     * @param bytes the content
     * @return 64 hex characters
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
