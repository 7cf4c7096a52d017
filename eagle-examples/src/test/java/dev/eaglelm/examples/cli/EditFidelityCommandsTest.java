package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaglelm.core.text.TextEditor;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditFidelityCommandsTest {

    record Result(int code, String out, String err) {
    }

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void setUp() {
        System.setProperty("eagle.progress", "none");
        String shared = System.getProperty("eagle.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "data", "movielens");
        data = dir != null && Files.isRegularFile(dir.resolve("overviews.csv")) ? dir : null;
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EagleCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static Path stories() {
        String shared = System.getProperty("eagle.shared.dir");
        Path p = shared == null ? null : Path.of(shared, "models", "stories260K", "stories260K.gguf");
        Assumptions.assumeTrue(p != null && Files.isRegularFile(p),
                "../shared/models/stories260K/stories260K.gguf is absent");
        return p;
    }

    @Test
    void editPrintsOnlyTheNewDescriptionAndNamesThePromptOnStderr() {
        Assumptions.assumeTrue(data != null, "../shared/data/movielens/overviews.csv is absent");
        String d = "A retired violinist returns to her home town to save the family hotel from a developer.";
        Result r = run("edit", "--backend", "surrogate:" + data, "--description", d, "--action",
                "Add a heist in which the characters rob a casino.");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        assertFalse(r.out().strip().equals(d), "the description changed");
        assertTrue(r.err().contains("edit prompt edit/v" + TextEditor.DEFAULT_PROMPT_VERSION + "; backend surrogate:"),
                r.err());
        Result v2 = run("edit", "--backend", "surrogate:" + data, "--edit-prompt", "2", "--description", d,
                "--action", "Add a heist in which the characters rob a casino.");
        assertTrue(v2.err().contains("edit prompt edit/v2"), v2.err());
        Result bad = run("edit", "--backend", "surrogate:" + data, "--edit-prompt", "99", "--description", d,
                "--action", "x y z");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: --edit-prompt: no prompt template edit v99"), bad.err());
    }

    @Test
    void fidelityOfTheSurrogateWithItselfIsPerfect() throws Exception {
        Assumptions.assumeTrue(data != null, "../shared/data/movielens/overviews.csv is absent");
        Result r = run("fidelity", "--backend", "surrogate:" + data, "--data", data.toString(), "--pairs", "6",
                "--examples", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(6, j.get("pairs").asInt(), r.out());
        assertEquals(0, j.get("pairsDropped").asInt());
        assertEquals(1.0, j.at("/shiftCosine/mean").asDouble(), 1e-3, "identical edits shift identically");
        assertEquals(1.0, j.at("/utilityChangeSpearman/rho").asDouble(), 1e-9);
        assertEquals(j.at("/modelEdits/towardsAction").asInt(), j.at("/surrogateEdits/towardsAction").asInt(), r.out());
        double kept = j.at("/modelEdits/meanCosineToOriginal").asDouble();
        assertTrue(kept > 0.3 && kept < 1.0, "the surrogate keeps most of the original: " + kept);
        assertEquals("edit/v" + TextEditor.DEFAULT_PROMPT_VERSION, j.get("editPrompt").asText());
        assertTrue(j.get("backend").asText().startsWith("surrogate:"), j.toString());
        assertEquals(1, j.get("examples").size());
        assertTrue(r.err().contains("usage: backend surrogate:"), r.err());
    }

    @Test
    void helpOfTheNewCommandsRenders() {
        Result f = run("fidelity", "--help");
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("95% CIs") && f.out().contains("--pairs"), f.out());
        Result e = run("edit", "--help");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("--edit-prompt"), e.out());
        Result top = run("--help");
        assertTrue(top.out().contains("edit") && top.out().contains("fidelity"), top.out());
    }

    @Test
    void spearmanBootstrapIsSeededAndBracketsTheEstimate() {
        double[] a = {0.1, 0.4, -0.2, 0.3, 0.0, 0.5, -0.1, 0.2};
        double[] b = {0.2, 0.3, -0.1, 0.5, -0.2, 0.4, 0.0, 0.1};
        double rho = FidelityCommand.spearman(a, b);
        // ranks of a: 4,7,1,6,3,8,2,5; of b: 5,6,2,8,1,7,3,4; sum d^2 = 1+1+1+4+4+1+1+1 = 14; 1 - 6*14/(8*63)
        assertEquals(1 - 6.0 * 14 / (8 * 63), rho, 1e-12);
        double[] ci = FidelityCommand.bootstrapSpearman(a, b, 500, 7);
        assertTrue(ci[0] <= rho && rho <= ci[1], ci[0] + " " + rho + " " + ci[1]);
        assertEquals(ci[0], FidelityCommand.bootstrapSpearman(a, b, 500, 7)[0]);
    }

    @Test
    void badModelFilesGiveOneErrorLineNamingThePath() throws Exception {
        Path missing = tmp.resolve("absent.gguf");
        Path text = tmp.resolve("notes.gguf");
        Files.writeString(text, "not a model\n".repeat(20));
        Path truncated = tmp.resolve("truncated.gguf");
        try (InputStream in = Files.newInputStream(stories())) {
            Files.write(truncated, in.readNBytes(400_000));
        }
        String[][] cases = {
            {missing.toString(), "error: GGUF model " + missing + ": no such file"},
            {text.toString(), "error: GGUF model " + text + ": not a GGUF file"},
            {truncated.toString(), "error: GGUF model " + truncated + ": truncated"}};
        for (String[] c : cases) {
            for (String[] cmd : new String[][] {{"llm", "--backend", "gguf:" + c[0], "hi"},
                {"edit", "--backend", "gguf:" + c[0], "--description", "A town.", "--action", "Add a dragon."},
                {"actions", "--backend", "gguf:" + c[0], "--description", "A town."}}) {
                Result r = run(cmd);
                assertEquals(2, r.code(), r.err());
                assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
                assertTrue(r.err().startsWith(c[1]), r.err());
                assertTrue(r.out().isEmpty(), r.out());
            }
        }
    }
}
