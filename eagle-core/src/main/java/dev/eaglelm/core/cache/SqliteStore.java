package dev.eaglelm.core.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent key&ndash;value store in one SQLite file: values are byte arrays, keys are strings grouped in
 * namespaces (e.g. one per model id).
 *
 * <ul>
 *   <li><b>Crash-safe:</b> every write is an SQLite transaction in WAL mode; a killed process leaves the
 *       last committed state.</li>
 *   <li><b>Concurrent:</b> methods are thread-safe; several processes may open the same file (SQLite file
 *       locks, with a busy timeout of {@value #BUSY_TIMEOUT_MS} ms before a write gives up).</li>
 *   <li><b>Counted:</b> {@link #stats()} reports hits, misses and writes since opening.</li>
 *   <li><b>Clear errors:</b> a file that is not an SQLite database, a corrupted one, one with another
 *       schema, or one locked for too long gives an {@link IllegalStateException} naming the file and what
 *       to do.</li>
 * </ul>
 *
 * <p>Needs {@code org.xerial:sqlite-jdbc} on the class path.
 *
 * <pre>{@code
 * try (SqliteStore store = SqliteStore.open(Path.of("cache/eagle.db"))) {
 *     store.put("minilm/1", CacheKeys.sha256(text), bytes);
 *     Optional<byte[]> hit = store.get("minilm/1", CacheKeys.sha256(text));
 * }
 * }</pre>
 */
public final class SqliteStore implements AutoCloseable {

    /** How long a write waits for another process's lock by default, in milliseconds. */
    public static final int BUSY_TIMEOUT_MS = 30_000;

    /** The schema version this code writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    private static final int BATCH = 500;

    private final Path file;
    private final Connection connection;
    private final long busyTimeoutMs;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private boolean closed;

    private SqliteStore(Path file, Connection connection, long busyTimeoutMs) {
        this.file = file;
        this.connection = connection;
        this.busyTimeoutMs = busyTimeoutMs;
    }

    /**
     * Opens (creating if needed) a store.
     *
     * @param file the database file; parent directories are created
     * @return the open store
     * @throws IllegalStateException if the SQLite driver is missing, or the file is not a usable eaglelm
     *     cache (not SQLite, corrupted, another schema, locked); the message names the file
     */
    public static SqliteStore open(Path file) {
        return open(file, java.time.Duration.ofMillis(BUSY_TIMEOUT_MS));
    }

    /**
     * Opens (creating if needed) a store with a chosen lock timeout.
     *
     * @param file the database file; parent directories are created
     * @param busyTimeout how long a statement waits for another connection's lock before failing
     * @return the open store
     * @throws IllegalStateException if the SQLite driver is missing, or the file is not a usable eaglelm
     *     cache (not SQLite, corrupted, another schema, locked); the message names the file
     */
    public static SqliteStore open(Path file, java.time.Duration busyTimeout) {
        Objects.requireNonNull(file, "file");
        long timeoutMs = busyTimeout.toMillis();
        if (timeoutMs < 0 || timeoutMs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busy timeout out of range: " + busyTimeout);
        }
        try {
            Class.forName("org.sqlite.JDBC");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the persistent cache needs the SQLite driver: add the dependency "
                    + "org.xerial:sqlite-jdbc (see the eaglelm parent POM for the tested version)", e);
        }
        Path abs = file.toAbsolutePath().normalize();
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the directory of cache " + abs + ": " + e.getMessage(), e);
        }
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + abs);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=" + timeoutMs);
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE IF NOT EXISTS eagle_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS eagle_kv (ns TEXT NOT NULL, k TEXT NOT NULL, v BLOB NOT NULL,"
                        + " created INTEGER NOT NULL, PRIMARY KEY (ns, k)) WITHOUT ROWID");
                s.execute("INSERT OR IGNORE INTO eagle_meta (name, value) VALUES ('schema', '" + SCHEMA_VERSION + "')");
                try (ResultSet rs = s.executeQuery("SELECT value FROM eagle_meta WHERE name = 'schema'")) {
                    String v = rs.next() ? rs.getString(1) : "?";
                    if (!String.valueOf(SCHEMA_VERSION).equals(v)) {
                        throw new IllegalStateException("cache " + abs + " has schema version " + v
                                + ", this eaglelm reads version " + SCHEMA_VERSION + "; delete it or use another file");
                    }
                }
                try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                    String v = rs.next() ? rs.getString(1) : "?";
                    if (!"ok".equalsIgnoreCase(v)) {
                        throw new IllegalStateException("cache " + abs + " is corrupted (" + v
                                + "); delete it to start a fresh cache");
                    }
                }
            }
            LOG.debug("opened cache {}", abs);
            return new SqliteStore(abs, c, timeoutMs);
        } catch (SQLException e) {
            closeQuietly(c);
            throw translate(abs, "open", e, timeoutMs);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * Returns the database file.
     *
     * @return the absolute path of the file
     */
    public Path file() {
        return file;
    }

    /**
     * Looks a value up.
     *
     * @param namespace the namespace, e.g. a model id
     * @param key the key within the namespace
     * @return the value, or empty on a miss
     * @throws IllegalStateException if the database fails
     */
    public synchronized Optional<byte[]> get(String namespace, String key) {
        requireOpen();
        try (PreparedStatement ps = connection.prepareStatement("SELECT v FROM eagle_kv WHERE ns = ? AND k = ?")) {
            ps.setString(1, Objects.requireNonNull(namespace, "namespace"));
            ps.setString(2, Objects.requireNonNull(key, "key"));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    hits.incrementAndGet();
                    return Optional.of(rs.getBytes(1));
                }
                misses.incrementAndGet();
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw translate(file, "read", e, busyTimeoutMs);
        }
    }

    /**
     * Looks many values up in one namespace.
     *
     * @param namespace the namespace
     * @param keys the keys
     * @return the values found, by key (missing keys are absent); each key counts as a hit or a miss
     * @throws IllegalStateException if the database fails
     */
    public synchronized Map<String, byte[]> getAll(String namespace, Collection<String> keys) {
        requireOpen();
        Objects.requireNonNull(namespace, "namespace");
        List<String> distinct = keys.stream().distinct().toList();
        Map<String, byte[]> found = new HashMap<>();
        try {
            for (int from = 0; from < distinct.size(); from += BATCH) {
                List<String> part = distinct.subList(from, Math.min(distinct.size(), from + BATCH));
                String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
                try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT k, v FROM eagle_kv WHERE ns = ? AND k IN (" + marks + ")")) {
                    ps.setString(1, namespace);
                    for (int i = 0; i < part.size(); i++) {
                        ps.setString(i + 2, part.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getString(1), rs.getBytes(2));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw translate(file, "read", e, busyTimeoutMs);
        }
        hits.addAndGet(found.size());
        misses.addAndGet(distinct.size() - found.size());
        return found;
    }

    /**
     * Stores a value, replacing any previous one.
     *
     * @param namespace the namespace
     * @param key the key
     * @param value the value
     * @throws IllegalStateException if the database fails or stays locked longer than the busy timeout
     */
    public void put(String namespace, String key, byte[] value) {
        putAll(namespace, Map.of(key, value));
    }

    /**
     * Stores many values in one transaction: either all are stored or none.
     *
     * @param namespace the namespace
     * @param entries keys and values
     * @throws IllegalStateException if the database fails or stays locked longer than the busy timeout
     */
    public synchronized void putAll(String namespace, Map<String, byte[]> entries) {
        requireOpen();
        Objects.requireNonNull(namespace, "namespace");
        if (entries.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT OR REPLACE INTO eagle_kv (ns, k, v, created) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ps.setString(1, namespace);
                    ps.setString(2, Objects.requireNonNull(e.getKey(), "key"));
                    ps.setBytes(3, Objects.requireNonNull(e.getValue(), "value"));
                    ps.setLong(4, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            connection.commit();
            writes.addAndGet(entries.size());
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw translate(file, "write", e, busyTimeoutMs);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection is broken; the next call reports it
            }
        }
    }

    /**
     * Counts the entries of a namespace.
     *
     * @param namespace the namespace
     * @return the number of stored keys
     * @throws IllegalStateException if the database fails
     */
    public synchronized long size(String namespace) {
        requireOpen();
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM eagle_kv WHERE ns = ?")) {
            ps.setString(1, namespace);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw translate(file, "read", e, busyTimeoutMs);
        }
    }

    /**
     * Returns the counters since the store was opened.
     *
     * @return hits, misses and writes
     */
    public CacheStats stats() {
        return new CacheStats(hits.get(), misses.get(), writes.get());
    }

    /** Closes the database; further calls fail. Closing twice is harmless. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(connection);
        }
    }

    @Override
    public String toString() {
        return "SqliteStore[" + file + "]";
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("cache " + file + " is closed");
        }
    }

    private static IllegalStateException translate(Path file, String what, SQLException e, long timeoutMs) {
        String m = String.valueOf(e.getMessage());
        String advice;
        if (m.contains("SQLITE_NOTADB") || m.contains("not a database")) {
            advice = "is not an SQLite database (or is encrypted); delete it or point the cache elsewhere";
        } else if (m.contains("SQLITE_CORRUPT") || m.contains("malformed")) {
            advice = "is corrupted; delete it to start a fresh cache";
        } else if (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED") || m.contains("locked")) {
            advice = "stayed locked by another process or connection for more than " + timeoutMs + " ms";
        } else if (m.contains("SQLITE_READONLY") || m.contains("readonly")) {
            advice = "is read-only; check the file's permissions";
        } else if (m.contains("SQLITE_CANTOPEN") || m.contains("unable to open")) {
            advice = "cannot be opened; check that the directory exists and is writable";
        } else {
            advice = "failed";
        }
        return new IllegalStateException("cache " + file + " " + advice + " (" + what + ": " + m + ")", e);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing useful to do
            }
        }
    }

    /**
     * Returns the namespaces present in the store.
     *
     * @return the distinct namespaces, sorted
     * @throws IllegalStateException if the database fails
     */
    public synchronized List<String> namespaces() {
        requireOpen();
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT ns FROM eagle_kv ORDER BY ns")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw translate(file, "read", e, busyTimeoutMs);
        }
        return out;
    }
}
