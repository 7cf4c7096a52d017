package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaglelm.core.ActionDistribution;
import dev.eaglelm.core.ActionSet;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.policy.DesignPolicy;
import dev.eaglelm.core.select.ActionSetEnvironment;
import dev.eaglelm.core.utility.GaussianUtility;
import dev.eaglelm.optdesign.GOptimalActionSetSelector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The G-optimal selector inside the synthetic EAGLE loop: its design weights are a valid reference policy. */
class GOptimalSyntheticTest {

    @BeforeAll
    static void quietProgress() {
        System.setProperty("eagle.progress", "none");
    }

    @Test
    void designWeightsAreAValidReferencePolicyAtEveryReachableState() {
        LinearEmbeddingEnvironment base = LinearEmbeddingEnvironment.builder().dimension(6).actionsPerState(12)
                .horizon(2).utility(new GaussianUtility(new double[6], 1.0)).seed(5).anchors(4).build();
        ActionSetEnvironment<State, Move> reduced = ActionSetEnvironment.<State, Move>builder().environment(base)
                .embeddings(base).selector(new GOptimalActionSetSelector()).keep(4).seed(9).build();
        DesignPolicy<State, Move> ref = new DesignPolicy<>(reduced::actionSet, 0.0, "g-optimal");
        Deque<State> todo = new ArrayDeque<>(base.anchors());
        int checked = 0;
        while (!todo.isEmpty()) {
            State s = todo.pop();
            if (s.step() >= base.horizon()) {
                continue;
            }
            ActionSet<Move> set = reduced.actionSet(s);
            List<Move> kept = reduced.actions(s);
            assertEquals("g-optimal", set.selector());
            assertEquals(4, set.size());
            assertEquals(set.actions(), kept);
            ActionDistribution q = ref.distribution(s, kept);
            double sum = 0;
            for (int i = 0; i < q.size(); i++) {
                assertTrue(q.probability(i) > 0, "kept action " + i + " is in the support of the reference");
                sum += q.probability(i);
            }
            assertEquals(1.0, sum, 1e-12);
            assertEquals(set, reduced.actionSet(s), "cached and deterministic");
            for (Move m : kept) {
                todo.push(reduced.step(s, m).next());
            }
            checked++;
        }
        assertEquals(4 + 4 * 4, checked);
    }

    @Test
    void syntheticRunsWithTheGOptimalSelector() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EagleCli.run(new String[] {"synthetic", "--quick", "--episodes", "640", "--eval-episodes", "20",
            "--keep", "3", "--selector", "g-optimal", "--reference", "design"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("g-optimal", j.get("environment").get("selector").asText());
        assertTrue(j.get("evaluation").get("results").has("reference(g-optimal)"), out.toString());
        double optimal = j.get("optimalReturn").asDouble();
        assertTrue(j.get("referenceReturn").asDouble() <= optimal + 1e-12, out.toString());
    }
}
