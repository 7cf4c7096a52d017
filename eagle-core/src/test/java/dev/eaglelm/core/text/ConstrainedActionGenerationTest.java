package dev.eaglelm.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConstrainedActionGenerationTest {

    /** A grammar-capable scripted writer: each call returns the next scripted answer. */
    static final class Scripted implements LanguageModel {
        final List<String> answers;
        final List<CompletionRequest> requests = Collections.synchronizedList(new ArrayList<>());
        final boolean grammar;

        Scripted(boolean grammar, String... answers) {
            this.grammar = grammar;
            this.answers = List.of(answers);
        }

        @Override
        public String id() {
            return "scripted:lines";
        }

        @Override
        public boolean supportsGrammar() {
            return grammar;
        }

        @Override
        public Completion complete(CompletionRequest r) {
            int i;
            synchronized (requests) {
                i = requests.size();
                requests.add(r);
            }
            String a = answers.get(Math.min(i, answers.size() - 1));
            return new Completion(a, Completion.FinishReason.STOP, TokenUsage.NONE, Duration.ZERO, id());
        }
    }

    static final TextState STATE = TextState.start("A retired wizard has lost his magic in a winter city.", "");

    @Test
    void repeatedSeededCallsUntilTheQuotaWithDedupeAndExampleEchoesDropped() {
        Scripted llm = new Scripted(true,
                "- Make the wizard a baker\n- Make the wizard a baker\n- Add a talking cat to the story\n",
                "- make the wizard a baker\n- Make the lighthouse keeper a chess coach\n- Set the story in summer\n",
                "- Give the girl a secret twin\n- Turn the city into a floating island\n- Add a storm at the end\n");
        ActionGenerator g = ActionGenerator.builder().model(llm).categories(List.of(EditCategory.PLOT))
                .genericPerCategory(5).personalisedPerCategory(0).callsPerCategory(4).concurrency(1).build();
        assertTrue(g.constrained(), "auto mode uses the grammar when the model supports it");
        GeneratedActions out = g.generate(STATE);
        assertEquals(List.of("Make the wizard a baker.", "Add a talking cat to the story.", "Set the story in summer.",
                "Give the girl a secret twin.", "Turn the city into a floating island."),
                out.actions().stream().map(Action::text).toList());
        assertEquals(List.of("g-plot-01", "g-plot-02", "g-plot-03", "g-plot-04", "g-plot-05"),
                out.actions().stream().map(Action::id).toList());
        GenerationReport r = out.report();
        assertEquals(3, r.calls(), "stops when the quota is met");
        assertEquals(9, r.parsed());
        assertEquals(5, r.kept());
        assertEquals(2, r.duplicates());
        assertEquals(1, r.echoes(), "the line reusing the example's words");
        assertEquals(1, r.surplus());
        assertEquals(List.of("actions-lines-generic/v1"), r.prompts());
        Set<Long> seeds = new HashSet<>();
        for (CompletionRequest q : llm.requests) {
            assertTrue(q.grammar().isPresent(), "every call is constrained");
            assertTrue(q.grammar().get().startsWith("root ::= line"), q.grammar().get());
            seeds.add(q.seed().orElseThrow());
        }
        assertEquals(3, seeds.size(), "each call has its own seed");
        // the number of lines asked for shrinks with what is still missing (at least 3)
        assertTrue(llm.requests.get(0).messages().get(1).content().contains("Suggest 5 different changes"));
        assertTrue(llm.requests.get(2).messages().get(1).content().contains("Suggest 3 different changes"));

        Scripted again = new Scripted(true, llm.answers.toArray(String[]::new));
        GeneratedActions twice = ActionGenerator.builder().model(again).categories(List.of(EditCategory.PLOT))
                .genericPerCategory(5).personalisedPerCategory(0).callsPerCategory(4).concurrency(1).build()
                .generate(STATE);
        assertEquals(llm.requests, again.requests, "same seed, same requests");
        assertEquals(out, twice);
    }

    @Test
    void theCallBudgetPerCategoryBoundsTheCallsWhenTheModelRepeatsItself() {
        Scripted llm = new Scripted(true, "- Make the wizard a baker\n- Add a talking cat to the story\n");
        ActionGenerator g = ActionGenerator.builder().model(llm).categories(EditCategory.MOVIELENS.subList(0, 2))
                .genericPerCategory(10).personalisedPerCategory(0).callsPerCategory(3).build();
        GeneratedActions out = g.generate(STATE);
        assertEquals(6, out.report().calls(), "3 calls for each of 2 categories");
        assertEquals(2, out.report().kept(), "duplicates across categories are dropped too");
        assertEquals(10, out.report().duplicates());
    }

    @Test
    void modelsWithoutGrammarsGetOneFreeFormCallPerCategory() {
        Scripted llm = new Scripted(false, "1. Make the wizard a baker.\n2. Add a talking cat to the story.\n");
        ActionGenerator g = ActionGenerator.builder().model(llm).categories(List.of(EditCategory.PLOT))
                .genericPerCategory(5).personalisedPerCategory(0).build();
        assertFalse(g.constrained());
        GeneratedActions out = g.generate(STATE);
        assertEquals(1, out.report().calls());
        assertTrue(llm.requests.get(0).grammar().isEmpty());
        assertEquals(List.of("actions-generic/v1"), out.report().prompts());
    }

    @Test
    void theGrammarHasTheRequestedNumberOfLines() {
        String g = ImperativeLinesGrammar.gbnf(3);
        assertTrue(g.startsWith("root ::= line line line\n"), g);
        assertTrue(g.contains("\"Make\" | \"Set\""), g);
    }
}
