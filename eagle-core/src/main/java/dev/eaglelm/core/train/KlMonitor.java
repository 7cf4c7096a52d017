package dev.eaglelm.core.train;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Watches the sampled KL estimate and reports when it has been negative for a whole window of iterations
 * in a row. The exact KL is never negative, and the estimate's expectation is the exact KL, so a
 * sustained negative estimate means the sampled actions do not come from the policy the KL is computed for
 * (TRL warns for the same reason, huggingface/trl#239).
 */
final class KlMonitor {

    private final int window;
    private final Deque<Double> recent = new ArrayDeque<>();

    KlMonitor(int window, double[] restored) {
        this.window = window;
        for (double v : restored) {
            recent.addLast(v);
        }
    }

    /** Adds an iteration's mean sampled KL; returns true when a warning is due (and starts a new window). */
    boolean add(double sampledKl) {
        if (!Double.isFinite(sampledKl)) {
            return false;
        }
        if (sampledKl >= 0) {
            recent.clear();
            return false;
        }
        recent.addLast(sampledKl);
        if (recent.size() >= window) {
            recent.clear();
            return true;
        }
        return false;
    }

    double[] state() {
        return recent.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
