package dev.eaglelm.examples.cli;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.text.PromptTemplate;
import dev.eaglelm.core.text.TextEditor;
import dev.eaglelm.core.text.TextSanitizer;
import dev.eaglelm.core.text.TextState;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle edit}: applies one edit action to a description with the environment prompt (one transition of
 * the text MDP) and prints only the new description on stdout; the prompt version, the backend and the usage go
 * to stderr.
 */
@Command(name = "edit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply one edit action to a description with the environment LLM's prompt; print only the new"
                + " description (stdout), and the prompt version and backend (stderr)."})
public final class EditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LlmBackendOptions backend;

    @Option(names = "--description", required = true, paramLabel = "TEXT", description = "The description to edit.")
    String description;

    @Option(names = "--action", required = true, paramLabel = "TEXT",
            description = "The edit, one imperative sentence, e.g. \"Set the story in space.\"")
    String action;

    @Option(names = "--edit-prompt", paramLabel = "VERSION",
            description = "Version of the edit prompt template (default: the library's, "
                    + TextEditor.DEFAULT_PROMPT_VERSION + ").")
    Integer promptVersion;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "Sampling temperature; 0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-words", paramLabel = "N", defaultValue = "150",
            description = "Word limit the prompt asks for (default: ${DEFAULT-VALUE}).")
    int maxWords;

    /** Creates the command (picocli instantiates it). */
    public EditCommand() {
    }

    @Override
    public Integer call() {
        if (description.isBlank()) {
            throw CliException.usage("--description is empty");
        }
        if (action.isBlank()) {
            throw CliException.usage("--action is empty");
        }
        PromptTemplate prompt = loadPrompt(promptVersion);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LlmBackendOptions.Session s = backend.open()) {
            TextEditor editor = new TextEditor(s.llm, prompt, temperature, 300, maxWords, new TextSanitizer(1500), seed);
            Optional<TextState> next = editor.apply(TextState.start(description, ""), new Action("edit", action, "", "cli"),
                    1);
            if (next.isEmpty()) {
                throw new CliException("the environment LLM " + s.backend.id() + " returned no usable text for this"
                        + " edit (2 attempts)", ExitCodes.FAILED);
            }
            out.println(next.get().description());
            out.flush();
            err.println("edit prompt " + prompt.id() + "; backend " + s.backend.id());
            s.report(err);
        }
        return ExitCodes.OK;
    }

    static PromptTemplate loadPrompt(Integer version) {
        int v = version == null ? TextEditor.DEFAULT_PROMPT_VERSION : version;
        try {
            return PromptTemplate.load("edit", v);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--edit-prompt: " + e.getMessage());
        }
    }
}
