package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaglelm.core.util.NdArrays;
import dev.eaglelm.core.utility.GaussianUtility;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCommandTest {

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void quietProgress() {
        System.setProperty("eagle.progress", "none");
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EagleCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void printsOneJsonObjectWithTheExactReturns(@TempDir Path dir) throws Exception {
        Path metrics = dir.resolve("m.jsonl");
        Result r = run("synthetic", "--quick", "--episodes", "3200", "--eval-episodes", "40", "--seed", "3",
                "--keep", "3", "--reference", "design", "--metrics", metrics.toString(), "--checkpoints",
                dir.resolve("ckpt").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), "one JSON object on one line: " + r.out());
        JsonNode json = new ObjectMapper().readTree(r.out());
        for (String key : new String[] {"optimalReturn", "uniformReturn", "greedyReturn", "trainedReturn", "seconds"}) {
            assertTrue(json.get(key).isNumber(), key + " in " + r.out());
        }
        double optimal = json.get("optimalReturn").asDouble();
        double trained = json.get("trainedReturn").asDouble();
        double uniform = json.get("uniformReturn").asDouble();
        double greedy = json.get("greedyReturn").asDouble();
        assertTrue(optimal >= trained && optimal >= greedy && optimal >= uniform, r.out());
        assertTrue(trained > uniform, r.out());
        assertTrue(uniform > 0 && optimal <= 1, r.out());
        assertEquals(3, json.get("environment").get("keep").asInt());
        assertEquals(50 * 64, json.get("training").get("episodes").asInt());
        assertTrue(json.get("llm").asText().startsWith("none"), r.out());
        JsonNode eval = json.get("evaluation").get("results");
        assertEquals(3.0, eval.get("eagle").get("envCallsPerEpisode").asDouble(), 0.0);
        assertEquals((3 + 1) * 3.0, eval.get("greedy").get("envCallsPerEpisode").asDouble(), 0.0);
        assertEquals(12.0, eval.get("best-of-4(uniform)").get("envCallsPerEpisode").asDouble(), 0.0);
        assertTrue(json.get("evaluation").get("paired").has("eagle-greedy - greedy"), r.out());
        assertTrue(eval.has("reference(random)"), r.out());
        assertTrue(json.get("referenceReturn").isNumber(), r.out());
        assertEquals(50, Files.readAllLines(metrics).size());
        assertTrue(eval.get("eagle").get("cacheHitRate").asDouble() > 0.5, r.out());

        // the same command again resumes the finished run from its checkpoint: same agent, no training
        Result again = run("synthetic", "--quick", "--episodes", "3200", "--eval-episodes", "40", "--seed", "3",
                "--keep", "3", "--reference", "design", "--checkpoints", dir.resolve("ckpt").toString());
        assertEquals(0, again.code(), again.err());
        JsonNode j2 = new ObjectMapper().readTree(again.out());
        assertEquals(50, j2.get("training").get("resumedFrom").asInt());
        assertEquals(trained, j2.get("trainedReturn").asDouble(), 0.0);
        assertEquals(json.get("evaluation"), j2.get("evaluation"));
    }

    @Test
    void badInputIsAUsageError() {
        Result r = run("synthetic", "--reference", "design");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --reference design needs --keep k"), r.err());
        r = run("synthetic", "--anchors", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --anchors must be >= 1"), r.err());
        r = run("synthetic", "--actions", "10", "--horizon", "6");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("the exact optimum needs at most"), r.err());
        r = run("synthetic", "--quick", "--episodes", "64", "--architecture", "cnn(3)");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: policy architecture: expected 'linear' or 'mlp(H)'"), r.err());
        assertEquals("", r.out());
        r = run("synthetic", "--selector", "d-optimal");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --selector must be random or g-optimal"), r.err());
    }

    @Test
    void theBumpIsTheLibrarysGaussianUtility() {
        double[] c = {0.5, -1, 2};
        double[][] rows = {{0, 0, 0}, {0.5, -1, 2}, {3, 1, -1}};
        assertArrayEquals(new GaussianUtility(c, 1.3).scoreAll(NdArrays.matrix(rows)),
                new SyntheticCommand.Bump(c, 1.3).scoreAll(NdArrays.matrix(rows)), 1e-15);
    }
}
