package dev.eaglelm.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MeanEstimateTest {

    @Test
    void handComputedInterval() {
        MeanEstimate m = MeanEstimate.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, m.mean(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3.0), m.standardDeviation(), 1e-15);
        // t(0.975, 3) = 3.182446305284263
        assertEquals(3.182446305284263 * Math.sqrt(5.0 / 3.0) / 2, m.ci95(), 1e-9);
        assertEquals(m.mean() - m.ci95(), m.lower(), 0);
        assertTrue(Double.isNaN(MeanEstimate.of(new double[] {3}).ci95()));
    }

    @Test
    void intervalCoversTheTrueMeanAboutNinetyFivePercentOfTheTime() {
        SplittableRandom rng = new SplittableRandom(2024);
        int reps = 4000;
        int covered = 0;
        for (int r = 0; r < reps; r++) {
            double[] x = new double[8];
            for (int i = 0; i < x.length; i++) {
                x[i] = 10 + 3 * rng.nextGaussian();
            }
            MeanEstimate m = MeanEstimate.of(x);
            if (m.lower() <= 10 && 10 <= m.upper()) {
                covered++;
            }
        }
        double rate = covered / (double) reps;
        assertEquals(0.95, rate, 0.015, "coverage " + rate);
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> MeanEstimate.of(new double[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeanEstimate.of(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("value 1"), e.getMessage());
    }
}
