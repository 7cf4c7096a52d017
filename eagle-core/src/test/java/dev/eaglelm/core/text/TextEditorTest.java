package dev.eaglelm.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextEditorTest {

    static LanguageModel answering(List<String> answers, List<CompletionRequest> seen) {
        return new LanguageModel() {
            @Override
            public String id() {
                return "scripted:editor";
            }

            @Override
            public Completion complete(CompletionRequest r) {
                seen.add(r);
                String a = answers.get(Math.min(seen.size() - 1, answers.size() - 1));
                return new Completion(a, Completion.FinishReason.STOP, TokenUsage.NONE, Duration.ZERO, id());
            }
        };
    }

    @Test
    void everyPromptVersionQuotesBothTextsAndLoopsAreCut() {
        for (int v = 1; v <= 3; v++) {
            List<CompletionRequest> seen = new ArrayList<>();
            TextEditor editor = TextEditor.of(answering(List.of("", "A heist on Mars. The crew is caught. A heist on"
                    + " Mars. The crew is caught."), seen)).withPrompt(PromptTemplate.load("edit", v));
            Optional<TextState> next = editor.apply(TextState.start("A quiet town.", ""),
                    new Action("a", "Set it on Mars.", "", "t"), 1);
            assertEquals("A heist on Mars. The crew is caught.", next.orElseThrow().description(),
                    "edit/v" + v + ": the empty answer is retried, the repeated sentences dropped");
            assertEquals(2, seen.size());
            String user = seen.get(0).messages().get(seen.get(0).messages().size() - 1).content();
            assertEquals(Optional.of("A quiet town."), UntrustedText.extract("description", user), "edit/v" + v);
            assertEquals(Optional.of("Set it on Mars."), UntrustedText.extract("edit", user), "edit/v" + v);
            assertTrue(seen.get(0).seed().getAsLong() != seen.get(1).seed().getAsLong(), "the retry has its own seed");
        }
        assertThrows(IllegalArgumentException.class, () -> TextEditor.of(answering(List.of("x"), new ArrayList<>()))
                .withPrompt(PromptTemplate.parse("bad", 1, "[user]\n{{description}} only")));
    }

    @Test
    void repeatedSentencesKeepTheirFirstOccurrence() {
        assertEquals("One. Two! Three?", TextSanitizer.dropRepeatedSentences("One. Two! one. Three? Two!"));
        assertEquals("No repeats here. At all.", TextSanitizer.dropRepeatedSentences("No repeats here. At all."));
    }

    /** SmolLM2's loops, as they appeared in the demo's examples.md, and ordinary text that must survive. */
    @Test
    void phrasesRepeatedInALoopCollapseToOneCopy() {
        String loop = "The edited description is: ".repeat(30) + "The edited description";
        assertEquals("The edited description is:", TextSanitizer.collapseLoops(loop));
        // a looping preamble is nothing usable: the step keeps its text (or retries)
        assertTrue(new TextSanitizer(600).sanitize(loop, List.of()).isEmpty());
        assertEquals("Bob runs to the store and then leaves.",
                TextSanitizer.collapseLoops(
                        "Bob runs to the store and the store and the store and the store then leaves."));
        TextSanitizer.Sanitized s = new TextSanitizer(600).sanitize(
                "A heist crew robs a casino, robs a casino, robs a casino, robs a casino in Las Vegas.", List.of())
                .orElseThrow();
        assertEquals("A heist crew robs a casino, in Las Vegas.", s.text());
        assertTrue(s.notes().contains("collapsed a repeated phrase"), s.notes().toString());
        for (String ordinary : List.of("Ha ha ha, he laughs.", "A boy meets a girl. A boy meets a dog.",
                "Very, very, very scary.", "It is what it is, and it is what it is.", "short text")) {
            assertEquals(ordinary, TextSanitizer.collapseLoops(ordinary));
        }
    }
}
