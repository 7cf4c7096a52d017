package dev.eaglelm.examples.cli;

import dev.eaglelm.core.ProgressListener;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Renders {@link ProgressListener} reports on the terminal: a redrawn bar with rate and ETA when stderr is
 * a terminal, a few plain lines (start, end, and every 5 seconds on long tasks) when it is a file or a CI
 * log, or nothing.
 */
public final class ConsoleProgress implements ProgressListener {

    /** How progress is shown. */
    public enum Mode {
        /** A bar redrawn in place (for terminals). */
        BAR,
        /** Plain lines at the start and the end, and at most every 5 seconds in between (for logs). */
        LINES,
        /** Nothing. */
        NONE;

        /**
         * Chooses the mode from the system property {@code eagle.progress} ({@code bar}, {@code lines} or
         * {@code none}; the launcher sets {@code bar} when stderr is a terminal), defaulting to lines.
         *
         * @return the mode
         */
        public static Mode fromSystemProperty() {
            String v = System.getProperty("eagle.progress", "lines").trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "bar" -> BAR;
                case "none", "off" -> NONE;
                default -> LINES;
            };
        }
    }

    private static final int WIDTH = 28;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final Mode mode;
    private final LongSupplier clock;
    private final Map<String, Task> tasks = new HashMap<>();
    private String counterLabel;
    private LongSupplier counter;

    private static final class Task {
        final long startNanos;
        final String unit;
        final long counterStart;
        long lastDraw;

        Task(long startNanos, String unit, long counterStart) {
            this.startNanos = startNanos;
            this.unit = unit;
            this.counterStart = counterStart;
            this.lastDraw = startNanos;
        }
    }

    /**
     * Creates a renderer.
     *
     * @param out where to draw (stderr)
     * @param mode how to draw
     */
    public ConsoleProgress(PrintWriter out, Mode mode) {
        this(out, mode, System::nanoTime);
    }

    ConsoleProgress(PrintWriter out, Mode mode, LongSupplier clock) {
        this.out = out;
        this.mode = mode;
        this.clock = clock;
    }

    /**
     * Shows a running count beside every bar: its total and its rate since the bar's task started (e.g. the LLM
     * calls that reached the backend, in calls/s), once the count is above zero.
     *
     * @param label what is counted, e.g. {@code "LLM calls"}
     * @param count the current count
     * @return this renderer
     */
    public synchronized ConsoleProgress withCounter(String label, LongSupplier count) {
        this.counterLabel = java.util.Objects.requireNonNull(label, "label");
        this.counter = java.util.Objects.requireNonNull(count, "count");
        return this;
    }

    private long count() {
        return counter == null ? 0 : counter.getAsLong();
    }

    private String withCount(String line, Task t, long now) {
        long n = count();
        if (counter == null || n <= 0) {
            return line;
        }
        double seconds = Math.max(1e-9, (now - t.startNanos) / 1e9);
        return line + String.format(Locale.ROOT, "  | %s %d, %.2f/s", counterLabel, n, (n - t.counterStart) / seconds);
    }

    @Override
    public synchronized void started(String task, long total, String unit) {
        tasks.put(task, new Task(clock.getAsLong(), unit, count()));
        if (mode == Mode.LINES) {
            out.println(task + ": started" + (total > 0 ? " (" + total + " " + unit + ")" : ""));
            out.flush();
        }
    }

    @Override
    public synchronized void advanced(String task, long done, long total) {
        Task t = tasks.computeIfAbsent(task, k -> new Task(clock.getAsLong(), "", count()));
        long now = clock.getAsLong();
        switch (mode) {
            case BAR -> {
                if (now - t.lastDraw >= REDRAW_NANOS || done == total) {
                    t.lastDraw = now;
                    out.print("\r" + withCount(line(task, t, done, total, now), t, now) + "\u001B[K");
                    out.flush();
                }
            }
            case LINES -> {
                if (now - t.lastDraw >= LINE_NANOS && done != total) {
                    t.lastDraw = now;
                    out.println(withCount(line(task, t, done, total, now), t, now));
                    out.flush();
                }
            }
            default -> {
            }
        }
    }

    @Override
    public synchronized void finished(String task, long done) {
        Task t = tasks.remove(task);
        if (t == null || mode == Mode.NONE) {
            return;
        }
        double seconds = (clock.getAsLong() - t.startNanos) / 1e9;
        String summary = String.format(Locale.ROOT, "%s: done, %d %s in %s", task, done, t.unit, duration(seconds));
        if (mode == Mode.BAR) {
            out.print("\r" + summary + "\u001B[K\n");
        } else {
            out.println(summary);
        }
        out.flush();
    }

    static String line(String task, Task t, long done, long total, long now) {
        double seconds = Math.max(1e-9, (now - t.startNanos) / 1e9);
        double rate = done / seconds;
        StringBuilder sb = new StringBuilder(task).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
            sb.append(String.format(Locale.ROOT, "%3d%% %d/%d %s", 100 * done / total, done, total, t.unit));
        } else {
            sb.append(done).append(' ').append(t.unit);
        }
        sb.append(String.format(Locale.ROOT, "  %.1f/s", rate));
        if (total > 0 && done > 0 && done < total) {
            sb.append("  ETA ").append(duration((total - done) / rate));
        }
        return sb.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return seconds < 10 ? String.format(Locale.ROOT, "%.1fs", seconds) : s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
