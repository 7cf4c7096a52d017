package dev.eaglelm.examples.cli;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eagle llm}: sends one prompt to a backend and prints the completion on stdout, and a usage line
 * naming the backend on stderr.
 */
@Command(name = "llm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send one prompt to an LLM backend; print the completion (stdout) and a usage line naming"
                + " the backend (stderr)."})
public final class LlmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LlmBackendOptions backend;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "256",
            description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "Sampling temperature; 0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", paramLabel = "N", description = "Sampling seed (default: none).")
    Long seed;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message to send first.")
    String system;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The prompt (the user message).")
    String prompt;

    /** Creates the command (picocli instantiates it). */
    public LlmCommand() {
    }

    @Override
    public Integer call() {
        CompletionRequest.Builder b = CompletionRequest.builder().maxTokens(maxTokens).temperature(temperature);
        if (system != null) {
            b.system(system);
        }
        b.user(prompt);
        if (seed != null) {
            b.seed(seed);
        }
        CompletionRequest request = b.build(); // validates before any backend is opened
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LlmBackendOptions.Session s = backend.open()) {
            Completion c = s.llm.complete(request);
            out.println(c.text());
            out.flush();
            err.println("finish: " + c.finishReason() + "; backend " + c.backend());
            s.report(err);
        }
        return ExitCodes.OK;
    }
}
