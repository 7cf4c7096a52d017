package dev.eaglelm.optdesign;

/**
 * The optimality criterion of a continuous design.
 *
 * <p>With ridge &rho; = 0 the two coincide (Kiefer&ndash;Wolfowitz equivalence theorem, 1960): a design
 * maximises log det M(w) exactly when it minimises max<sub>i</sub> x<sub>i</sub><sup>T</sup>M(w)<sup>-1</sup>x<sub>i</sub>,
 * and then that maximum equals d. With &rho; &gt; 0 they differ; the solvers then maximise log det (the D
 * criterion) and report the max leverage of the result [C: a choice of this library].
 */
public enum Criterion {
    /** D-optimality: maximise log det M(w). */
    D,
    /** G-optimality: minimise the largest leverage x<sub>i</sub><sup>T</sup>M(w)<sup>-1</sup>x<sub>i</sub>. */
    G;

    /**
     * Parses {@code "D"} or {@code "G"} (case-insensitive).
     *
     * @param text the name
     * @return the criterion
     * @throws IllegalArgumentException if the text is neither
     */
    public static Criterion parse(String text) {
        if (text != null) {
            String t = text.trim();
            if (t.equalsIgnoreCase("D")) {
                return D;
            }
            if (t.equalsIgnoreCase("G")) {
                return G;
            }
        }
        throw new IllegalArgumentException("criterion must be G or D, got '" + text + "'");
    }
}
