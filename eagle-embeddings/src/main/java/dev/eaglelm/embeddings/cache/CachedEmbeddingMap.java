package dev.eaglelm.embeddings.cache;

import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.cache.CacheKeys;
import dev.eaglelm.core.cache.CacheStats;
import dev.eaglelm.core.cache.SqliteStore;
import dev.eaglelm.core.util.NdArrays;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent cache in front of any {@code EmbeddingMap<String>}: vectors are stored in an SQLite file
 * ({@link SqliteStore}) under the namespace {@code "embedding:" + delegate.id()} and the key
 * SHA-256(text), so a new model or model version (a new {@link EmbeddingMap#id()}) never reads another's
 * vectors.
 *
 * <p>{@link #embedAll} is batch-aware: it looks every distinct text up in one query, sends only the misses
 * to the delegate in one call, stores them in one transaction, and returns the rows in input order. Vectors
 * are stored in the delegate's precision (float32 or float64, little-endian, with a one-byte type tag), so a
 * hit returns exactly what a miss returned. Because {@code EmbeddingMap}s are deterministic, the result does
 * not depend on what is cached.
 *
 * <p>Why SQLite: every write is a transaction in WAL mode, so a crash or a killed process leaves the last
 * committed state and never a torn file; WAL lets many readers work while one process writes, and SQLite's
 * file locks (with a busy timeout) make several processes sharing one cache file safe; it is an embedded
 * library with no server to run, one file to copy or delete. Needs {@code org.xerial:sqlite-jdbc} at run time.
 *
 * <pre>{@code
 * try (SentenceEncoder encoder = SentenceEncoder.miniLm();
 *      SqliteStore store = SqliteStore.open(Path.of("cache/embeddings.db"))) {
 *     EmbeddingMap<String> cached = new CachedEmbeddingMap(encoder, store);
 *     INDArray rows = cached.embedAll(texts); // computes misses only
 * }
 * }</pre>
 */
public final class CachedEmbeddingMap implements EmbeddingMap<String> {

    /** Prefix of the namespaces this class writes. */
    public static final String NAMESPACE_PREFIX = "embedding:";

    private static final byte FLOAT32 = 'f';
    private static final byte FLOAT64 = 'd';
    private static final Logger LOG = LoggerFactory.getLogger(CachedEmbeddingMap.class);

    private final EmbeddingMap<String> delegate;
    private final SqliteStore store;
    private final String namespace;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    /**
     * Wraps an embedding map. The store is not closed by this class.
     *
     * @param delegate computes the vectors on a miss
     * @param store the SQLite store
     */
    public CachedEmbeddingMap(EmbeddingMap<String> delegate, SqliteStore store) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.store = Objects.requireNonNull(store, "store");
        this.namespace = NAMESPACE_PREFIX + delegate.id();
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    /**
     * Returns the delegate's id: caching does not change the vectors.
     *
     * @return the delegate's id
     */
    @Override
    public String id() {
        return delegate.id();
    }

    /**
     * Returns the namespace of this map's entries in the store.
     *
     * @return {@code "embedding:" + id()}
     */
    public String namespace() {
        return namespace;
    }

    /**
     * Returns this map's counters: lookups of distinct texts per call that hit or missed, and vectors written.
     *
     * @return the counters since this map was created
     */
    public CacheStats stats() {
        return new CacheStats(hits.get(), misses.get(), writes.get());
    }

    @Override
    public INDArray embedAll(List<? extends String> texts) {
        Objects.requireNonNull(texts, "texts");
        int d = delegate.dimension();
        Map<String, String> keyOf = new LinkedHashMap<>(); // text -> key, distinct texts in first-seen order
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null) {
                throw new IllegalArgumentException("cached embedding: text " + i + " is null");
            }
            keyOf.computeIfAbsent(t, CacheKeys::sha256);
        }
        NdArrays.requireBackend();
        if (texts.isEmpty()) {
            return delegate.embedAll(List.of());
        }
        Map<String, byte[]> stored = store.getAll(namespace, keyOf.values());
        Map<String, double[]> vectors = new HashMap<>();
        boolean doubles = false;
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> e : keyOf.entrySet()) {
            byte[] bytes = stored.get(e.getValue());
            double[] v = bytes == null ? null : decode(bytes, d);
            if (v == null) {
                if (bytes != null) {
                    LOG.warn("cache {}: entry for a text in {} has the wrong size; recomputing it", store.file(),
                            namespace);
                }
                missing.add(e.getKey());
            } else {
                doubles |= bytes[0] == FLOAT64;
                vectors.put(e.getKey(), v);
            }
        }
        hits.addAndGet(keyOf.size() - missing.size());
        misses.addAndGet(missing.size());
        if (!missing.isEmpty()) {
            INDArray computed = delegate.embedAll(missing);
            if (computed.rows() != missing.size() || computed.columns() != d) {
                throw new IllegalStateException("cached embedding: " + delegate.id() + " returned shape "
                        + java.util.Arrays.toString(computed.shape()) + " for " + missing.size() + " texts of dimension "
                        + d);
            }
            boolean computedDoubles = computed.dataType() == DataType.DOUBLE;
            doubles |= computedDoubles;
            double[][] rows = computed.castTo(DataType.DOUBLE).toDoubleMatrix();
            Map<String, byte[]> fresh = new HashMap<>();
            for (int r = 0; r < rows.length; r++) {
                String text = missing.get(r);
                double[] v = rows[r];
                if (!computedDoubles) {
                    for (int j = 0; j < d; j++) {
                        v[j] = (float) v[j];
                    }
                }
                vectors.put(text, v);
                fresh.put(keyOf.get(text), encode(v, computedDoubles));
            }
            store.putAll(namespace, fresh);
            writes.addAndGet(fresh.size());
        }
        double[] flat = new double[texts.size() * d];
        for (int i = 0; i < texts.size(); i++) {
            System.arraycopy(vectors.get(texts.get(i)), 0, flat, i * d, d);
        }
        INDArray out = Nd4j.create(flat, new long[] {texts.size(), d}, DataType.DOUBLE);
        return doubles ? out : out.castTo(DataType.FLOAT);
    }

    static byte[] encode(double[] v, boolean doubles) {
        ByteBuffer buf = ByteBuffer.allocate(1 + v.length * (doubles ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(doubles ? FLOAT64 : FLOAT32);
        for (double x : v) {
            if (doubles) {
                buf.putDouble(x);
            } else {
                buf.putFloat((float) x);
            }
        }
        return buf.array();
    }

    /** The vector, or null if the bytes do not hold d numbers. */
    static double[] decode(byte[] bytes, int d) {
        if (bytes.length < 1) {
            return null;
        }
        int width = bytes[0] == FLOAT64 ? 8 : bytes[0] == FLOAT32 ? 4 : -1;
        if (width < 0 || bytes.length != 1 + d * width) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, bytes.length - 1).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = width == 8 ? buf.getDouble() : buf.getFloat();
        }
        return v;
    }

    @Override
    public String toString() {
        return "CachedEmbeddingMap[" + delegate.id() + " in " + store.file() + "]";
    }
}
