package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaglelm.core.train.Checkpoint;
import dev.eaglelm.examples.demo.SyntheticCatalogue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo pipeline end to end on a tiny synthetic MovieLens-layout fixture (written here, never MovieLens). */
class DemoCommandTest {

    /** Tiny sizes: 2 users, 2 iterations of 4 episodes, 4 evaluation episodes, 60 texts. */
    static final String[] TINY = {"--quick", "--users", "2", "--iterations", "2", "--batch", "4", "--eval-episodes",
        "4", "--max-texts", "60", "--parallelism", "2"};

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void quietProgress() {
        System.setProperty("eagle.progress", "none");
    }

    static Result run(DemoCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static String[] args(String[] base, String... more) {
        String[] a = new String[base.length + more.length];
        System.arraycopy(base, 0, a, 0, base.length);
        System.arraycopy(more, 0, a, base.length, more.length);
        return a;
    }

    /** TINY with another number of training iterations. */
    static String[] iterations(int n) {
        String[] a = TINY.clone();
        for (int i = 0; i < a.length - 1; i++) {
            if (a[i].equals("--iterations")) {
                a[i + 1] = Integer.toString(n);
            }
        }
        return a;
    }

    @Test
    void runsThePipelineAndWritesConsistentResults(@TempDir Path tmp) throws Exception {
        Path data = SyntheticCatalogue.write(tmp.resolve("fixture"), 60, 40, 11);
        Path out = tmp.resolve("out");
        DemoCommand cmd = new DemoCommand(Map.of(), tmp, null);
        Result r = run(cmd, args(TINY, "--data", data.toString(), "--out", out.toString(), "--cache-dir",
                tmp.resolve("cache").toString(), "--seed", "7"));
        assertEquals(0, r.code(), r.err());

        JsonNode j = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertTrue(j.get("backend").asText().startsWith("surrogate:"), j.get("backend").asText());
        assertEquals(j.get("backend").asText(), j.get("evalBackend").asText());
        assertEquals(7, j.get("seed").asLong());
        assertFalse(j.get("data").get("synthetic").asBoolean(), "--data was given: not the built-in synthetic data");
        Set<String> names = new HashSet<>();
        int h = j.get("config").get("horizon").asInt();
        int k = j.get("config").get("keep").asInt();
        for (JsonNode p : j.get("policies")) {
            String name = p.get("name").asText();
            names.add(name);
            double mean = p.get("meanUtility").asDouble();
            JsonNode ci = p.get("ci95");
            assertEquals(2, ci.size(), name);
            assertTrue(ci.get(0).asDouble() <= mean && mean <= ci.get(1).asDouble(), name + ": CI contains the mean");
            assertEquals(4, p.get("episodes").asInt(), name);
            double calls = p.get("llmCalls").asDouble();
            switch (name) {
                case "uniform", "g-optimal reference" -> assertEquals(h, calls, 0.0, name);
                // N = k + 1 rollouts of H edits; optimistic and EAGLE: H edits + k lookahead edits per decision
                case "best-of-N", "optimistic", "eagle" -> assertEquals((k + 1) * h, calls, 0.0, name);
                default -> throw new AssertionError("unexpected policy " + name);
            }
        }
        assertEquals(Set.of("uniform", "optimistic", "best-of-N", "g-optimal reference", "eagle"), names);
        // best-of-N keeps the best of its rollouts, so it never does worse than uniform on the same episodes
        assertTrue(policy(j, "best-of-N").get("meanUtility").asDouble()
                >= policy(j, "uniform").get("meanUtility").asDouble() - 1e-12);
        for (String f : List.of("metrics.jsonl", "examples.md", "training.png", "utilities.png", "latent.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(2, Files.readAllLines(out.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"iteration\"")).count(), "one metrics line per iteration");
        byte[] png = Files.readAllBytes(out.resolve("latent.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(Files.readString(out.resolve("examples.md")).contains("surrogate"), "examples name the backend");
        // the table names the backend and every policy
        assertTrue(r.out().contains("training backend:   surrogate:"), r.out());
        assertTrue(r.out().contains("evaluation backend: surrogate:"), r.out());
        assertTrue(r.out().contains("(surrogate: corpus retrieval, no LLM)"), r.out());
        for (String n : names) {
            assertTrue(r.out().contains("\n" + n + " "), n + " in " + r.out());
        }

        // same seed, same numbers (the second run reads the caches)
        Path out2 = tmp.resolve("out2");
        Result again = run(new DemoCommand(Map.of(), tmp, null), args(TINY, "--data", data.toString(), "--out",
                out2.toString(), "--cache-dir", tmp.resolve("cache").toString(), "--seed", "7"));
        assertEquals(0, again.code(), again.err());
        JsonNode j2 = new ObjectMapper().readTree(out2.resolve("results.json").toFile());
        assertEquals(j.get("policies").toString().replaceAll("\"backendTokens\":\\d+", ""),
                j2.get("policies").toString().replaceAll("\"backendTokens\":\\d+", ""));
        // the first run asked the backend (counted under the cache); the second is served entirely by the cache
        assertTrue(j.get("backendUsage").get("trainBackendCalls").asLong() > 0, j.get("backendUsage").toString());
        assertEquals(0, j2.get("backendUsage").get("trainBackendCalls").asLong(), j2.get("backendUsage").toString());
        assertTrue(j2.get("backendUsage").get("trainCacheHits").asLong() > 0, j2.get("backendUsage").toString());
        assertEquals(0, j2.get("backendUsage").get("trainCacheMisses").asLong(), j2.get("backendUsage").toString());
    }

    @Test
    void aStoppedTrainingRunResumesFromItsCheckpointAndEndsWhereAnUninterruptedRunEnds(@TempDir Path tmp)
            throws Exception {
        Path data = SyntheticCatalogue.write(tmp.resolve("fixture"), 60, 40, 11);
        String cache = tmp.resolve("cache").toString();
        // uninterrupted: 3 iterations
        Path whole = tmp.resolve("whole");
        Result a = run(new DemoCommand(Map.of(), tmp, null), args(iterations(3), "--data", data.toString(),
                "--out", whole.toString(), "--cache-dir", cache, "--seed", "5"));
        assertEquals(0, a.code(), a.err());
        // stopped after 1 iteration (its checkpoint is what a killed run leaves), then run again into the same --out
        Path parts = tmp.resolve("parts");
        Result first = run(new DemoCommand(Map.of(), tmp, null), args(iterations(1), "--data", data.toString(),
                "--out", parts.toString(), "--cache-dir", cache, "--seed", "5"));
        assertEquals(0, first.code(), first.err());
        assertEquals(1, Checkpoint.read(parts.resolve("checkpoint").resolve(Checkpoint.FILE_NAME)).iteration());
        Result rest = run(new DemoCommand(Map.of(), tmp, null), args(iterations(3), "--data", data.toString(),
                "--out", parts.toString(), "--cache-dir", cache, "--seed", "5"));
        assertEquals(0, rest.code(), rest.err());
        assertTrue(rest.err().contains("training: resuming from "), rest.err());

        Checkpoint cw = Checkpoint.read(whole.resolve("checkpoint").resolve(Checkpoint.FILE_NAME));
        Checkpoint cp = Checkpoint.read(parts.resolve("checkpoint").resolve(Checkpoint.FILE_NAME));
        assertEquals(3, cw.iteration());
        assertEquals(3, cp.iteration());
        assertArrayEquals(cw.policyParameters(), cp.policyParameters(), "bit-identical policy parameters");
        assertArrayEquals(cw.valueParameters(), cp.valueParameters(), "bit-identical value parameters");
        JsonNode jw = new ObjectMapper().readTree(whole.resolve("results.json").toFile());
        JsonNode jp = new ObjectMapper().readTree(parts.resolve("results.json").toFile());
        assertEquals(0, jw.get("training").get("resumedFrom").asInt());
        assertEquals(1, jp.get("training").get("resumedFrom").asInt());
        assertEquals(jw.get("policies").toString().replaceAll("\"backendTokens\":\\d+", ""),
                jp.get("policies").toString().replaceAll("\"backendTokens\":\\d+", ""));
        assertEquals(3, Files.readAllLines(parts.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"iteration\"")).count(), "metrics.jsonl holds every iteration once");
        // the resumed run made no repeated backend calls: every answer came from the persistent cache
        assertEquals(0, jp.get("backendUsage").get("trainBackendCalls").asLong(), jp.get("backendUsage").toString());
    }

    static JsonNode policy(JsonNode j, String name) {
        for (JsonNode p : j.get("policies")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no policy " + name);
    }

    @Test
    void withoutDataItSaysHowToGetItAndLabelsTheSyntheticCatalogue(@TempDir Path tmp) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("xdg").toString());
        Path out = tmp.resolve("out");
        // also: evaluation with another environment backend than training (a surrogate with another seed)
        Path corpus = tmp.resolve("cache/synthetic-catalogue-42/overviews.csv");
        Result r = run(new DemoCommand(env, work, null), args(TINY, "--out", out.toString(), "--cache-dir",
                tmp.resolve("cache").toString(), "--eval-llm", "surrogate:" + corpus + "?seed=5"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("No MovieLens data found"), r.err());
        assertTrue(r.err().contains("./eagle data fetch"), r.err());
        assertTrue(r.err().contains("https://files.grouplens.org/datasets/movielens/ml-latest-small.zip"), r.err());
        assertTrue(r.err().contains("./eagle demo --data"), r.err());
        assertTrue(r.err().contains("SYNTHETIC catalogue"), r.err());
        assertTrue(r.out().startsWith("eagle demo: MovieLens content gaps -- SYNTHETIC catalogue, NOT MovieLens"),
                r.out());
        JsonNode j = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertTrue(j.get("data").get("synthetic").asBoolean());
        String train = j.get("backend").asText();
        String eval = j.get("evalBackend").asText();
        assertTrue(train.startsWith("surrogate:") && train.contains("seed=42"), train);
        assertTrue(eval.startsWith("surrogate:") && eval.contains("seed=5"), eval);
        for (JsonNode p : j.get("policies")) {
            assertEquals(eval, p.get("backend").asText(), "every policy is evaluated with the evaluation backend");
        }
        assertTrue(r.out().contains("evaluation backend: surrogate:"), r.out());
        assertTrue(r.out().contains("transfer: trained with one environment"), r.out());
        assertTrue(Files.readString(out.resolve("examples.md")).contains("SYNTHETIC"));
    }

    @Test
    void explicitDataThatIsMissingIsAUsageError(@TempDir Path tmp) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EagleCli.run(new String[] {"demo", "--data", tmp.resolve("nope").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("error: --data: "), err.toString());
    }
}
