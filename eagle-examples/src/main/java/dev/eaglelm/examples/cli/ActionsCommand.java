package dev.eaglelm.examples.cli;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.text.ActionGenerator;
import dev.eaglelm.core.text.GeneratedActions;
import dev.eaglelm.core.text.TextState;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle actions}: asks a backend for candidate edit actions of a description (generic, and
 * personalised when a profile is given) over the paper's five categories, and prints one per line.
 */
@Command(name = "actions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate candidate edit actions for a description over the five categories (plot, character,"
                + " visual/storytelling, theme, audience); one per line on stdout as id<TAB>category<TAB>action,",
            "with what was dropped and the usage on stderr."})
public final class ActionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LlmBackendOptions backend;

    @Option(names = "--description", required = true, paramLabel = "TEXT", description = "The description to edit.")
    String description;

    @Option(names = "--profile", paramLabel = "TEXT",
            description = "A user profile; adds personalised actions (default: none, generic only).")
    String profile;

    @Option(names = "--generic", paramLabel = "N", defaultValue = "10",
            description = "Generic actions per category (default: ${DEFAULT-VALUE}; paper: 50 over 5 categories).")
    int generic;

    @Option(names = "--personalised", paramLabel = "N", defaultValue = "10",
            description = "Personalised actions per category when --profile is given (default: ${DEFAULT-VALUE}).")
    int personalised;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.7",
            description = "Sampling temperature of the action writer (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--grammar", paramLabel = "MODE", defaultValue = "auto",
            description = {"Constrain the writer with a grammar of imperative lines: auto (when the backend supports"
                    + " grammars, e.g. gguf), on, off (default: ${DEFAULT-VALUE})."})
    String grammar;

    @Option(names = "--calls-per-category", paramLabel = "N", defaultValue = "4",
            description = "With a grammar: most calls per category, each with a new seed, until its quota of"
                    + " distinct actions is met (default: ${DEFAULT-VALUE}).")
    int callsPerCategory;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "2",
            description = "LLM calls in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    /** Creates the command (picocli instantiates it). */
    public ActionsCommand() {
    }

    @Override
    public Integer call() {
        if (description.isBlank()) {
            throw CliException.usage("--description is empty");
        }
        ActionGenerator.GrammarMode mode;
        try {
            mode = ActionGenerator.GrammarMode.valueOf(grammar.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--grammar must be auto, on or off, got '" + grammar + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConsoleProgress progress = new ConsoleProgress(err, ConsoleProgress.Mode.fromSystemProperty());
        try (LlmBackendOptions.Session s = backend.open()) {
            ActionGenerator g = ActionGenerator.builder().model(s.llm).genericPerCategory(generic)
                    .personalisedPerCategory(profile == null ? 0 : personalised)
                    .temperature(temperature).seed(seed).concurrency(concurrency).grammarMode(mode)
                    .callsPerCategory(callsPerCategory).build();
            GeneratedActions actions = g.generate(TextState.start(description, profile == null ? "" : profile),
                    progress);
            for (Action a : actions.actions()) {
                out.println(a.id() + "\t" + a.category() + "\t" + a.text());
            }
            out.flush();
            err.println("actions: " + actions.report().summary() + (g.constrained() ? "; grammar-constrained" : ""));
            for (String d : actions.report().dropped()) {
                err.println("  dropped " + d);
            }
            err.println("written by " + s.backend.id());
            s.report(err);
        }
        return ExitCodes.OK;
    }
}
