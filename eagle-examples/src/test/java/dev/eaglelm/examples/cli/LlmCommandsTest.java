package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmCommandsTest {

    record Result(int code, String out, String err) {
    }

    @TempDir
    static Path tmp;

    static Path corpus;

    @BeforeAll
    static void setUp() throws Exception {
        System.setProperty("eagle.progress", "none");
        String shared = System.getProperty("eagle.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "data", "movielens");
        if (dir != null && Files.isRegularFile(dir.resolve("overviews.csv"))) {
            corpus = dir;
        } else { // a small synthetic fixture when the shared data is absent
            corpus = tmp.resolve("overviews.csv");
            StringBuilder csv = new StringBuilder("movieId,title,genres,overview\n");
            // 16 themes, each in about 8 of the 40 overviews: the surrogate keeps as themes only nouns that are
            // neither rare nor in more than a quarter of a small corpus
            String[] t = {"pirate", "vampire", "robot", "wedding", "heist", "dragon", "detective", "circus",
                "submarine", "witch", "boxer", "glacier", "orchestra", "spaceship", "casino", "lighthouse"};
            for (int i = 0; i < 40; i++) {
                csv.append(i).append(",M").append(i).append(",Comedy|Drama,\"Mia joins a crew of the ")
                        .append(t[i % 16]).append(" after a letter arrives. Everyone fears the ")
                        .append(t[(i + 5) % 16]).append(", and the town keeps quiet. A rival, obsessed with the ")
                        .append(t[(i + 11) % 16]).append(", follows her.\"\n");
            }
            Files.writeString(corpus, csv);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EagleCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void llmPrintsTheCompletionAndAUsageLineNamingTheBackend() {
        Result r = run("llm", "--backend", "surrogate:" + corpus, "--max-tokens", "60", "a heist in Paris");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().isBlank());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        assertTrue(r.err().contains("usage: backend surrogate:"), r.err());
        assertTrue(r.err().contains("1 calls (0 failed)"), r.err());
        assertTrue(r.err().contains("no LLM"), r.err());
        assertEquals(r.out(), run("llm", "--backend", "surrogate:" + corpus, "a heist in Paris").out(),
                "deterministic");
    }

    @Test
    void badSpecsAndMissingFilesAreUsageErrors() {
        Result r = run("llm", "--backend", "nosuch:x", "hi");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: backend spec 'nosuch:x': unknown backend 'nosuch'"), r.err());
        r = run("llm", "--backend", "surrogate:" + tmp.resolve("absent.csv"), "hi");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: surrogate corpus: no such file: "), r.err());
        r = run("llm", "--backend", "gguf:" + tmp.resolve("absent.gguf"), "hi");
        assertEquals(2, r.code());
        assertEquals("error: GGUF model " + tmp.resolve("absent.gguf") + ": no such file", r.err().strip());
        r = run("llm", "--backend", "openai:http://127.0.0.1:9/v1?model=m&apiKeyEnv=EAGLE_UNSET_VAR_42", "hi");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("EAGLE_UNSET_VAR_42") && r.err().contains("is not set"), r.err());
        r = run("llm", "--backend", "surrogate:" + corpus, "--max-tokens", "0", "hi");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: completion request: maxTokens must be >= 1"), r.err());
        r = run("llm", "hi");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Missing required option: '--backend=SPEC'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void anUnreachableServerIsARunFailure() {
        // port 9 (discard) on loopback: nothing listens, the connection is refused at once
        Result r = run("llm", "--backend", "openai:http://127.0.0.1:9/v1?model=m&attempts=1", "hi");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("error: openai backend http://127.0.0.1:9/v1/chat/completions"), r.err());
    }

    @Test
    void actionsPrintsOnePerLineOverTheFiveCategories() {
        Result r = run("actions", "--backend", "surrogate:" + corpus, "--description",
                "A retired violinist returns to her home town to save the family hotel.", "--generic", "3",
                "--profile", "Loves heist films and detectives.", "--personalised", "2");
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = r.out().lines().map(l -> l.split("\t")).toList();
        assertTrue(rows.size() >= 20, r.out());
        assertTrue(rows.stream().allMatch(x -> x.length == 3), r.out());
        Set<String> categories = rows.stream().map(x -> x[1]).collect(Collectors.toSet());
        assertEquals(Set.of("plot changes", "character enhancements", "visual and storytelling improvements",
                "thematic exploration", "audience appeal adjustments"), categories);
        assertTrue(rows.stream().anyMatch(x -> x[0].startsWith("p-")), "personalised actions");
        assertEquals(rows.size(), rows.stream().map(x -> x[2]).distinct().count(), "distinct");
        assertTrue(r.err().contains("actions: 10 calls (0 failed): 25 requested"), r.err());
        assertTrue(r.err().contains("echoes of the prompt"), r.err());
        assertTrue(r.err().contains("written by surrogate:"), r.err());
    }

    @Test
    void aBudgetEndsTheRunWithAClearMessage() {
        Result r = run("actions", "--backend", "surrogate:" + corpus, "--max-calls", "3", "--concurrency", "1",
                "--description", "A retired violinist returns to her home town to save the family hotel.");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("error: LLM budget exhausted for backend surrogate:"), r.err());
        assertTrue(r.err().contains("reached the call limit of 3 calls"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aCacheFileServesTheSecondRun() {
        Path db = tmp.resolve("llm-cache.db");
        String[] args = {"llm", "--backend", "surrogate:" + corpus, "--cache", db.toString(), "a dragon"};
        Result first = run(args);
        Result second = run(args);
        assertEquals(0, second.code(), second.err());
        assertEquals(first.out(), second.out());
        assertTrue(first.err().contains("cache 0 hits, 1 misses"), first.err());
        assertTrue(second.err().contains("0 calls (0 failed)") && second.err().contains("cache 1 hits, 0 misses"),
                second.err());
    }

    @Test
    void ggufOnStories260K() {
        String shared = System.getProperty("eagle.shared.dir");
        Path model = shared == null ? null : Path.of(shared, "models", "stories260K", "stories260K.gguf");
        Assumptions.assumeTrue(model != null && Files.isRegularFile(model), "stories260K.gguf is absent");
        Result r = run("llm", "--backend", "gguf:" + model, "--max-tokens", "20", "Once upon a time");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(", there was a little girl named Lily."), r.out());
        assertTrue(r.err().contains("usage: backend gguf:"), r.err());
        assertFalse(Arrays.stream(r.out().split("\n")).anyMatch(l -> l.contains("Extracted")), r.out());
    }
}
