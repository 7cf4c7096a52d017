package dev.eaglelm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void mixIsDeterministicAndSeparatesNeighbours() {
        assertEquals(Seeds.mix(1, 2), Seeds.mix(1, 2));
        Set<Long> seen = new HashSet<>();
        for (long s = 0; s < 100; s++) {
            for (long salt = 0; salt < 100; salt++) {
                seen.add(Seeds.mix(s, salt));
            }
        }
        assertEquals(10_000, seen.size(), "mix collided on a 100 x 100 grid");
        assertNotEquals(Seeds.mix(1, 2), Seeds.mix(2, 1));
    }

    @Test
    void deriveDependsOnTheLabel() {
        assertEquals(Seeds.derive(7, "agent"), Seeds.derive(7, "agent"));
        assertNotEquals(Seeds.derive(7, "agent"), Seeds.derive(7, "actions"));
        assertNotEquals(Seeds.derive(7, "agent"), Seeds.derive(8, "agent"));
    }

    @Test
    void mixedBitsAreBalanced() {
        // each output bit should be set about half the time over consecutive inputs
        int n = 20_000;
        int[] ones = new int[64];
        for (int i = 0; i < n; i++) {
            long v = Seeds.mix(42, i);
            for (int b = 0; b < 64; b++) {
                ones[b] += (int) ((v >>> b) & 1L);
            }
        }
        for (int b = 0; b < 64; b++) {
            assertEquals(n / 2.0, ones[b], 5 * Math.sqrt(n / 4.0), "bit " + b);
        }
    }
}
