package dev.eaglelm.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eagle bench}: benchmark suites ({@code eagle bench llm}). */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks. Results go to stdout, progress to stderr."},
        subcommands = {BenchLlmCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    public BenchCommand() {
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a benchmark: llm");
    }
}
