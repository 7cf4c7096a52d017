package dev.eaglelm.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code eagle bench}: runs the performance suites and writes a Markdown table. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run the performance suites.")
public final class BenchCommand implements Callable<Integer> {

    /** Creates the command (picocli instantiates it). */
    public BenchCommand() {
    }

    @Override
    public Integer call() {
        throw new CliException("not yet implemented", ExitCodes.FAILED);
    }
}
