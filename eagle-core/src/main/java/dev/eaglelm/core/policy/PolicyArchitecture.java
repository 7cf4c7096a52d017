package dev.eaglelm.core.policy;

/**
 * The shape of an {@link EagleAgent}'s networks: the action scorer f<sub>&theta;</sub> and the value head
 * V<sub>&phi;</sub>.
 *
 * <p>With {@code hidden = 0} the scorer is linear in the per-action features, f(x, a) = w &middot;
 * [e(a), z<sub>a</sub>(x)]; otherwise it is a one-hidden-layer tanh network over the state features and
 * the action features, f(x, a) = w<sub>2</sub> &middot; tanh(W<sub>s</sub> s(x) + W<sub>a</sub>
 * &phi;(a) + b), where s(x) = [E(x), one-hot(steps left)] and &phi;(a) = [e(a), z<sub>a</sub>(x)]. Only
 * the network can make its choice depend on the state and on the steps left; the linear scorer is a
 * fixed preference over directions. The value head is linear ({@code valueHidden = 0}) or a
 * one-hidden-layer tanh network over s(x).
 *
 * @param hidden hidden units of the scorer, &ge; 0 (0: linear)
 * @param valueHidden hidden units of the value head, &ge; 0 (0: linear)
 */
public record PolicyArchitecture(int hidden, int valueHidden) {

    /** Default hidden units of the value head. */
    public static final int DEFAULT_VALUE_HIDDEN = 32;

    /**
     * Creates the record, validating its components.
     *
     * @param hidden hidden units of the scorer, &ge; 0 (0: linear)
     * @param valueHidden hidden units of the value head, &ge; 0 (0: linear)
     * @throws IllegalArgumentException if a size is negative or above 4096
     */
    public PolicyArchitecture {
        if (hidden < 0 || hidden > 4096) {
            throw new IllegalArgumentException("policy architecture: hidden must be in [0, 4096], got " + hidden);
        }
        if (valueHidden < 0 || valueHidden > 4096) {
            throw new IllegalArgumentException("policy architecture: valueHidden must be in [0, 4096], got "
                    + valueHidden);
        }
    }

    /**
     * A linear scorer with the default value head.
     *
     * @return the architecture
     */
    public static PolicyArchitecture linear() {
        return new PolicyArchitecture(0, DEFAULT_VALUE_HIDDEN);
    }

    /**
     * A one-hidden-layer scorer with the default value head.
     *
     * @param hidden hidden units, &ge; 1
     * @return the architecture
     * @throws IllegalArgumentException if {@code hidden < 1}
     */
    public static PolicyArchitecture mlp(int hidden) {
        if (hidden < 1) {
            throw new IllegalArgumentException("policy architecture: an MLP needs hidden >= 1, got " + hidden);
        }
        return new PolicyArchitecture(hidden, DEFAULT_VALUE_HIDDEN);
    }

    /**
     * Parses the form {@link #toString()} writes: {@code linear} or {@code mlp(H)}, optionally followed by
     * {@code +value(H)}.
     *
     * @param text the text
     * @return the architecture
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static PolicyArchitecture parse(String text) {
        String t = text.trim();
        int valueHidden = DEFAULT_VALUE_HIDDEN;
        int plus = t.indexOf("+value(");
        try {
            if (plus >= 0) {
                if (!t.endsWith(")")) {
                    throw new IllegalArgumentException("missing ')'");
                }
                valueHidden = Integer.parseInt(t.substring(plus + 7, t.length() - 1));
                t = t.substring(0, plus);
            }
            if (t.equals("linear")) {
                return new PolicyArchitecture(0, valueHidden);
            }
            if (t.startsWith("mlp(") && t.endsWith(")")) {
                return new PolicyArchitecture(Integer.parseInt(t.substring(4, t.length() - 1)), valueHidden);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("policy architecture: not a number in '" + text + "'", e);
        }
        throw new IllegalArgumentException("policy architecture: expected 'linear' or 'mlp(H)', optionally with"
                + " '+value(H)', got '" + text + "'");
    }

    @Override
    public String toString() {
        return (hidden == 0 ? "linear" : "mlp(" + hidden + ")") + "+value(" + valueHidden + ")";
    }
}
