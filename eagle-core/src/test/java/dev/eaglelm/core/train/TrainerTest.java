package dev.eaglelm.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.agent.GreedyAgent;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.eval.CountingLanguageModel;
import dev.eaglelm.core.eval.UsageMeter;
import dev.eaglelm.core.policy.EagleAgent;
import dev.eaglelm.core.policy.ReferencePolicies;
import dev.eaglelm.core.search.ExhaustiveSearch;
import dev.eaglelm.core.select.ActionSetEnvironment;
import dev.eaglelm.core.select.RandomActionSetSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainerTest {

    static Trainer<State, Move> trainer(Environment<State, Move> env, LinearEmbeddingEnvironment view,
            TrainerConfig config) {
        return Trainer.<State, Move>builder().environment(env).embeddings(view).config(config).build();
    }

    static double meanOverAnchors(LinearEmbeddingEnvironment env, Agent<State, Move> agent) {
        double sum = 0;
        for (State s : env.anchors()) {
            sum += env.expectedReturn(s, agent);
        }
        return sum / env.anchors().size();
    }

    /**
     * The acceptance test: with the default configuration (300 iterations of 64 episodes), the trained agent,
     * decoded greedily, reaches at least 95% of the exact optimal return over the anchors (the best of every
     * action sequence, by enumeration), while the uniform policy stays far below and one-step greedy lookahead
     * falls short. Returns are exact expectations over the anchor pool (no sampling noise).
     */
    @ParameterizedTest(name = "d={0}, K={1}, H={2}, {3} anchors, seed {4}")
    @CsvSource({"6, 4, 3, 4, 3", "4, 3, 4, 4, 5", "8, 3, 4, 4, 6"})
    void trainedAgentReachesNinetyFivePercentOfTheExactOptimum(int d, int k, int h, int anchors, long seed) {
        LinearEmbeddingEnvironment env = Synthetic.anchors(d, k, h, anchors, seed);
        double optimal = 0;
        for (State s : env.anchors()) {
            optimal += env.optimalPlan(s).value();
        }
        optimal /= anchors;
        double uniform = meanOverAnchors(env, new UniformAgent<>());
        double greedy = meanOverAnchors(env, new GreedyAgent<>(env));
        TrainingResult<State, Move> r = trainer(env, env, TrainerConfig.builder().seed(seed).parallelism(2).build())
                .train();
        double trained = meanOverAnchors(env, r.agent().greedy());
        double sampled = meanOverAnchors(env, r.agent());
        String numbers = String.format("optimal %.4f, trained (greedy decoding) %.4f, trained (sampled) %.4f,"
                + " greedy lookahead %.4f, uniform %.4f", optimal, trained, sampled, greedy, uniform);
        assertTrue(trained >= 0.95 * optimal, numbers);
        assertTrue(trained <= optimal + 1e-12, numbers);
        assertTrue(uniform <= 0.25 * optimal, numbers);
        assertTrue(trained > greedy, numbers);
        assertEquals(300, r.iterations());
        assertEquals(300L * 64, r.episodes());
    }

    static double expectedKlToReference(LinearEmbeddingEnvironment env, EagleAgent<State, Move> agent,
            Agent<State, Move> reference) {
        double sum = 0;
        for (State s : env.anchors()) {
            sum += ExhaustiveSearch.expectedStateSum(env, s, agent, (x, actions) ->
                    agent.distribution(x, actions).klDivergence(reference.distribution(x, actions)));
        }
        return sum / env.anchors().size();
    }

    @Test
    void largeKlCoefficientKeepsThePolicyCloseToTheReference() {
        LinearEmbeddingEnvironment env = Synthetic.anchors(4, 4, 3, 4, 2);
        Agent<State, Move> reference = ReferencePolicies.optimistic(env, env.utility(), 0.2);
        double[] klByAlpha = new double[2];
        double[] alphas = {20.0, 0.002};
        for (int i = 0; i < 2; i++) {
            TrainerConfig c = TrainerConfig.builder().iterations(40).episodesPerIteration(32).klCoef(alphas[i])
                    .policyLearningRate(0.01).seed(4).parallelism(2).build();
            TrainingResult<State, Move> r = Trainer.<State, Move>builder().environment(env).embeddings(env)
                    .reference(reference).config(c).build().train();
            klByAlpha[i] = expectedKlToReference(env, r.agent(), reference);
            // the trainer's own exact-KL metric agrees in scale with the exact expectation
            assertTrue(Math.abs(r.last().kl() - klByAlpha[i]) < 0.5 * klByAlpha[i] + 0.01,
                    "metric " + r.last().kl() + " vs exact " + klByAlpha[i]);
        }
        String numbers = "expected KL per episode: alpha=20 -> " + klByAlpha[0] + ", alpha=0.002 -> " + klByAlpha[1];
        assertTrue(klByAlpha[0] < 0.05, numbers);
        assertTrue(klByAlpha[1] > 50 * klByAlpha[0], numbers);
    }

    @Test
    void sameSeedSameParametersWhateverTheParallelism() {
        LinearEmbeddingEnvironment env = Synthetic.anchors(3, 4, 3, 3, 11);
        TrainerConfig base = TrainerConfig.builder().iterations(12).seed(99).build();
        double[] p1 = trainer(env, env, base.toBuilder().parallelism(1).build()).train().agent().model()
                .policyParameters();
        double[] p4 = trainer(env, env, base.toBuilder().parallelism(4).build()).train().agent().model()
                .policyParameters();
        double[] other = trainer(env, env, base.toBuilder().seed(100).build()).train().agent().model()
                .policyParameters();
        assertTrue(java.util.Arrays.equals(p1, p4), "parallelism changed the parameters");
        assertFalse(java.util.Arrays.equals(p1, other), "the seed did not matter");
    }

    @Test
    void metricsAreWrittenAsJsonLinesWithTheConventionalNames(@TempDir Path dir) throws Exception {
        LinearEmbeddingEnvironment base = Synthetic.anchors(3, 5, 3, 4, 1);
        ActionSetEnvironment<State, Move> env = ActionSetEnvironment.<State, Move>builder().environment(base)
                .embeddings(base).selector(new RandomActionSetSelector()).keep(3).seed(5).build();
        Path file = dir.resolve("metrics.jsonl");
        List<IterationMetrics> seen = new ArrayList<>();
        TrainingResult<State, Move> r = Trainer.<State, Move>builder().environment(env).embeddings(env)
                .config(TrainerConfig.builder().iterations(5).episodesPerIteration(16).seed(1).build())
                .usageMeter(UsageMeter.ofCache(env::cacheStats))
                .listener(new JsonLinesMetricsListener(file))
                .listener(new TrainingListener() {
                    @Override
                    public void onIteration(IterationMetrics m) {
                        seen.add(m);
                    }
                })
                .build().train();
        List<String> lines = Files.readAllLines(file);
        assertEquals(5, lines.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            Map<?, ?> m = json.readValue(lines.get(i), Map.class);
            for (String key : List.of("return", "utility", "kl", "entropy", "value_loss", "grad_norm", "llm_calls",
                    "tokens", "cache_hit_rate", "episodes_failed")) {
                assertTrue(m.containsKey(key), "missing " + key + " in " + lines.get(i));
            }
            assertEquals(i + 1, ((Number) m.get("iteration")).intValue());
            assertEquals(0, ((Number) m.get("llm_calls")).intValue());
            assertEquals(0, ((Number) m.get("episodes_failed")).intValue());
            assertEquals(16 * 3, ((Number) m.get("env_steps")).intValue());
            double ret = ((Number) m.get("return")).doubleValue();
            assertEquals(ret, ((Number) m.get("utility")).doubleValue(), 1e-12);
            assertEquals(seen.get(i).meanReturn(), ret, 0.0);
            double entropy = ((Number) m.get("entropy")).doubleValue();
            assertTrue(entropy > 0 && entropy <= Math.log(3) + 1e-12, "entropy " + entropy);
            double kl = ((Number) m.get("kl")).doubleValue();
            assertTrue(kl >= 0, "kl " + kl);
            double hit = ((Number) m.get("cache_hit_rate")).doubleValue();
            assertTrue(hit > 0 && hit <= 1, "cache hit rate " + hit);
        }
        // the first iteration's policy is uniform over the 3 kept actions: its KL to the uniform reference is 0
        assertEquals(0.0, seen.get(0).kl(), 1e-12);
        assertEquals(Math.log(3), seen.get(0).entropy(), 1e-12);
        assertEquals(5, r.iterations());
        assertEquals("uniform", r.provenance().components().get("reference"));
        assertEquals("0.05", r.provenance().config().get("eagle.trainer.klCoef"));
    }

    /** An environment that fails in the episodes whose seed is in a chosen residue class. */
    static class Flaky implements Environment<State, Move> {
        final LinearEmbeddingEnvironment env;
        final int modulus;

        Flaky(LinearEmbeddingEnvironment env, int modulus) {
            this.env = env;
            this.modulus = modulus;
        }

        @Override
        public State reset(long seed) {
            if (Math.floorMod(seed, modulus) == 0) {
                throw new IllegalStateException("backend timed out (simulated)");
            }
            return env.reset(seed);
        }

        @Override
        public List<Move> actions(State state) {
            return env.actions(state);
        }

        @Override
        public Transition<State, Move> step(State state, Move action) {
            return env.step(state, action);
        }

        @Override
        public int horizon() {
            return env.horizon();
        }

        @Override
        public double terminalReward(State state) {
            return env.terminalReward(state);
        }
    }

    @Test
    void failedEpisodesAreCountedAndLeftOutUntilThereAreTooMany() {
        LinearEmbeddingEnvironment env = Synthetic.anchors(3, 3, 2, 2, 3);
        TrainingResult<State, Move> r = trainer(new Flaky(env, 8), env,
                TrainerConfig.builder().iterations(4).episodesPerIteration(32).seed(2).build()).train();
        int failed = r.history().stream().mapToInt(IterationMetrics::episodesFailed).sum();
        assertTrue(failed > 0 && failed < 4 * 32 / 4, "failed " + failed);
        assertEquals(4L * 32 - failed, r.episodes());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer(new Flaky(env, 1), env,
                TrainerConfig.builder().iterations(2).seed(2).build()).train());
        assertTrue(e.getMessage().contains("64 of 64 episodes failed"), e.getMessage());
        assertTrue(e.getMessage().contains("simulated"), e.getMessage());
    }

    @Test
    void aReferenceWithoutFullSupportIsRejectedWhenTheKlCounts() {
        LinearEmbeddingEnvironment env = Synthetic.anchors(3, 3, 2, 2, 3);
        Agent<State, Move> hard = ReferencePolicies.optimistic(env, env.utility(), 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trainer.<State, Move>builder()
                .environment(env).embeddings(env).reference(hard)
                .config(TrainerConfig.builder().iterations(1).build()).build().train());
        assertTrue(e.getMessage().contains("is infinite") && e.getMessage().contains("smooth"), e.getMessage());
        // without the penalty the KL is only reported, as undefined
        TrainingResult<State, Move> r = Trainer.<State, Move>builder().environment(env).embeddings(env)
                .reference(hard).config(TrainerConfig.builder().iterations(1).klCoef(0).build()).build().train();
        assertTrue(Double.isNaN(r.last().kl()));
        assertNull(r.last().toMap().get("kl"));
        // smoothing restores the support
        Trainer.<State, Move>builder().environment(env).embeddings(env)
                .reference(ReferencePolicies.smoothed(hard, 0.1))
                .config(TrainerConfig.builder().iterations(1).build()).build().train();
    }

    /** A stand-in LLM for plumbing tests: it returns a fixed text and usage; its output is never shown. */
    static final class FixedLlm implements LanguageModel {
        @Override
        public String id() {
            return "test-double:fixed";
        }

        @Override
        public Completion complete(CompletionRequest request) {
            return new Completion("ok", Completion.FinishReason.STOP, new TokenUsage(7, 3), Duration.ZERO, id());
        }
    }

    @Test
    void llmCallsAndTokensComeFromTheUsageMeter() {
        LinearEmbeddingEnvironment env = Synthetic.anchors(3, 3, 2, 2, 3);
        CountingLanguageModel llm = new CountingLanguageModel(new FixedLlm());
        Environment<State, Move> calling = new Flaky(env, Integer.MAX_VALUE) {
            @Override
            public Transition<State, Move> step(State state, Move action) {
                llm.complete(CompletionRequest.builder().user("apply").build());
                return super.step(state, action);
            }
        };
        TrainingResult<State, Move> r = Trainer.<State, Move>builder().environment(calling).embeddings(env)
                .usageMeter(llm).config(TrainerConfig.builder().iterations(2).episodesPerIteration(8).build())
                .build().train();
        assertEquals(16, r.last().llmCalls());
        assertEquals(160, r.last().tokens());
    }

    @Test
    void configValidationNamesTheKeysAndPropertiesRoundTrip() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder()
                .iterations(0).gamma(1.5).klCoef(-1).temperature(0).build());
        for (String key : List.of("eagle.trainer.iterations", "eagle.trainer.gamma", "eagle.trainer.klCoef",
                "eagle.trainer.temperature")) {
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        TrainerConfig c = TrainerConfig.builder().seed(7).klCoef(0.2).klCoefFinal(0.02).minibatchEpisodes(8)
                .normalizeAdvantages(true).maxGradNorm(Double.POSITIVE_INFINITY).build();
        Properties p = c.toProperties();
        assertEquals("0.2", p.getProperty("eagle.trainer.klCoef"));
        assertEquals(c, TrainerConfig.fromProperties(p));
        assertEquals(c, c.toBuilder().build());
        Properties bad = new Properties();
        bad.setProperty("eagle.trainer.klCoeff", "0.1");
        e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.fromProperties(bad));
        assertTrue(e.getMessage().contains("unknown key 'eagle.trainer.klCoeff'"), e.getMessage());
        bad.clear();
        bad.setProperty("eagle.trainer.gamma", "high");
        e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.fromProperties(bad));
        assertTrue(e.getMessage().contains("eagle.trainer.gamma: not a number: 'high'"), e.getMessage());
        // the KL schedule: geometric from 0.2 to 0.02 over 300 iterations
        assertEquals(0.2, c.klCoefAt(1), 1e-15);
        assertEquals(0.02, c.klCoefAt(300), 1e-15);
        assertEquals(Math.sqrt(0.2 * 0.02), c.klCoefAt(150) * Math.pow(10, 1.0 / 299 / 2), 1e-3);
        assertFalse(c.fingerprint().contains("parallelism"));
        assertTrue(c.fingerprint().contains("iterations"), "an annealed run's schedule depends on its length");
        assertFalse(TrainerConfig.defaults().fingerprint().contains("iterations"));
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.<State, Move>builder().build());
        assertTrue(e.getMessage().contains("environment is not set") && e.getMessage().contains("embeddings"),
                e.getMessage());
    }

    @Test
    void klMonitorWarnsAfterAWindowOfNegativeEstimatesOnly() {
        KlMonitor m = new KlMonitor(3, new double[0]);
        assertFalse(m.add(-0.1));
        assertFalse(m.add(-0.2));
        assertFalse(m.add(0.05)); // a non-negative value resets the run
        assertFalse(m.add(-0.1));
        assertFalse(m.add(-0.1));
        assertTrue(m.add(-0.1));
        assertFalse(m.add(-0.1)); // a new window starts after a warning
        assertArrayEquals(new double[] {-0.1}, m.state());
        KlMonitor restored = new KlMonitor(3, new double[] {-1, -1});
        assertTrue(restored.add(-1));
    }

    @Test
    void anAgentFromTheResultIsAnExactPolicyOverTheActionSet() {
        LinearEmbeddingEnvironment env = Synthetic.anchors(3, 4, 2, 2, 8);
        EagleAgent<State, Move> agent = trainer(env, env, TrainerConfig.builder().iterations(3).build()).train()
                .agent();
        State s = env.anchors().get(0);
        ActionDistribution p = agent.distribution(s, env.actions(s));
        assertEquals(4, p.size());
        double sum = 0;
        for (double v : p.probabilities()) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(1.0, agent.withTemperature(1).temperature());
    }
}
