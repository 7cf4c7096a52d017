package dev.eaglelm.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

    @TempDir
    Path dir;

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void valuesSurviveARestartAndCountersCount() {
        Path file = dir.resolve("sub/dir/cache.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            assertTrue(store.get("m1", "k").isEmpty());
            store.put("m1", "k", b("v1"));
            store.put("m2", "k", b("other namespace"));
            assertArrayEquals(b("v1"), store.get("m1", "k").orElseThrow());
            assertEquals(new CacheStats(1, 1, 2), store.stats());
            assertEquals(0.5, store.stats().hitRate());
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            assertArrayEquals(b("v1"), store.get("m1", "k").orElseThrow());
            assertArrayEquals(b("other namespace"), store.get("m2", "k").orElseThrow());
            store.put("m1", "k", b("v2"));
            assertArrayEquals(b("v2"), store.get("m1", "k").orElseThrow());
            assertEquals(1, store.size("m1"));
            assertEquals(List.of("m1", "m2"), store.namespaces());
        }
    }

    @Test
    void batchReadsAndWrites() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("c.db"))) {
            Map<String, byte[]> many = new HashMap<>();
            for (int i = 0; i < 1200; i++) {
                many.put("k" + i, b("v" + i));
            }
            store.putAll("ns", many);
            List<String> keys = new ArrayList<>(List.of("k5", "k1199", "missing", "k5"));
            Map<String, byte[]> got = store.getAll("ns", keys);
            assertEquals(2, got.size());
            assertArrayEquals(b("v1199"), got.get("k1199"));
            assertEquals(new CacheStats(2, 1, 1200), store.stats());
            assertEquals(1200, store.size("ns"));
        }
    }

    @Test
    void concurrentWritersInThreadsAndProcessesAllLand() throws Exception {
        Path file = dir.resolve("shared.db");
        SqliteStore.open(file).close(); // create the schema first
        int perWriter = 150;
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            children.add(new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
                    Writer.class.getName(), file.toString(), "proc" + p, String.valueOf(perWriter))
                    .redirectErrorStream(true).start());
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store.put("ns", "thread" + id + "-" + i, b("x" + i));
                        store.get("ns", "thread" + id + "-" + (i / 2));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            for (Process child : children) {
                assertTrue(child.waitFor(2, TimeUnit.MINUTES), "child writer hung");
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, child.exitValue(), output);
            }
            assertEquals(5L * perWriter, store.size("ns"));
            assertArrayEquals(b("x7"), store.get("ns", "proc1-7").orElseThrow());
        }
    }

    @Test
    void aFileThatIsNotADatabaseGivesAClearError() throws Exception {
        Path junk = dir.resolve("junk.db");
        Files.write(junk, b("this is not an sqlite file, just some text that is long enough to be read ".repeat(100)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SqliteStore.open(junk));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not an SQLite database"), e.getMessage());
    }

    @Test
    void aForeignSchemaVersionIsRefused() throws Exception {
        Path file = dir.resolve("v.db");
        SqliteStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("UPDATE eagle_meta SET value = '99' WHERE name = 'schema'");
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SqliteStore.open(file));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    }

    @Test
    void aLockHeldTooLongGivesAClearError() throws Exception {
        Path file = dir.resolve("locked.db");
        try (SqliteStore store = SqliteStore.open(file, Duration.ofMillis(200));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> store.put("ns", "k", b("v")));
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
            assertTrue(e.getMessage().contains("200 ms"), e.getMessage());
            s.execute("ROLLBACK");
            store.put("ns", "k", b("v")); // works once the lock is gone
            assertFalse(store.get("ns", "k").isEmpty());
        }
    }

    @Test
    void closedStoreRefusesWork() {
        SqliteStore store = SqliteStore.open(dir.resolve("x.db"));
        store.close();
        store.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.get("a", "b"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void keysAreStableDigests() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", CacheKeys.sha256(""));
        assertEquals(64, CacheKeys.sha256("Ünïcödé").length());
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Child-process writer for the multi-process test. */
    public static final class Writer {
        public static void main(String[] args) {
            int n = Integer.parseInt(args[2]);
            try (SqliteStore store = SqliteStore.open(Path.of(args[0]))) {
                for (int i = 0; i < n; i++) {
                    store.put("ns", args[1] + "-" + i, b("x" + i));
                }
            }
        }
    }
}
