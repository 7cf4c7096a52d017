package dev.eaglelm.core;

import java.util.Objects;

/**
 * A state and its action set in embedding space, as an {@link EmbeddingView} returns it: the state
 * embedding, optional action embeddings, optional next-state embeddings, and how many actions remain in
 * the episode.
 *
 * <p>Instances are immutable: the constructor copies the arrays and the accessors return copies. Row i of
 * {@link #actions()} and {@link #nextStates()} belongs to action i of the list the state was embedded
 * with.
 */
public final class EmbeddedState {

    private final double[] state;
    private final double[][] actions;
    private final double[][] nextStates;
    private final int stepsLeft;

    /**
     * Creates the embedded state.
     *
     * @param state the state embedding, non-empty, finite
     * @param actions one action embedding per action (all of the same, positive length), or {@code null}
     *     when the view gives none
     * @param nextStates one next-state embedding per action (each of the state's length), or {@code null}
     *     when the view gives none
     * @param stepsLeft the actions left in the episode including this one (1 at the last decision), or 0
     *     when unknown
     * @throws IllegalArgumentException if both per-action parts are missing, the row counts differ, a row
     *     has the wrong length, a value is not finite, or {@code stepsLeft < 0}; the message names the row
     *     and column
     */
    public EmbeddedState(double[] state, double[][] actions, double[][] nextStates, int stepsLeft) {
        Objects.requireNonNull(state, "state");
        if (state.length == 0) {
            throw new IllegalArgumentException("embedded state: empty state embedding");
        }
        if (actions == null && nextStates == null) {
            throw new IllegalArgumentException("embedded state: neither action nor next-state embeddings");
        }
        if (stepsLeft < 0) {
            throw new IllegalArgumentException("embedded state: stepsLeft must be >= 0, got " + stepsLeft);
        }
        this.state = checkedCopy(state, "state embedding");
        this.actions = actions == null ? null : checkedRows(actions, "action embeddings", -1);
        this.nextStates = nextStates == null ? null : checkedRows(nextStates, "next-state embeddings", state.length);
        if (this.actions != null && this.nextStates != null && this.actions.length != this.nextStates.length) {
            throw new IllegalArgumentException("embedded state: " + this.actions.length + " action embeddings but "
                    + this.nextStates.length + " next-state embeddings");
        }
        this.stepsLeft = stepsLeft;
    }

    private static double[] checkedCopy(double[] v, String what) {
        for (int j = 0; j < v.length; j++) {
            if (!Double.isFinite(v[j])) {
                throw new IllegalArgumentException("embedded state: " + what + ", element " + j + ": not finite: "
                        + v[j]);
            }
        }
        return v.clone();
    }

    private static double[][] checkedRows(double[][] rows, String what, int expectedColumns) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("embedded state: " + what + ": no rows");
        }
        int columns = expectedColumns >= 0 ? expectedColumns : Objects.requireNonNull(rows[0], what + " row 0").length;
        if (columns == 0) {
            throw new IllegalArgumentException("embedded state: " + what + ": row 0 is empty");
        }
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] row = Objects.requireNonNull(rows[i], what + " row " + i);
            if (row.length != columns) {
                throw new IllegalArgumentException("embedded state: " + what + ", row " + i + " has " + row.length
                        + " columns, expected " + columns);
            }
            for (int j = 0; j < columns; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("embedded state: " + what + ", row " + i + ", column " + j
                            + ": not finite: " + row[j]);
                }
            }
            out[i] = row.clone();
        }
        return out;
    }

    /**
     * Returns the number of actions embedded.
     *
     * @return k &ge; 1
     */
    public int size() {
        return actions != null ? actions.length : nextStates.length;
    }

    /**
     * Returns the state embedding.
     *
     * @return a copy, of length d
     */
    public double[] state() {
        return state.clone();
    }

    /**
     * Returns the dimension of the state embedding.
     *
     * @return d
     */
    public int stateDimension() {
        return state.length;
    }

    /**
     * Returns whether action embeddings are present.
     *
     * @return true if {@link #actions()} is non-null
     */
    public boolean hasActions() {
        return actions != null;
    }

    /**
     * Returns the dimension of the action embeddings.
     *
     * @return d<sub>a</sub>, or 0 when there are none
     */
    public int actionDimension() {
        return actions == null ? 0 : actions[0].length;
    }

    /**
     * Returns the action embeddings.
     *
     * @return a copy ({@code [k, d_a]}), or {@code null} when there are none
     */
    public double[][] actions() {
        return copy(actions);
    }

    /**
     * Returns whether next-state embeddings are present.
     *
     * @return true if {@link #nextStates()} is non-null
     */
    public boolean hasNextStates() {
        return nextStates != null;
    }

    /**
     * Returns the next-state embeddings z<sub>a</sub>(x).
     *
     * @return a copy ({@code [k, d]}), or {@code null} when there are none
     */
    public double[][] nextStates() {
        return copy(nextStates);
    }

    /**
     * Returns the actions left in the episode, including the one about to be chosen.
     *
     * @return &ge; 1, or 0 when unknown
     */
    public int stepsLeft() {
        return stepsLeft;
    }

    /**
     * Returns the rows of a subset of the actions, in the given order (for example the actions an
     * {@link ActionSetSelector} kept).
     *
     * @param indices action indices into this state, each in {@code [0, size())}
     * @return the embedded state of those actions
     * @throws IllegalArgumentException if an index is out of range or there are none
     */
    public EmbeddedState subset(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("embedded state: empty subset");
        }
        double[][] a = actions == null ? null : new double[indices.length][];
        double[][] n = nextStates == null ? null : new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            int ix = indices[i];
            if (ix < 0 || ix >= size()) {
                throw new IllegalArgumentException("embedded state: subset index " + ix + " outside [0, " + size() + ")");
            }
            if (a != null) {
                a[i] = actions[ix];
            }
            if (n != null) {
                n[i] = nextStates[ix];
            }
        }
        return new EmbeddedState(state, a, n, stepsLeft);
    }

    private static double[][] copy(double[][] rows) {
        if (rows == null) {
            return null;
        }
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }

    @Override
    public String toString() {
        return "EmbeddedState[d=" + state.length + ", k=" + size() + ", d_a=" + actionDimension() + ", next="
                + hasNextStates() + ", stepsLeft=" + stepsLeft + "]";
    }
}
