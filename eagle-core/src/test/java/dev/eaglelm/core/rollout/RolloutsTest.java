package dev.eaglelm.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Episode;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.agent.GreedyAgent;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.stats.MeanEstimate;
import dev.eaglelm.core.utility.GaussianUtility;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutsTest {

    static LinearEmbeddingEnvironment env() {
        return LinearEmbeddingEnvironment.builder().dimension(3).actionsPerState(4).horizon(3)
                .utility(new GaussianUtility(new double[] {1, 0, 0}, 1.0)).seed(17).build();
    }

    @Test
    void episodeRunsToTheHorizonAndIsRewardedOnlyAtTheEnd() {
        LinearEmbeddingEnvironment env = env();
        Episode<State, Move> e = Rollouts.run(env, new UniformAgent<>(), 5);
        assertEquals(3, e.transitions().size());
        assertEquals(0.0, e.transitions().get(0).reward());
        assertEquals(0.0, e.transitions().get(1).reward());
        assertTrue(e.transitions().get(2).terminal());
        assertEquals(env.terminalReward(e.finalState()), e.totalReturn(), 0.0);
        assertEquals("uniform", e.agent());
    }

    @Test
    void sameSeedSameEpisode() {
        LinearEmbeddingEnvironment env = env();
        Episode<State, Move> a = Rollouts.run(env, new UniformAgent<>(), 123);
        Episode<State, Move> b = Rollouts.run(env, new UniformAgent<>(), 123);
        assertEquals(a, b);
    }

    @Test
    void agentsShareStartStatesUnderTheSameBaseSeed() {
        LinearEmbeddingEnvironment env = env();
        List<Episode<State, Move>> u = Rollouts.runMany(env, new UniformAgent<>(), 10, 9, ProgressListener.NONE);
        List<Episode<State, Move>> g = Rollouts.runMany(env, new GreedyAgent<>(env), 10, 9, ProgressListener.NONE);
        for (int i = 0; i < 10; i++) {
            assertEquals(u.get(i).start(), g.get(i).start());
        }
    }

    @Test
    void meanReturnMatchesTheAverageExactExpectationAndReportsProgress() {
        LinearEmbeddingEnvironment env = env();
        List<String> events = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void started(String task, long total, String unit) {
                events.add("start " + total);
            }

            @Override
            public void advanced(String task, long done, long total) {
                events.add("adv " + done);
            }

            @Override
            public void finished(String task, long done) {
                events.add("end " + done);
            }
        };
        int n = 400;
        UniformAgent<State, Move> agent = new UniformAgent<>();
        MeanEstimate m = Rollouts.meanReturn(env, agent, n, 31, listener);
        assertEquals("start " + n, events.get(0));
        assertEquals("adv " + n, events.get(n));
        assertEquals("end " + n, events.get(n + 1));
        double exact = 0;
        for (int i = 0; i < n; i++) {
            exact += env.expectedReturn(env.reset(Rollouts.episodeSeed(31, i)), agent);
        }
        exact /= n;
        // the start states are shared, so only the action sampling adds noise; 4 standard errors
        assertEquals(exact, m.mean(), 4 * m.standardDeviation() / Math.sqrt(n));
    }
}
