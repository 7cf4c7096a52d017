package dev.eaglelm.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedParallelTest {

    @Test
    void resultsComeInIndexOrderWithAtMostPInFlight() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Integer> out = BoundedParallel.map(24, 3, i -> {
            int now = inFlight.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep((i * 7) % 5); // finish out of order
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return i * i;
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            expected.add(i * i);
        }
        assertEquals(expected, out);
        assertTrue(peak.get() <= 3, "peak " + peak.get());
        assertTrue(peak.get() >= 2, "the tasks should overlap: peak " + peak.get());
    }

    @Test
    void sequentialRunsOnTheCallingThreadAndFailuresPropagate() {
        Thread caller = Thread.currentThread();
        BoundedParallel.map(3, 1, i -> {
            assertEquals(caller, Thread.currentThread());
            return i;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BoundedParallel.map(10, 4, i -> {
            if (i == 6) {
                throw new IllegalStateException("task " + i);
            }
            return i;
        }));
        assertEquals("task 6", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BoundedParallel.map(1, 0, i -> i));
        assertEquals(List.of(), BoundedParallel.map(0, 2, i -> i));
    }
}
