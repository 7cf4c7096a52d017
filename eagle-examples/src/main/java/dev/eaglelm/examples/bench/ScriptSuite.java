package dev.eaglelm.examples.bench;

import dev.eaglelm.core.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A suite that runs a script under the repository (e.g. {@code bench/als-vs-numpy.sh}) with {@code bash}, in
 * the repository root, with {@code EAGLE_BENCH_QUICK=1} in quick mode. The script reports its results as lines on
 * stdout of the form
 *
 * <pre>bench-row: measure | eaglelm | baseline | comparison | notes</pre>
 *
 * <p>(missing trailing cells are empty); everything else it prints goes to the suite's log. A script that exits
 * with a non-zero status, or prints nothing, gives a "failed" row naming its log; one that prints no
 * {@code bench-row:} line gets one row quoting its last three lines. When none of
 * the candidate scripts exists, or python3 lacks a required module, the suite is not available and the table says
 * so.
 */
public final class ScriptSuite implements BenchSuite {

    /** The prefix of a result line. */
    public static final String ROW_PREFIX = "bench-row:";

    private final String name;
    private final String description;
    private final List<String> candidates;
    private final List<String> pythonModules;
    private final Function<Context, Optional<String>> extraCheck;
    private final Function<Context, List<String>> arguments;
    private final long timeoutSeconds;

    /**
     * Creates a script suite.
     *
     * @param name the suite's name
     * @param description what it measures
     * @param candidates script paths relative to the repository root; the first that exists runs
     * @param pythonModules Python modules the script needs ({@code python3 -c "import m"} must succeed); empty
     *     when it needs no Python
     * @param extraCheck another availability check (e.g. that a data file exists): a reason, or empty
     * @param arguments the script's arguments
     * @param timeoutSeconds the most the script may run
     */
    public ScriptSuite(String name, String description, List<String> candidates, List<String> pythonModules,
            Function<Context, Optional<String>> extraCheck, Function<Context, List<String>> arguments,
            long timeoutSeconds) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.candidates = List.copyOf(candidates);
        this.pythonModules = List.copyOf(pythonModules);
        this.extraCheck = Objects.requireNonNull(extraCheck, "extraCheck");
        this.arguments = Objects.requireNonNull(arguments, "arguments");
        this.timeoutSeconds = timeoutSeconds;
        if (this.candidates.isEmpty()) {
            throw new IllegalArgumentException("script suite " + name + ": no candidate scripts");
        }
    }

    /**
     * Creates a script suite with no extra check and no arguments.
     *
     * @param name the suite's name
     * @param description what it measures
     * @param candidates script paths relative to the repository root
     * @param pythonModules Python modules the script needs
     * @return the suite, with a 30-minute timeout
     */
    public static ScriptSuite of(String name, String description, List<String> candidates, List<String> pythonModules) {
        return new ScriptSuite(name, description, candidates, pythonModules, c -> Optional.empty(), c -> List.of(),
                1800);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    /**
     * Returns the script that would run.
     *
     * @param context the run's context
     * @return the first candidate that exists, or empty
     */
    public Optional<Path> script(Context context) {
        for (String c : candidates) {
            Path p = context.repository().resolve(c);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> unavailable(Context context) {
        if (script(context).isEmpty()) {
            return Optional.of("no script " + String.join(" or ", candidates) + " in this checkout");
        }
        if (!pythonModules.isEmpty()) {
            Optional<String> python = checkPython("python3", pythonModules);
            if (python.isPresent()) {
                return python;
            }
        }
        return extraCheck.apply(context);
    }

    /**
     * Checks that a Python interpreter exists and imports the modules.
     *
     * @param python the interpreter's command, {@code python3}
     * @param modules the modules
     * @return empty when they import, else a reason such as "python3 with numpy not found"
     */
    static Optional<String> checkPython(String python, List<String> modules) {
        String need = "python3" + (modules.isEmpty() ? "" : " with " + String.join(", ", modules));
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + String.join(", ", modules))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of(need + ": the import check timed out");
            }
            return p.exitValue() == 0 ? Optional.empty() : Optional.of(need + " not found");
        } catch (IOException e) {
            return Optional.of(need + " not found (no python3 on PATH)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(need + ": interrupted");
        }
    }

    @Override
    public List<BenchRow> run(Context context, ProgressListener progress) throws IOException, InterruptedException {
        Path script = script(context).orElseThrow();
        Files.createDirectories(context.logs());
        Path log = context.logs().resolve(name + ".log");
        Path stdout = context.logs().resolve(name + ".out");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(arguments.apply(context));
        ProcessBuilder pb = new ProcessBuilder(command).directory(context.repository().toFile())
                .redirectOutput(stdout.toFile()).redirectError(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("EAGLE_BENCH_QUICK", context.quick() ? "1" : "0");
        Process p = pb.start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return List.of(BenchRow.failed(name, description, "timed out after " + timeoutSeconds + " s; log: " + log));
        }
        List<String> out = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        Files.write(log, prefixed(out), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        if (p.exitValue() != 0) {
            return List.of(BenchRow.failed(name, description, script.getFileName() + " exited with status "
                    + p.exitValue() + "; log: " + log));
        }
        List<BenchRow> rows = parse(name, out);
        if (rows.isEmpty()) {
            // a script that does not speak the protocol still gets its result into the table, verbatim
            List<String> text = out.stream().filter(l -> !l.isBlank()).map(String::strip).toList();
            if (text.isEmpty()) {
                return List.of(BenchRow.failed(name, description, script.getFileName() + " printed nothing; log: "
                        + log));
            }
            String tail = String.join(" / ", text.subList(Math.max(0, text.size() - 3), text.size()));
            return List.of(new BenchRow(name, description, BenchRow.NONE, BenchRow.NONE, BenchRow.NONE,
                    script.getFileName() + " printed no '" + ROW_PREFIX + "' line; its last lines: " + tail));
        }
        return rows;
    }

    private static List<String> prefixed(List<String> lines) {
        List<String> out = new ArrayList<>();
        out.add("--- stdout ---");
        out.addAll(lines);
        return out;
    }

    /**
     * Parses a script's result lines.
     *
     * @param suite the suite's name
     * @param stdout the script's stdout lines
     * @return one row per {@code bench-row:} line, in order
     */
    static List<BenchRow> parse(String suite, List<String> stdout) {
        List<BenchRow> rows = new ArrayList<>();
        for (String line : stdout) {
            String l = line.strip();
            if (!l.startsWith(ROW_PREFIX)) {
                continue;
            }
            String[] cells = l.substring(ROW_PREFIX.length()).split("\\|", -1);
            String[] c = new String[5];
            for (int i = 0; i < 5; i++) {
                c[i] = i < cells.length ? cells[i].strip() : "";
            }
            if (cells.length > 5) {
                c[4] = String.join("|", List.of(cells).subList(4, cells.length)).strip();
            }
            rows.add(new BenchRow(suite, c[0], c[1], c[2], c[3], c[4]));
        }
        return rows;
    }
}
