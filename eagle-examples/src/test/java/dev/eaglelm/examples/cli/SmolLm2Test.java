package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.LanguageModels;
import dev.eaglelm.core.text.ActionGenerator;
import dev.eaglelm.core.text.EditCategory;
import dev.eaglelm.core.text.GeneratedActions;
import dev.eaglelm.core.text.ImperativeLinesGrammar;
import dev.eaglelm.core.text.PromptTemplate;
import dev.eaglelm.core.text.TextEditor;
import dev.eaglelm.core.text.TextSanitizer;
import dev.eaglelm.core.text.TextState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real instruction-tuned model, SmolLM2-135M-Instruct (Q4_1), found in ../shared/models; skipped when it is
 * absent. The model is loaded once for the class (the CLI calls share the loaded model); all generations are
 * short, and greedy or seeded.
 */
class SmolLm2Test {

    static Path model;
    static LanguageModel llm;

    static final String OVERVIEW = "A young girl discovers that her new neighbour is a retired wizard who has lost"
            + " his magic, and together they set out across the city to find it before the winter solstice.";

    @BeforeAll
    static void load() {
        System.setProperty("eagle.progress", "none");
        String shared = System.getProperty("eagle.shared.dir");
        Path p = shared == null ? null
                : Path.of(shared, "models", "smollm2-135m-instruct", "SmolLM2-135M-Instruct.Q4_1.gguf");
        Assumptions.assumeTrue(p != null && Files.isRegularFile(p), "SmolLM2-135M-Instruct.Q4_1.gguf is absent from"
                + " ../shared/models/smollm2-135m-instruct/ (eagle.shared.dir=" + shared + "): SmolLM2 tests skipped");
        model = p;
        llm = LanguageModels.open("gguf:" + p);
    }

    @AfterAll
    static void close() {
        if (llm != null) {
            llm.close();
        }
    }

    @Test
    void llmAnswersParisWithNothingButTheAnswerOnStdout() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EagleCli.run(new String[] {"llm", "--backend", "gguf:" + model, "--temperature", "0",
            "--max-tokens", "32", "What is the capital of France? Answer with one word."}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        String answer = out.toString().strip();
        assertTrue(answer.contains("Paris"), answer);
        assertEquals(1, answer.lines().count(), answer);
        assertFalse(answer.contains("<|") || answer.contains("im_end") || answer.contains("assistant"), answer);
        assertFalse(answer.contains("Extracted") || answer.contains("llama"), answer);
        assertTrue(err.toString().contains("finish: STOP"), "generation ends at the end-of-turn token: " + err);
    }

    @Test
    void grammarConstrainedActionsAreDistinctImperativeLines() {
        ActionGenerator g = ActionGenerator.builder().model(llm).categories(List.of(EditCategory.PLOT,
                EditCategory.CHARACTER)).genericPerCategory(5).personalisedPerCategory(0).callsPerCategory(2)
                .temperature(0.8).seed(1).concurrency(1).build();
        assertTrue(g.constrained(), "gguf supports grammars");
        GeneratedActions out = g.generate(TextState.start(OVERVIEW, ""));
        List<String> texts = out.actions().stream().map(Action::text).toList();
        assertTrue(texts.size() >= 5, out.report().summary() + " " + texts);
        assertTrue(out.report().calls() <= 4, out.report().summary());
        assertEquals(List.of("actions-lines-generic/v1"), out.report().prompts());
        Set<String> distinct = new HashSet<>();
        for (String t : texts) {
            String verb = t.split(" ")[0];
            assertTrue(ImperativeLinesGrammar.VERBS.contains(verb), "starts with an imperative verb: " + t);
            assertTrue(t.endsWith(".") && t.length() <= 200, t);
            assertTrue(distinct.add(t.toLowerCase()), "distinct: " + t);
            assertFalse(t.toLowerCase().contains("zeppelin") || t.toLowerCase().contains("lighthouse"),
                    "the prompt's examples are not actions: " + t);
        }
    }

    @Test
    void anEditReturnsANewDescriptionWithoutTemplateTokens() {
        TextEditor editor = new TextEditor(llm, PromptTemplate.load("edit", TextEditor.DEFAULT_PROMPT_VERSION), 0.0,
                160, 80, new TextSanitizer(1500), 0);
        String next = editor.apply(TextState.start(OVERVIEW, ""),
                new Action("a", "Set the story in outer space aboard a failing space station.", "", "test"), 1)
                .orElseThrow().description();
        assertFalse(next.isBlank());
        assertNotEquals(OVERVIEW, next);
        assertFalse(next.contains("<|") || next.contains("<description>") || next.contains("<edit>"), next);
    }
}
