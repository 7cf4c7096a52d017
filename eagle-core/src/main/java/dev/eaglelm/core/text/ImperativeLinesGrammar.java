package dev.eaglelm.core.text;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The GBNF grammar (llama.cpp's grammar format) of candidate-edit lists for small models: exactly n lines
 * {@code "- <Verb> <3 to 15 lower-case words>"}, the verb from a fixed list of imperative verbs.
 *
 * <p>A 135M-parameter chat model asked for a free-form list rambles, numbers badly and repeats the prompt;
 * constrained to this shape it returns parseable lists (measured on SmolLM2-135M-Instruct; see the README's
 * "Running with a real LLM"). The grammar's limits (lower-case letters, a possessive 's and commas; at most 15
 * words of at most 15 letters) also cap every line's length.
 */
public final class ImperativeLinesGrammar {

    /** The verbs a line may start with. */
    public static final List<String> VERBS = List.of("Make", "Set", "Add", "Change", "Turn", "Give", "Replace",
            "Remove", "Move", "Introduce", "Reveal", "Show", "Shift", "Focus", "Rewrite", "Shorten", "Expand", "Cast",
            "Let", "End", "Open", "Tell");

    private ImperativeLinesGrammar() {
    }

    /**
     * Returns the grammar of exactly {@code lines} lines.
     *
     * @param lines the number of lines, in [1, 50]
     * @return the GBNF text
     * @throws IllegalArgumentException if {@code lines} is out of range
     */
    public static String gbnf(int lines) {
        if (lines < 1 || lines > 50) {
            throw new IllegalArgumentException("imperative lines grammar: lines must be in [1, 50], got " + lines);
        }
        String verbs = VERBS.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(" | "));
        return "root ::= " + String.join(" ", java.util.Collections.nCopies(lines, "line")) + "\n"
                + "line ::= \"- \" verb \" \" word (\" \" word){2,14} \"\\n\"\n"
                + "verb ::= " + verbs + "\n"
                + "word ::= [a-z]{1,15} (\"'s\")? \",\"?\n";
    }
}
