package dev.eaglelm.examples.cli;

import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.examples.bench.BenchReport;
import dev.eaglelm.examples.bench.BenchRow;
import dev.eaglelm.examples.bench.BenchSuite;
import dev.eaglelm.examples.bench.BenchSuites;
import dev.eaglelm.examples.bench.MachineInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle bench}: runs the performance suites ({@link BenchSuites#defaults()}) and prints one Markdown
 * table with the machine's description; a suite that cannot run here (no script, no python3 with numpy, no
 * data) gets a row saying why instead of stopping the run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run the performance suites and print a Markdown table (machine description, then one row per"
                    + " measurement). Suites: design (optimal design vs numpy), encoder (MiniLM vs LangChain4j),"
                    + " als (ALS vs numpy), trainer (JMH, overhead per step), calls (LLM calls per unit utility"
                    + " gain, EAGLE vs best-of-N, synthetic). A suite that cannot run here gets a 'not available'"
                    + " row. Progress goes to stderr; logs to eagle-examples/target/bench-logs.",
            "Subcommand: 'eagle bench llm --backend SPEC' measures LLM backends (tok/s, calls/s, latency)."
        },
        subcommands = {BenchLlmCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--suite", paramLabel = "NAME", description = "Run only this suite (repeatable; default: all).")
    List<String> suites = new ArrayList<>();

    @Option(names = "--quick", description = "Short versions of the suites (a few minutes in all).")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the Markdown to this file.")
    Path out;

    @Option(names = "--list", description = "List the suites and whether each can run here, then exit.")
    boolean list;

    @Option(names = "--repo", paramLabel = "DIR", description = "The repository root (default: found from the jar's"
            + " location, else the working directory).")
    Path repo;

    /** Creates the command (picocli instantiates it). */
    public BenchCommand() {
    }

    @Override
    public Integer call() throws IOException {
        List<BenchSuite> selected;
        try {
            selected = BenchSuites.select(BenchSuites.defaults(), suites);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--suite: " + e.getMessage());
        }
        Path root = repository();
        BenchSuite.Context context = new BenchSuite.Context(root, quick,
                root.resolve("eagle-examples/target/bench-logs"));
        PrintWriter stdout = spec.commandLine().getOut();
        if (list) {
            for (BenchSuite s : selected) {
                String why = s.unavailable(context).map(r -> "not available: " + r).orElse("available");
                stdout.printf(Locale.ROOT, "%-8s %s (%s)%n", s.name(), s.description(), why);
            }
            stdout.flush();
            return ExitCodes.OK;
        }
        if (out != null && Files.isDirectory(out)) {
            throw CliException.usage("--out " + out + " is a directory");
        }
        ProgressListener progress = new ConsoleProgress(spec.commandLine().getErr(),
                ConsoleProgress.Mode.fromSystemProperty());
        MachineInfo machine = MachineInfo.detect();
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        List<BenchRow> rows = BenchSuites.run(selected, context, progress);
        String markdown = new BenchReport(machine, date, quick, rows).toMarkdown();
        stdout.print(markdown);
        stdout.flush();
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, markdown, StandardCharsets.UTF_8);
        }
        return ExitCodes.OK;
    }

    private Path repository() {
        if (repo != null) {
            if (!Files.isDirectory(repo)) {
                throw CliException.usage("--repo " + repo + " is not a directory");
            }
            return repo.toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // .../<root>/eagle-examples/target/eagle-examples-<v>.jar, or .../target/classes in a build
            for (Path p = jar; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("bench")) && Files.isRegularFile(p.resolve("eagle"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
