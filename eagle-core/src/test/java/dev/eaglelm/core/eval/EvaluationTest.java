package dev.eaglelm.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.agent.GreedyAgent;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.search.BeamSearch;
import dev.eaglelm.core.search.ExhaustiveSearch;
import dev.eaglelm.core.utility.GaussianUtility;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    static LinearEmbeddingEnvironment.Builder base() {
        return LinearEmbeddingEnvironment.builder().dimension(3).actionsPerState(4).horizon(3)
                .utility(new GaussianUtility(new double[] {1.2, 1.2, 0}, 1.0)).seed(8);
    }

    /**
     * From one fixed start state the uniform policy's return has a known distribution (27 leaves, computed by
     * enumeration). Over 40 independent evaluations of 60 episodes, the 95% interval must cover the exact mean
     * about 95% of the time (at least 34 of 40: below that happens with probability about 3% for a calibrated
     * interval), and its width must match 1.96 sigma / sqrt(n).
     */
    @Test
    void confidenceIntervalsCoverTheExactMean() {
        // one anchor: every episode starts from the same state, with the same action tree (a fixed start vector
        // alone would not do: each reset gets its own key, hence its own random actions)
        LinearEmbeddingEnvironment env = base().actionsPerState(3).anchors(1).build();
        UniformAgent<State, Move> uniform = new UniformAgent<>();
        State start = env.reset(0);
        double truth = env.expectedReturn(start, uniform);
        ExhaustiveSearch.ReturnDistribution d = ExhaustiveSearch.returnDistribution(env, start, uniform);
        assertEquals(truth, d.mean(), 1e-12);
        int n = 60;
        int covered = 0;
        double width = 0;
        int runs = 40;
        for (int run = 0; run < runs; run++) {
            EvaluationReport r = Evaluation.<State, Move>builder().environment(env).episodes(n).seed(1000 + run)
                    .add(uniform).build().run();
            EvaluationReport.Result u = r.result("uniform");
            covered += u.utility().lower() <= truth && truth <= u.utility().upper() ? 1 : 0;
            width += u.utility().ci95();
        }
        assertTrue(covered >= 34, "covered " + covered + " of " + runs);
        double expectedWidth = 2.0 * Math.sqrt(d.variance() / n);
        assertEquals(expectedWidth, width / runs, 0.15 * expectedWidth);
    }

    @Test
    void costsArePerEpisodeAndBestOfNMatchesTheGreedyBudget() {
        LinearEmbeddingEnvironment env = base().build();
        CountingEnvironment<State, Move> counted = new CountingEnvironment<>(env);
        GreedyAgent<State, Move> greedy = new GreedyAgent<>(counted);
        UniformAgent<State, Move> uniform = new UniformAgent<>();
        EvaluationReport first = Evaluation.<State, Move>builder().environment(counted).episodes(30).seed(5)
                .add(uniform).add(greedy).build().run();
        double greedyCalls = first.result("greedy").environmentCallsPerEpisode();
        assertEquals(3.0, first.result("uniform").environmentCallsPerEpisode(), 0.0);
        assertEquals((4 + 1) * 3.0, greedyCalls, 0.0, "K lookahead steps plus the step taken, H times");
        BestOfN<State, Move> best = BestOfN.forBudget(uniform, greedyCalls, env.horizon());
        assertEquals(5, best.n());
        BeamSearch<State, Move> beam = BeamSearch.<State, Move>builder().width(2).build();
        EvaluationReport r = Evaluation.<State, Move>builder().environment(counted).episodes(30).seed(5)
                .add(uniform).add(greedy).add(best).add(beam).parallelism(3).build().run();
        assertEquals(greedyCalls, r.result(best.name()).environmentCallsPerEpisode(), 0.0);
        assertEquals(4 + 8 + 8, r.result(beam.name()).environmentCallsPerEpisode(), 0.0);
        assertEquals(0.0, r.result(best.name()).llmCallsPerEpisode(), 0.0);
        // common random numbers: results do not depend on parallelism, and the first evaluation is repeated
        assertEquals(first.result("greedy").utility(), r.result("greedy").utility());
        // best-of-5 uniform rollouts clearly beat one uniform rollout on the same start states
        EvaluationReport.PairedDifference diff = r.paired(best.name(), "uniform");
        assertTrue(diff.significant() && diff.difference().mean() > 0, diff.toString());
        Map<String, Object> map = r.toMap("uniform");
        assertTrue(((Map<?, ?>) map.get("paired")).containsKey(best.name() + " - uniform"));
        assertEquals(3, r.pairedAgainst("uniform").size());
    }

    @Test
    void pairedDifferencesUseTheSharedStartStates() {
        LinearEmbeddingEnvironment env = base().build(); // fresh start states: their spread is shared
        GreedyAgent<State, Move> greedy = new GreedyAgent<>(env);
        EvaluationReport r = Evaluation.<State, Move>builder().environment(env).episodes(80).seed(3)
                .add(greedy).add(greedy, "greedy-again").add(new UniformAgent<>()).build().run();
        EvaluationReport.PairedDifference same = r.paired("greedy", "greedy-again");
        assertEquals(0.0, same.difference().mean(), 0.0);
        assertEquals(0.0, same.difference().ci95(), 0.0);
        EvaluationReport.PairedDifference d = r.paired("greedy", "uniform");
        double unpaired = Math.hypot(r.result("greedy").utility().ci95(), r.result("uniform").utility().ci95());
        assertTrue(d.difference().ci95() < unpaired, "paired " + d.difference().ci95() + " vs " + unpaired);
        assertEquals(r.result("greedy").utility().mean() - r.result("uniform").utility().mean(),
                d.difference().mean(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Evaluation.<State, Move>builder()
                .environment(env).episodes(10).add(greedy).add(greedy).build());
        assertTrue(e.getMessage().contains("two strategies named 'greedy'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.result("nope"));
    }

    /** A stand-in backend for the prompt plumbing; its replies are scripted, never presented as LLM output. */
    static final class Scripted implements LanguageModel {
        final String reply;
        final AtomicReference<CompletionRequest> last = new AtomicReference<>();

        Scripted(String reply) {
            this.reply = reply;
        }

        @Override
        public String id() {
            return "test-double:scripted";
        }

        @Override
        public Completion complete(CompletionRequest request) {
            last.set(request);
            return new Completion(reply, Completion.FinishReason.STOP, new TokenUsage(40, 2), Duration.ZERO, id());
        }
    }

    @Test
    void promptedChoiceAgentAsksForANumberAndFallsBackToUniform() {
        LinearEmbeddingEnvironment env = base().build();
        State s = env.reset(1);
        List<Move> actions = env.actions(s);
        Scripted llm = new Scripted("Edit 2 is best.");
        PromptedChoiceAgent<State, Move> agent = new PromptedChoiceAgent<>(llm, "reach the target",
                st -> "state at step " + st.step(), m -> "move " + m.index(), 9);
        ActionDistribution p = agent.distribution(s, actions);
        assertEquals(1.0, p.probability(1));
        String prompt = llm.last.get().messages().get(1).content();
        assertTrue(prompt.contains("Goal: reach the target") && prompt.contains("1. move 0")
                && prompt.contains("4. move 3") && prompt.contains("(1-4)"), prompt);
        assertEquals(0.0, llm.last.get().temperature());
        assertEquals("llm-choice[test-double:scripted]", agent.name());
        assertEquals(0, agent.parseFailures());
        PromptedChoiceAgent<State, Move> confused = new PromptedChoiceAgent<>(new Scripted("I cannot decide"), "g",
                st -> "x", m -> "y", 9);
        assertEquals(ActionDistribution.uniform(4), confused.distribution(s, actions));
        assertEquals(1, confused.parseFailures());
        assertEquals(-1, PromptedChoiceAgent.parse("7", 4));
        assertEquals(3, PromptedChoiceAgent.parse("4.", 4));
        // its LLM calls and tokens are counted when the backend is wrapped
        CountingLanguageModel counting = new CountingLanguageModel(new Scripted("1"));
        PromptedChoiceAgent<State, Move> counted = new PromptedChoiceAgent<>(counting, "g", st -> "x", m -> "y", 1);
        EvaluationReport r = Evaluation.<State, Move>builder().environment(env).episodes(4).add(counted)
                .meter(counting).build().run();
        assertEquals(3.0, r.result(counted.name()).llmCallsPerEpisode(), 0.0);
        assertEquals(3 * 42.0, r.result(counted.name()).tokensPerEpisode(), 0.0);
    }

    @Test
    void builderAndUsageChecks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.<State, Move>builder().episodes(1).build());
        assertTrue(e.getMessage().contains("environment is not set") && e.getMessage().contains("episodes must be >= 2")
                && e.getMessage().contains("no strategy"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Usage(-1, 0, 0, 0, 0));
        Usage a = new Usage(5, 2, 100, 3, 1);
        assertEquals(new Usage(4, 1, 50, 2, 1), a.minus(new Usage(1, 1, 50, 1, 0)));
        assertEquals(0.75, a.cacheHitRate(), 1e-15);
        assertTrue(Double.isNaN(Usage.ZERO.cacheHitRate()));
        assertEquals(new Usage(5, 2, 100, 3, 1), UsageMeter.sum(() -> new Usage(5, 0, 0, 0, 0),
                () -> new Usage(0, 2, 100, 3, 1)).usage());
        assertThrows(IllegalArgumentException.class, () -> new BestOfN<>(new UniformAgent<>(), 0));
        assertEquals(1, BestOfN.forBudget(new UniformAgent<>(), 2, 3).n());
    }
}
