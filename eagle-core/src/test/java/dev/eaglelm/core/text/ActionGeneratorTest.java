package dev.eaglelm.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.llm.LanguageModelException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ActionGeneratorTest {

    static LanguageModel answering(Function<String, String> byCategory) {
        return new LanguageModel() {
            @Override
            public String id() {
                return "scripted:writer";
            }

            @Override
            public Completion complete(CompletionRequest r) {
                String user = r.messages().get(r.messages().size() - 1).content();
                String answer = byCategory.apply(UntrustedText.extract("category", user).orElseThrow());
                if (answer == null) {
                    throw new LanguageModelException("scripted:writer: down", null);
                }
                return new Completion(answer, Completion.FinishReason.STOP, TokenUsage.NONE, Duration.ZERO, id());
            }
        };
    }

    @Test
    void dropsAreCountedAndReported() {
        String junkyList = """
                Here are the edits:
                1. Add a lighthouse keeper with a secret.
                2. add a LIGHTHOUSE keeper, with a secret!
                3. Shorten the runtime to make the film more accessible to a wider audience.
                4. Ok.
                5. %s
                6. Give the mayor a twin brother.
                7. Set the finale during a solar eclipse.
                8. Make the town's bakery the centre of the story.
                """.formatted("Make it longer ".repeat(20));
        ActionGenerator g = ActionGenerator.builder().model(answering(c -> junkyList))
                .categories(List.of(EditCategory.PLOT)).genericPerCategory(3).personalisedPerCategory(0)
                .maxActionChars(120).build();
        GeneratedActions out = g.generate(TextState.start("A quiet town by the sea.", ""));
        assertEquals(List.of("Add a lighthouse keeper with a secret.", "Give the mayor a twin brother.",
                "Set the finale during a solar eclipse."), out.actions().stream().map(Action::text).toList());
        assertEquals(List.of("g-plot-01", "g-plot-02", "g-plot-03"), out.actions().stream().map(Action::id).toList());
        assertTrue(out.actions().stream().allMatch(a -> a.origin().equals("generic/scripted:writer")
                && a.category().equals("plot changes")));
        GenerationReport r = out.report();
        assertEquals(3, r.requested());
        assertEquals(8, r.parsed());
        assertEquals(1, r.duplicates());
        assertEquals(1, r.echoes(), "the prompt's own example is not an action");
        assertEquals(1, r.empty());
        assertEquals(1, r.tooLong());
        assertEquals(1, r.surplus());
        assertEquals(1, r.junk());
        assertEquals(3, r.kept());
        assertEquals(5, r.dropped().size());
        assertTrue(r.summary().contains("dropped 1 duplicates, 1 empty, 1 too long, 1 echoes of the prompt, 1 surplus"),
                r.summary());
    }

    @Test
    void oneFailedCallLosesOnlyItsCategoryAndAllFailedIsAnError() {
        ActionGenerator g = ActionGenerator.builder()
                .model(answering(c -> c.startsWith("plot") ? null : "1. Make the " + c.split(" ")[0]
                        + " darker and stranger."))
                .genericPerCategory(1).personalisedPerCategory(1).build();
        GeneratedActions out = g.generate(TextState.start("A quiet town by the sea.", "Likes horror."));
        assertEquals(4, out.actions().size(), "4 categories; the personalised answers repeat the generic ones");
        assertEquals(4, out.report().duplicates(), "deduplicated across generic and personalised");
        assertEquals(2, out.report().failedCalls());
        assertTrue(out.actions().stream().noneMatch(a -> a.category().equals("plot changes")));
        ActionGenerator dead = ActionGenerator.builder().model(answering(c -> null)).build();
        LanguageModelException e = assertThrows(LanguageModelException.class,
                () -> dead.generate(TextState.start("A quiet town.", "")));
        assertTrue(e.getMessage().contains("scripted:writer produced no action") && e.getMessage().contains("down"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActionGenerator.builder().build());
    }
}
