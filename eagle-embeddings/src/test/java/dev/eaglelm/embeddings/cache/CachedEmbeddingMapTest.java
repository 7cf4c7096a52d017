package dev.eaglelm.embeddings.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.cache.SqliteStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CachedEmbeddingMapTest {

    /** A deterministic map that counts the texts it computes. */
    static final class Counting implements EmbeddingMap<String> {
        final AtomicInteger computed = new AtomicInteger();
        final String id;
        final DataType type;

        Counting(String id, DataType type) {
            this.id = id;
            this.type = type;
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public INDArray embedAll(List<? extends String> texts) {
            computed.addAndGet(texts.size());
            double[] flat = new double[texts.size() * 3];
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i);
                flat[3 * i] = t.length() + 0.1;
                flat[3 * i + 1] = t.hashCode() / 1e9;
                flat[3 * i + 2] = 1.0 / 3;
            }
            return Nd4j.create(flat, new long[] {texts.size(), 3}, DataType.DOUBLE).castTo(type);
        }
    }

    @Test
    void computesOnlyMissesAndSurvivesARestart(@TempDir Path tmp) {
        Path db = tmp.resolve("emb.db");
        Counting model = new Counting("toy/1", DataType.FLOAT);
        INDArray first;
        try (SqliteStore store = SqliteStore.open(db)) {
            CachedEmbeddingMap cached = new CachedEmbeddingMap(model, store);
            first = cached.embedAll(List.of("a", "bb", "a", "ccc"));
            assertEquals(3, model.computed.get(), "duplicates are computed once");
            assertEquals(DataType.FLOAT, first.dataType());
            cached.embedAll(List.of("bb", "dddd"));
            assertEquals(4, model.computed.get(), "only the miss is computed");
            assertEquals(1, cached.stats().hits());
            assertEquals(4, cached.stats().misses());
            assertEquals(4, cached.stats().writes());
        }
        try (SqliteStore store = SqliteStore.open(db)) { // a new process would see the same file
            Counting again = new Counting("toy/1", DataType.FLOAT);
            CachedEmbeddingMap cached = new CachedEmbeddingMap(again, store);
            INDArray second = cached.embedAll(List.of("a", "bb", "a", "ccc"));
            assertEquals(0, again.computed.get(), "all hits after a restart");
            assertEquals(first, second);
            assertEquals(first, again.embedAll(List.of("a", "bb", "a", "ccc")), "hits equal fresh vectors");
            Counting v2 = new Counting("toy/2", DataType.FLOAT);
            new CachedEmbeddingMap(v2, store).embedAll(List.of("a"));
            assertEquals(1, v2.computed.get(), "another model id never reads these vectors");
        }
    }

    @Test
    void doublePrecisionIsKept(@TempDir Path tmp) {
        Counting model = new Counting("toy/d", DataType.DOUBLE);
        try (SqliteStore store = SqliteStore.open(tmp.resolve("d.db"))) {
            CachedEmbeddingMap cached = new CachedEmbeddingMap(model, store);
            INDArray miss = cached.embedAll(List.of("x", "yy"));
            INDArray hit = cached.embedAll(List.of("x", "yy"));
            assertEquals(DataType.DOUBLE, hit.dataType());
            assertArrayEquals(miss.toDoubleMatrix()[1], hit.toDoubleMatrix()[1], 0.0);
            assertEquals(1.0 / 3, hit.getDouble(0, 2), 0.0);
        }
    }

    @Test
    void concurrentWritersOnOneFile(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("shared.db");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("text number " + i);
        }
        Counting truth = new Counting("toy/c", DataType.FLOAT);
        float[][] expected = truth.embedAll(texts).toFloatMatrix();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int offset = w * 37;
                futures.add(pool.submit(() -> { // each writer has its own connection, as separate processes would
                    try (SqliteStore store = SqliteStore.open(db)) {
                        CachedEmbeddingMap cached = new CachedEmbeddingMap(new Counting("toy/c", DataType.FLOAT), store);
                        List<String> mine = new ArrayList<>();
                        for (int i = 0; i < texts.size(); i++) {
                            mine.add(texts.get((i + offset) % texts.size()));
                        }
                        for (int from = 0; from < mine.size(); from += 25) {
                            cached.embedAll(mine.subList(from, from + 25));
                        }
                        return cached.embedAll(texts).toFloatMatrix();
                    }
                }));
            }
            for (Future<float[][]> f : futures) {
                float[][] got = f.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertArrayEquals(expected[i], got[i]);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try (SqliteStore store = SqliteStore.open(db)) {
            assertEquals(200, store.size(CachedEmbeddingMap.NAMESPACE_PREFIX + "toy/c"));
            assertTrue(store.namespaces().contains("embedding:toy/c"));
        }
    }
}
