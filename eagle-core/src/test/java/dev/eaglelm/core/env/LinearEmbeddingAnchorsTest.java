package dev.eaglelm.core.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import dev.eaglelm.core.utility.GaussianUtility;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearEmbeddingAnchorsTest {

    static LinearEmbeddingEnvironment.Builder builder() {
        return LinearEmbeddingEnvironment.builder().dimension(3).actionsPerState(4).horizon(3)
                .utility(new GaussianUtility(new double[] {1, 1, 1}, 1.0)).seed(17);
    }

    @Test
    void resetDrawsUniformlyFromAFixedAnchorPool() {
        LinearEmbeddingEnvironment env = builder().anchors(4).build();
        List<State> anchors = env.anchors();
        assertEquals(4, anchors.size());
        assertEquals(anchors, builder().anchors(4).build().anchors(), "anchors are a function of the seed");
        assertNotEquals(anchors, builder().seed(18).anchors(4).build().anchors());
        Map<State, Integer> counts = new HashMap<>();
        for (long seed = 0; seed < 400; seed++) {
            State s = env.reset(seed);
            assertTrue(anchors.contains(s), "reset left the pool");
            counts.merge(s, 1, Integer::sum);
        }
        assertEquals(4, counts.size());
        for (int c : counts.values()) {
            assertTrue(c > 60 && c < 140, "anchor drawn " + c + " times of 400");
        }
        // an anchor's action tree is fixed: the same actions every time it is drawn
        State a = anchors.get(2);
        assertEquals(env.actions(a), env.actions(env.reset(seedOf(env, a))));
        assertThrows(IllegalArgumentException.class, () -> builder().anchors(-1).build());
    }

    static long seedOf(LinearEmbeddingEnvironment env, State anchor) {
        for (long s = 0;; s++) {
            if (env.reset(s).equals(anchor)) {
                return s;
            }
        }
    }

    @Test
    void withoutAnchorsEveryResetIsFreshAsBefore() {
        LinearEmbeddingEnvironment plain = builder().build();
        LinearEmbeddingEnvironment zero = builder().anchors(0).build();
        assertTrue(plain.anchors().isEmpty());
        for (long seed = 0; seed < 20; seed++) {
            assertEquals(plain.reset(seed), zero.reset(seed));
            assertNotEquals(plain.reset(seed), plain.reset(seed + 1));
        }
    }

    @Test
    void theEnvironmentIsItsOwnEmbeddingView() {
        LinearEmbeddingEnvironment env = builder().build();
        State s = env.reset(3);
        List<Move> moves = env.actions(s);
        EmbeddedState e = env.embed(s, moves);
        assertArrayEquals(s.z(), e.state(), 0.0);
        assertEquals(3, e.stepsLeft());
        for (int i = 0; i < moves.size(); i++) {
            assertArrayEquals(moves.get(i).delta(), e.actions()[i], 0.0);
            assertArrayEquals(env.step(s, moves.get(i)).next().z(), e.nextStates()[i], 0.0);
        }
        assertArrayEquals(env.nextStateEmbeddings(s, moves).toDoubleMatrix(), e.nextStates());
        State next = env.step(s, moves.get(0)).next();
        assertEquals(2, env.embed(next, env.actions(next)).stepsLeft());
        assertThrows(IllegalArgumentException.class, () -> env.embed(next, moves));
        assertEquals(3, env.stateDimension());
        assertEquals(3, env.actionDimension());
        assertTrue(env.providesNextStates());
    }
}
