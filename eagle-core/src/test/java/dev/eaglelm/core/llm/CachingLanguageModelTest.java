package dev.eaglelm.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.cache.CacheStats;
import dev.eaglelm.core.cache.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingLanguageModelTest {

    @TempDir
    Path dir;

    static CompletionRequest greedy(String user) {
        return CompletionRequest.builder().system("s").user(user).temperature(0).build();
    }

    @Test
    void aDeterministicRequestIsServedFromTheCacheAfterARestart() {
        Path file = dir.resolve("llm.db");
        CountingModel backend = new CountingModel("fake:m1", 0);
        Completion first;
        try (SqliteStore store = SqliteStore.open(file)) {
            CachingLanguageModel llm = new CachingLanguageModel(backend, store);
            first = llm.complete(greedy("hello"));
            assertEquals("echo hello t=0.0", first.text());
            assertEquals(new CacheStats(0, 1, 1), llm.stats());
        }
        try (SqliteStore store = SqliteStore.open(file)) { // a new process would see the same
            CachingLanguageModel llm = new CachingLanguageModel(backend, store);
            Completion hit = llm.complete(greedy("hello"));
            assertEquals(first.text(), hit.text());
            assertEquals(first.finishReason(), hit.finishReason());
            assertEquals("fake:m1", hit.backend());
            assertEquals(Duration.ZERO, hit.latency());
            assertEquals(TokenUsage.NONE, hit.usage());
            assertEquals(1, backend.calls.get(), "no second backend call");
            assertEquals(new CacheStats(1, 0, 0), llm.stats());
        }
    }

    @Test
    void theKeyCoversTheWholeRequestAndTheBackend() {
        CompletionRequest base = CompletionRequest.builder().system("s").user("u").temperature(0).maxTokens(10).build();
        List<CompletionRequest> variants = List.of(
                CompletionRequest.builder().system("s2").user("u").temperature(0).maxTokens(10).build(),
                CompletionRequest.builder().system("s").user("u2").temperature(0).maxTokens(10).build(),
                CompletionRequest.builder().system("s").user("u").temperature(0).maxTokens(11).build(),
                CompletionRequest.builder().system("s").user("u").temperature(0).maxTokens(10).topP(0.5).build(),
                CompletionRequest.builder().system("s").user("u").temperature(0).maxTokens(10).stop("x").build(),
                CompletionRequest.builder().system("s").user("u").temperature(0).maxTokens(10).seed(1).build(),
                CompletionRequest.builder().system("s").user("u").temperature(0).maxTokens(10)
                        .format(CompletionRequest.Format.JSON).build(),
                CompletionRequest.builder().user("s").user("u").temperature(0).maxTokens(10).build());
        for (CompletionRequest v : variants) {
            assertNotEquals(CachingLanguageModel.key(base), CachingLanguageModel.key(v), v.toString());
        }
        assertEquals(CachingLanguageModel.key(base), CachingLanguageModel.key(
                CompletionRequest.builder().system("s").user("u").temperature(0).maxTokens(10).build()));
        try (SqliteStore store = SqliteStore.open(dir.resolve("k.db"))) {
            CountingModel a = new CountingModel("fake:a", 0);
            CountingModel b = new CountingModel("fake:b", 0);
            new CachingLanguageModel(a, store).complete(base);
            new CachingLanguageModel(b, store).complete(base);
            assertEquals(1, b.calls.get(), "another backend id is another namespace");
            assertEquals(List.of("llm/fake:a", "llm/fake:b"), store.namespaces());
        }
    }

    @Test
    void sampledRequestsPassThroughUnlessTheCacheIsAskedToKeepThem() {
        CompletionRequest sampled = CompletionRequest.builder().user("u").temperature(0.8).build();
        CompletionRequest seeded = CompletionRequest.builder().user("u").temperature(0.8).seed(3).build();
        try (SqliteStore store = SqliteStore.open(dir.resolve("p.db"))) {
            CountingModel backend = new CountingModel("fake:p", 0);
            CachingLanguageModel llm = new CachingLanguageModel(backend, store);
            llm.complete(sampled);
            llm.complete(sampled);
            assertEquals(2, backend.calls.get());
            llm.complete(seeded);
            llm.complete(seeded);
            assertEquals(3, backend.calls.get(), "a fixed seed makes a request deterministic");
            CachingLanguageModel always = new CachingLanguageModel(backend, store, CachingLanguageModel.Policy.ALWAYS);
            always.complete(sampled);
            always.complete(sampled);
            assertEquals(4, backend.calls.get());
            CachingLanguageModel off = new CachingLanguageModel(backend, store, CachingLanguageModel.Policy.OFF);
            off.complete(seeded);
            assertEquals(5, backend.calls.get());
        }
    }

    @Test
    void failuresAreNotCached() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("f.db"))) {
            CountingModel backend = new CountingModel("fake:f", 0);
            CachingLanguageModel llm = new CachingLanguageModel(backend, store);
            assertThrows(LanguageModelException.class, () -> llm.complete(greedy("FAIL")));
            assertThrows(LanguageModelException.class, () -> llm.complete(greedy("FAIL")));
            assertEquals(2, backend.calls.get());
            assertEquals(0, store.size("llm/fake:f"));
        }
    }

    @Test
    void concurrentWritersInThreadsAndTwoConnectionsAgree() throws Exception {
        Path file = dir.resolve("c.db");
        CountingModel backend = new CountingModel("fake:c", 2);
        try (SqliteStore s1 = SqliteStore.open(file); SqliteStore s2 = SqliteStore.open(file)) {
            CachingLanguageModel c1 = new CachingLanguageModel(backend, s1);
            CachingLanguageModel c2 = new CachingLanguageModel(backend, s2);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                CachingLanguageModel llm = t % 2 == 0 ? c1 : c2;
                int offset = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        int k = (i * 7 + offset) % 30; // overlapping keys across threads
                        assertEquals("echo q" + k + " t=0.0", llm.complete(greedy("q" + k)).text());
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            assertEquals(30, s1.size("llm/fake:c"));
            // single flight per connection: at most one backend call per key and connection
            assertTrue(backend.calls.get() <= 60, "backend calls " + backend.calls.get());
            long lookups = c1.stats().hits() + c1.stats().misses() + c2.stats().hits() + c2.stats().misses();
            assertEquals(320, lookups, "every call counts once, as a hit or a miss");
            assertEquals(backend.calls.get(), c1.stats().misses() + c2.stats().misses());
        }
        try (SqliteStore s = SqliteStore.open(file)) {
            CountingModel fresh = new CountingModel("fake:c", 0);
            CachingLanguageModel llm = new CachingLanguageModel(fresh, s);
            for (int k = 0; k < 30; k++) {
                llm.complete(greedy("q" + k));
            }
            assertEquals(0, fresh.calls.get(), "everything was stored");
        }
    }

    @Test
    void aCorruptedOrLockedDatabaseGivesAClearError() throws Exception {
        Path junk = dir.resolve("junk.db");
        Files.write(junk, "not a database at all, just text long enough to fill a page ".repeat(80)
                .getBytes(StandardCharsets.UTF_8));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SqliteStore.open(junk));
        assertTrue(e.getMessage().contains(junk.toString()) && e.getMessage().contains("not an SQLite database"),
                e.getMessage());

        Path file = dir.resolve("locked.db");
        try (SqliteStore store = SqliteStore.open(file, Duration.ofMillis(200));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = other.createStatement()) {
            CachingLanguageModel llm = new CachingLanguageModel(new CountingModel("fake:l", 0), store);
            s.execute("BEGIN EXCLUSIVE");
            IllegalStateException locked = assertThrows(IllegalStateException.class, () -> llm.complete(greedy("x")));
            assertTrue(locked.getMessage().contains("LLM response cache"), locked.getMessage());
            assertTrue(locked.getMessage().contains("locked") && locked.getMessage().contains(file.getFileName()
                    .toString()), locked.getMessage());
            s.execute("ROLLBACK");
            assertEquals("echo x t=0.0", llm.complete(greedy("x")).text());
        }

        // an unreadable entry is a miss, not a crash
        try (SqliteStore store = SqliteStore.open(dir.resolve("bad-entry.db"))) {
            CountingModel backend = new CountingModel("fake:b", 0);
            store.put("llm/fake:b", CachingLanguageModel.key(greedy("y")), "{garbage".getBytes(StandardCharsets.UTF_8));
            assertEquals("echo y t=0.0", new CachingLanguageModel(backend, store).complete(greedy("y")).text());
            assertEquals(1, backend.calls.get());
        }
    }
}
