package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesignCommandTest {

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
    void linearRegressionOnAGridPutsHalfAtEachEnd(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i <= 10; i++) {
            csv.append("1,").append(-1 + 0.2 * i).append('\n');
        }
        Path x = Files.writeString(dir.resolve("X.csv"), csv.toString());
        Path w = dir.resolve("w.csv");
        Result r = run("design", "--input", x.toString(), "--criterion", "G", "--output", w.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("G", j.get("criterion").asText());
        assertEquals(11, j.get("n").asInt());
        assertEquals(2, j.get("d").asInt());
        assertTrue(j.get("maxLeverage").asDouble() <= 2 * (1 + 1e-4) + 1e-12, r.out());
        assertTrue(j.get("iterations").isIntegralNumber() && j.get("seconds").isNumber(), r.out());
        assertTrue(j.get("logDet").isNumber());
        assertEquals("[0,10]", j.get("support").toString());
        assertTrue(j.get("converged").asBoolean());
        List<String> lines = Files.readAllLines(w);
        assertEquals(11, lines.size());
        double sum = 0;
        for (String l : lines) {
            sum += Double.parseDouble(l);
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(0.5, Double.parseDouble(lines.get(0)), 1e-4);
        assertEquals(0.5, Double.parseDouble(lines.get(10)), 1e-4);
        assertEquals(0.0, Double.parseDouble(lines.get(5)), 0);
    }

    @Test
    void dCriterionTolAndRidgeOnRandomData(@TempDir Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 5; j++) {
                csv.append(j > 0 ? "," : "").append(rng.nextDouble(-1, 1));
            }
            csv.append('\n');
        }
        Path x = Files.writeString(dir.resolve("X.csv"), csv.toString());
        Result r = run("design", "--input", x.toString(), "--criterion", "D", "--tol", "1e-6");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("maxLeverage").asDouble() <= 5 * (1 + 1e-6) + 1e-12, r.out());
        assertTrue(j.get("maxLeverage").asDouble() >= 5 - 1e-9, r.out());
        Result ridge = run("design", "--input", x.toString(), "--criterion", "D", "--ridge", "0.5");
        assertEquals(0, ridge.code(), ridge.err());
        JsonNode jr = new ObjectMapper().readTree(ridge.out());
        assertTrue(jr.get("maxLeverage").asDouble() < 5, "a ridge lowers every leverage: " + ridge.out());
    }

    private static void bad(Path dir, String content, String expected, String... extra) throws Exception {
        Path x = Files.writeString(dir.resolve("bad.csv"), content);
        String[] args = new String[4 + extra.length];
        args[0] = "design";
        args[1] = "--input";
        args[2] = x.toString();
        args[3] = "--criterion";
        String[] rest = extra.length == 0 ? new String[] {"G"} : extra;
        String[] all = new String[4 + rest.length];
        System.arraycopy(args, 0, all, 0, 4);
        System.arraycopy(rest, 0, all, 4, rest.length);
        Result r = run(all);
        assertTrue(r.code() != 0, content + ": " + r.out());
        assertEquals("", r.out(), content);
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one stderr line: " + r.err());
        assertTrue(lines.get(0).startsWith("error: "), r.err());
        assertTrue(lines.get(0).contains(expected), "expected '" + expected + "' in " + r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void everyBadInputIsOneErrorLine(@TempDir Path dir) throws Exception {
        bad(dir, "", "empty file");
        bad(dir, "\n\n", "empty file");
        bad(dir, "1,2\n3,4,5\n", "row 1 (line 2) has 3 columns, expected 2");
        bad(dir, "1,2\n3,abc\n5,6\n", "row 1, column 1 (0-based; line 2): not a number: 'abc'");
        bad(dir, "1,2\n3,NaN\n5,6\n", "row 1, column 1 (0-based; line 2): not finite");
        bad(dir, "1,2\n-Infinity,4\n5,6\n", "row 1, column 0 (0-based; line 2): not finite");
        bad(dir, "1,2\n3,1e999\n5,6\n", "row 1, column 1 (0-based; line 2): not finite");
        bad(dir, "1,2\n3,\n5,6\n", "row 1, column 1 (0-based; line 2): empty cell");
        bad(dir, "1,2,3\n4,5,6\n", "n = 2 rows < d = 3 columns");
        bad(dir, "1,2,0\n2,4,1\n3,6,0\n1,2,1\n", "column 1 is (numerically) a linear combination");
        bad(dir, "1,0\n2,0\n3,0\n", "column 1 is all zeros");
        bad(dir, "1,2\n3,4\n", "--criterion must be G or D", "A");
        bad(dir, "1,2\n3,4\n", "--tol must be a positive number", "G", "--tol", "-1");
        bad(dir, "1,2\n3,4\n", "--ridge must be >= 0", "G", "--ridge", "-0.5");
        Result missing = run("design", "--input", dir.resolve("nope.csv").toString(), "--criterion", "G");
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("error: no such file"), missing.err());
        // rank-deficient works with a ridge
        Path x = Files.writeString(dir.resolve("rd.csv"), "1,2,0\n2,4,1\n3,6,0\n1,2,1\n");
        Result ok = run("design", "--input", x.toString(), "--criterion", "D", "--ridge", "0.1");
        assertEquals(0, ok.code(), ok.err());
    }
}
