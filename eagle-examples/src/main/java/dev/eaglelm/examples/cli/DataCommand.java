package dev.eaglelm.examples.cli;

import dev.eaglelm.examples.demo.DataFetcher;
import dev.eaglelm.examples.demo.DataLocator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code eagle data}: data sets of the demo. {@code eagle data fetch} downloads MovieLens ml-latest-small from
 * GroupLens into the user cache and verifies it (see {@link DataFetcher}).
 */
@Command(name = "data", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Data sets for 'eagle demo'.",
        subcommands = {DataCommand.Fetch.class})
public final class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    public DataCommand() {
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "no subcommand given (try 'eagle data fetch')");
    }

    /** {@code eagle data fetch}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Download MovieLens ml-latest-small (research use only; see its README.txt) from GroupLens"
                + " into the user cache and verify the SHA-256 of every file against the published release.",
                "The demo finds it there without --data."})
    public static final class Fetch implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--url", description = "Download from here (default: ${DEFAULT-VALUE}).",
                defaultValue = DataFetcher.ML_LATEST_SMALL_URL)
        URI url;

        @Option(names = "--dir", paramLabel = "DIR", description = "Install into DIR/ml-latest-small (default: the"
                + " user cache, $XDG_CACHE_HOME/eaglelm/data or ~/.cache/eaglelm/data).")
        Path dir;

        @Option(names = "--sha256", paramLabel = "HEX", description = "Also require this SHA-256 of the zip itself"
                + " (default: $EAGLE_DATA_SHA256; GroupLens publishes only an MD5, so by default the files inside are"
                + " checked instead).")
        String sha256;

        @Option(names = "--no-file-checks", description = "Skip the per-file checksums (for a different release).")
        boolean noFileChecks;

        /** Creates the command (picocli instantiates it). */
        public Fetch() {
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> env = System.getenv();
            Path base = dir != null ? dir : DataLocator.userDataCache(env);
            Path target = base.resolve("ml-latest-small");
            String zipSum = sha256 != null ? sha256 : env.get("EAGLE_DATA_SHA256");
            DataFetcher fetcher;
            try {
                fetcher = new DataFetcher(url, zipSum, noFileChecks ? Map.of() : DataFetcher.ML_LATEST_SMALL_FILES,
                        Duration.ofMinutes(5));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--sha256: " + e.getMessage());
            }
            err.println("downloading " + url + " ...");
            err.flush();
            DataFetcher.Fetched f;
            try {
                f = fetcher.fetch(target);
            } catch (IOException e) {
                throw new CliException(e.getMessage(), ExitCodes.FAILED);
            }
            out.println("installed " + f.files().size() + " files into " + f.directory() + " (zip: " + f.bytes()
                    + " bytes, SHA-256 " + f.zipSha256() + "; " + (noFileChecks ? "file checksums skipped"
                    : "every file's SHA-256 matched the published release") + ")");
            out.println("MovieLens licence: research use only, cite Harper & Konstan 2015; see "
                    + f.directory().resolve("README.txt"));
            out.println("next: ./eagle demo" + (dir != null ? " --data " + target : ""));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
