package dev.eaglelm.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmbeddedStateTest {

    @Test
    void holdsCopiesAndSubsets() {
        double[] z = {1, 2};
        double[][] next = {{1, 3}, {2, 2}, {0, 0}};
        EmbeddedState e = new EmbeddedState(z, null, next, 2);
        z[0] = 99;
        next[0][0] = 99;
        assertArrayEquals(new double[] {1, 2}, e.state());
        assertEquals(1, e.nextStates()[0][0]);
        e.nextStates()[1][1] = 42;
        assertEquals(2, e.nextStates()[1][1]);
        assertEquals(3, e.size());
        assertFalse(e.hasActions());
        assertNull(e.actions());
        assertEquals(0, e.actionDimension());
        EmbeddedState sub = e.subset(new int[] {2, 0});
        assertArrayEquals(new double[][] {{0, 0}, {1, 3}}, sub.nextStates());
        assertEquals(2, sub.stepsLeft());
    }

    @Test
    void invalidInputIsNamed() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> new EmbeddedState(new double[] {1}, null, null, 1));
        assertTrue(x.getMessage().contains("neither"), x.getMessage());
        x = assertThrows(IllegalArgumentException.class,
                () -> new EmbeddedState(new double[] {1, 2}, null, new double[][] {{1, 2}, {1, Double.NaN}}, 1));
        assertTrue(x.getMessage().contains("row 1, column 1"), x.getMessage());
        x = assertThrows(IllegalArgumentException.class,
                () -> new EmbeddedState(new double[] {1, 2}, null, new double[][] {{1, 2, 3}}, 1));
        assertTrue(x.getMessage().contains("row 0 has 3 columns, expected 2"), x.getMessage());
        x = assertThrows(IllegalArgumentException.class, () -> new EmbeddedState(new double[] {1},
                new double[][] {{1}, {2}}, new double[][] {{1}}, 1));
        assertTrue(x.getMessage().contains("2 action embeddings but 1 next-state"), x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedState(new double[] {1}, new double[][] {{1}},
                null, -1));
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedState(new double[] {1}, new double[][] {{1}},
                null, 1).subset(new int[] {1}));
    }
}
