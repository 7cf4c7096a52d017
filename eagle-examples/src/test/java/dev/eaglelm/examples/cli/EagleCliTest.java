package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
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
        Result r = run("demo", "--users", "0");
        assertEquals(2, r.code());
        assertEquals("error: users must be >= 1, got 0", r.err().strip());

        r = run("demo", "--users", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Invalid value for option '--users'"), r.err());

        r = run("demo", "--eval-episodes", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: evalEpisodes must be >= 2, got 1"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");

        r = run("demo", "--eval-episodes", "1", "--verbose");
        assertTrue(r.err().contains("\tat "), "--verbose shows the stack trace");

        r = run("demo", "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: unknown option '--bogus'"), r.err());

        r = run("demo", "--seeed", "3");
        assertTrue(r.err().startsWith("error: unknown option '--seeed'; did you mean --seed?"), r.err());
    }
}
