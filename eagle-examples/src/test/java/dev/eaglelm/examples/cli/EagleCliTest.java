package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EagleCliTest {

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
    void unknownCommandIsAUsageError() {
        Result r = run("nonsense");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: unknown command 'nonsense'"), r.err());
        assertTrue(r.err().contains("Usage: eagle"), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void misspelledCommandGetsASuggestion() {
        Result r = run("dmeo");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: unknown command 'dmeo'; did you mean demo?"), r.err());
    }

    @Test
    void noCommandIsAUsageError() {
        Result r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: no command given"), r.err());
    }

    @Test
    void helpAndVersionGoToStdout() {
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("demo"), help.out());
        assertTrue(help.out().contains("Not the EAGLE speculative-decoding project"), help.out());
        Result version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("eaglelm 0."), version.out());
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        Result r = run("demo", "--episodes", "0");
        assertEquals(2, r.code());
        assertEquals("error: --episodes must be >= 1, got 0", r.err().strip());

        r = run("demo", "--dim", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Invalid value for option '--dim'"), r.err());

        r = run("demo", "--dim", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: linear embedding environment: dimension must be >= 1"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");

        r = run("demo", "--dim", "0", "--verbose");
        assertTrue(r.err().contains("\tat "), "--verbose shows the stack trace");

        r = run("demo", "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: unknown option '--bogus'"), r.err());

        r = run("demo", "--seeed", "3");
        assertTrue(r.err().startsWith("error: unknown option '--seeed'; did you mean --seed?"), r.err());
    }

    @Test
    void demoPrintsTheThreeReturnsWithOptimumOnTop() {
        Result r = run("demo", "--episodes", "30", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        Map<String, double[]> rows = parseRows(r.out());
        assertEquals(3, rows.size(), r.out());
        double optimal = rows.get("optimal")[0];
        double greedy = rows.get("greedy")[0];
        double uniform = rows.get("uniform")[0];
        // the exact optimum of each start state bounds every realised return from it
        assertTrue(optimal >= greedy && optimal >= uniform, r.out());
        for (double[] v : rows.values()) {
            assertTrue(v[0] > 0 && v[0] <= 1, "utilities lie in (0, 1]: " + r.out());
            assertTrue(v[1] >= 0, r.out());
        }
        assertTrue(r.out().contains("no LLM involved"), r.out());
        // same seed, same numbers
        assertEquals(r.out(), run("demo", "--episodes", "30", "--seed", "3").out());
    }

    static Map<String, double[]> parseRows(String out) {
        Pattern p = Pattern.compile("(?m)^(optimal|greedy|uniform)\\s+([0-9.]+)\\s+\\+/- ([0-9.]+)");
        Matcher m = p.matcher(out);
        Map<String, double[]> rows = new LinkedHashMap<>();
        while (m.find()) {
            rows.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
        }
        return rows;
    }
}
