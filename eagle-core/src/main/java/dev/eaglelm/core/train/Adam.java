package dev.eaglelm.core.train;

import java.util.Objects;

/**
 * The Adam optimiser (Kingma &amp; Ba 2015) over a flat parameter vector, with bias correction. Its state
 * (first and second moments, step count) is part of a checkpoint, so that a resumed run continues
 * bit-identically.
 */
public final class Adam {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[] m;
    private final double[] v;
    private long steps;

    /**
     * Creates an optimiser with zero moments.
     *
     * @param size the number of parameters
     * @param learningRate the step size, &gt; 0
     * @param beta1 &beta;<sub>1</sub> in [0, 1)
     * @param beta2 &beta;<sub>2</sub> in [0, 1)
     * @param epsilon &epsilon; &gt; 0
     */
    public Adam(int size, double learningRate, double beta1, double beta2, double epsilon) {
        this(learningRate, beta1, beta2, epsilon, new double[size], new double[size], 0);
    }

    /**
     * Restores an optimiser.
     *
     * @param learningRate the step size, &gt; 0
     * @param beta1 &beta;<sub>1</sub> in [0, 1)
     * @param beta2 &beta;<sub>2</sub> in [0, 1)
     * @param epsilon &epsilon; &gt; 0
     * @param m the first moments (copied)
     * @param v the second moments (copied), of the same length
     * @param steps the number of steps taken, &ge; 0
     * @throws IllegalArgumentException if a value is out of range or the lengths differ
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, double[] m, double[] v, long steps) {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("adam: invalid hyper-parameters lr=" + learningRate + ", beta1="
                    + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon);
        }
        Objects.requireNonNull(m, "m");
        Objects.requireNonNull(v, "v");
        if (m.length != v.length || steps < 0) {
            throw new IllegalArgumentException("adam: moments of lengths " + m.length + " and " + v.length
                    + ", steps " + steps);
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = m.clone();
        this.v = v.clone();
        this.steps = steps;
    }

    /**
     * Takes one step downhill: {@code params -= lr * mHat / (sqrt(vHat) + eps)}.
     *
     * @param params the parameters, updated in place
     * @param gradient the gradient of the loss to minimise, of the same length
     */
    public void step(double[] params, double[] gradient) {
        if (params.length != m.length || gradient.length != m.length) {
            throw new IllegalArgumentException("adam: " + params.length + " parameters and " + gradient.length
                    + " gradients for an optimiser of size " + m.length);
        }
        steps++;
        double c1 = 1 - StrictMath.pow(beta1, steps);
        double c2 = 1 - StrictMath.pow(beta2, steps);
        for (int i = 0; i < params.length; i++) {
            double g = gradient[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            params[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
        }
    }

    /**
     * Returns the first moments.
     *
     * @return a copy
     */
    public double[] firstMoments() {
        return m.clone();
    }

    /**
     * Returns the second moments.
     *
     * @return a copy
     */
    public double[] secondMoments() {
        return v.clone();
    }

    /**
     * Returns the number of steps taken.
     *
     * @return the step count
     */
    public long steps() {
        return steps;
    }
}
