package dev.eaglelm.examples.cli;

import dev.eaglelm.core.Provenance;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code eagle} command: entry point of the CLI.
 *
 * <p>Run it through the {@code ./eagle} launcher at the repository root, or with
 * {@code java -jar eagle-examples/target/eagle-examples-<version>.jar}. Subcommands print results on stdout,
 * and diagnostics and progress on stderr. Exit codes are in {@link ExitCodes}.
 */
@Command(
        name = "eagle",
        mixinStandardHelpOptions = true,
        versionProvider = EagleCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "eaglelm: EAGLE, Embedding-Aligned Language Models (Tennenholtz et al., NeurIPS 2024,"
                    + " arXiv:2406.00024), for the JVM.",
            "Not the EAGLE speculative-decoding project.",
            ""
        },
        subcommands = {DemoCommand.class, DataCommand.class, SyntheticCommand.class, LlmCommand.class,
            ActionsCommand.class, EditCommand.class, FidelityCommand.class, EmbedCommand.class,
            BehavioralCommand.class, DesignCommand.class, RecommendCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class},
        footer = {
            "",
            "Exit codes: 0 success, 1 the run failed, 2 bad usage or bad input.",
            "Results go to stdout; progress and diagnostics to stderr."
        })
public final class EagleCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log debug messages and show stack traces of errors.")
    boolean verbose;

    /** Creates the command (picocli instantiates it). */
    public EagleCli() {
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    /**
     * Runs the CLI and exits the JVM with its exit code.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        configureLogging(args);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code;
        try {
            code = run(args, out, err);
        } catch (Throwable t) { // an Error escaping a command (e.g. from a native library) still gets one line
            err.println("error: " + describe(t));
            if (isVerbose(args)) {
                t.printStackTrace(err);
            }
            code = ExitCodes.FAILED;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the CLI without exiting: parses {@code args}, runs the subcommand, and maps failures to one
     * {@code error:} line on {@code err} and an exit code.
     *
     * @param args the command-line arguments
     * @param out where results go
     * @param err where errors and progress go
     * @return the exit code ({@link ExitCodes})
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new EagleCli());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExitCodeExceptionMapper(EagleCli::exitCodeOf);
        cmd.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("error: " + describeUsageError(ex));
            ex.getCommandLine().usage(e);
            return ExitCodes.USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            e.println("error: " + describe(ex));
            if (isVerbose(args)) {
                ex.printStackTrace(e);
            }
            return exitCodeOf(ex);
        });
        return cmd.execute(args);
    }

    static int exitCodeOf(Throwable ex) {
        if (ex instanceof CliException c) {
            return c.exitCode();
        }
        if (ex instanceof IllegalArgumentException || ex instanceof NoSuchFileException
                || ex instanceof ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILED;
    }

    static String describeUsageError(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            CommandLine at = ex.getCommandLine();
            List<String> names = new ArrayList<>(first.startsWith("-")
                    ? at.getCommandSpec().optionsMap().keySet() : at.getSubcommands().keySet());
            List<String> close = names.stream().filter(n -> editDistance(n, first) <= 2).sorted().toList();
            String hint = close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
            if (!first.startsWith("-") && !at.getSubcommands().isEmpty()) {
                return "unknown command '" + first + "'" + hint;
            }
            return (first.startsWith("-") ? "unknown option '" : "unexpected argument '") + first + "'" + hint;
        }
        return ex.getMessage();
    }

    /** Optimal-string-alignment distance (Levenshtein with adjacent transpositions). */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    static String describe(Throwable t) {
        Throwable root = t;
        if (t instanceof CommandLine.ExecutionException && t.getCause() != null) {
            root = t.getCause();
        }
        String m = root.getMessage();
        if (root instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        if (m == null || m.isBlank()) {
            m = root.getClass().getSimpleName();
            Throwable cause = root.getCause();
            if (cause != null && cause.getMessage() != null) {
                m += ": " + cause.getMessage();
            }
        }
        return m.replace('\n', ' ');
    }

    static boolean isVerbose(String[] args) {
        return Arrays.asList(args).contains("--verbose");
    }

    /**
     * Sets slf4j-simple's level before any logger exists: warnings only, debug with {@code --verbose};
     * a level set explicitly with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} wins.
     */
    static void configureLogging(String[] args) {
        String level = "org.slf4j.simpleLogger.defaultLogLevel";
        if (System.getProperty(level) == null) {
            System.setProperty(level, isVerbose(args) ? "debug" : "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // DJL warns when it finds a CUDA runtime without a driver: harmless on CPU, so shown only with --verbose.
        String cudaWarnings = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";
        if (System.getProperty(cudaWarnings) == null && !isVerbose(args)) {
            System.setProperty(cudaWarnings, "error");
        }
        // DJL must never phone home or download: set its offline flags before it initialises.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    /** Version text for {@code eagle --version}. */
    public static final class Version implements CommandLine.IVersionProvider {

        /** Creates the provider (picocli instantiates it). */
        public Version() {
        }

        @Override
        public String[] getVersion() {
            return new String[] {
                "eaglelm " + Provenance.currentLibraryVersion()
                        + " (EAGLE: Embedding-Aligned Language Models, arXiv:2406.00024)",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")
            };
        }
    }
}
