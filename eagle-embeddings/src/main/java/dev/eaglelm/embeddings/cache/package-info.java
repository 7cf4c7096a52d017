/**
 * The persistent embedding cache, {@link dev.eaglelm.embeddings.cache.CachedEmbeddingMap}, over eagle-core's
 * SQLite store.
 */
package dev.eaglelm.embeddings.cache;
