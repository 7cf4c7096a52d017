/**
 * Persistent caches. {@link dev.eaglelm.core.cache.SqliteStore} is a crash-safe key&ndash;value store in an
 * SQLite file (WAL mode, safe for several threads and processes), shared by the LLM response cache and the
 * embedding cache. It needs {@code org.xerial:sqlite-jdbc} at run time (an optional dependency of the
 * library modules; the {@code eagle} CLI includes it).
 */
package dev.eaglelm.core.cache;
