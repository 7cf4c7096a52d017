package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void barShowsPercentRateAndEta() {
        StringWriter sink = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(sink, true), ConsoleProgress.Mode.BAR, now::get);
        p.started("episodes", 100, "episodes");
        now.set(2_000_000_000L); // 2 s for 25 units: 12.5/s, 75 left: ETA 6.0 s
        p.advanced("episodes", 25, 100);
        String s = sink.toString();
        assertTrue(s.contains("[#######.....................]  25% 25/100 episodes  12.5/s  ETA 6.0s"), s);
        now.set(8_000_000_000L);
        p.advanced("episodes", 100, 100);
        p.finished("episodes", 100);
        assertTrue(sink.toString().endsWith("\repisodes: done, 100 episodes in 8.0s\u001B[K\n"), sink.toString());
    }

    @Test
    void linesModeIsSparse() {
        StringWriter sink = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(sink, true), ConsoleProgress.Mode.LINES, now::get);
        p.started("design", 1000, "iterations");
        for (int i = 1; i <= 1000; i++) {
            now.addAndGet(12_000_000L); // 12 s in all: a line at 5 s and one at 10 s
            p.advanced("design", i, 1000);
        }
        p.finished("design", 1000);
        String[] lines = sink.toString().split("\n");
        assertEquals(4, lines.length, sink.toString());
        assertEquals("design: started (1000 iterations)", lines[0]);
        assertEquals("design: done, 1000 iterations in 12s", lines[3]);
    }

    @Test
    void durationsAreHumanReadable() {
        assertEquals("0.5s", ConsoleProgress.duration(0.5));
        assertEquals("42s", ConsoleProgress.duration(42));
        assertEquals("2m05s", ConsoleProgress.duration(125));
        assertEquals("1h01m", ConsoleProgress.duration(3660));
    }
}
