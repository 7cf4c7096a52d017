package dev.eaglelm.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Hyper-parameters of the {@link Trainer}. The paper leaves almost all of them unspecified (PAPER.md &sect;7,
 * Table 7: "all values are unknown except H = 5"); the defaults are this library's choices, not the
 * paper's.
 *
 * <p>Every component is validated by the compact constructor; {@link #builder()} starts from the defaults.
 * {@link #toProperties()} and {@link #fromProperties(Properties)} use the keys {@code eagle.trainer.<name>}
 * (e.g. {@code eagle.trainer.klCoef}).
 *
 * @param seed the run seed; every random choice (initial weights, episode seeds, minibatch order) derives
 *     from it
 * @param iterations training iterations, &ge; 1; each collects {@code episodesPerIteration} episodes and
 *     updates the policy
 * @param episodesPerIteration episodes collected per iteration (the batch), &ge; 1
 * @param minibatchEpisodes episodes per gradient step, in [1, episodesPerIteration]; the batch is shuffled
 *     and split, so there are ceil(batch / minibatch) Adam steps per iteration
 * @param policyLearningRate Adam step size for the policy, &gt; 0
 * @param valueLearningRate Adam step size for the value head, &gt; 0
 * @param klCoef &alpha; &ge; 0, the weight of the exact KL(&pi;<sub>&theta;</sub> &Vert; &pi;<sub>ref</sub>)
 *     at every visited state (in the first iteration, when annealed)
 * @param klCoefFinal &alpha; in the last iteration, &ge; 0: &alpha; moves from {@code klCoef} to it
 *     geometrically over the iterations (linearly if either is 0); equal to {@code klCoef} for a constant
 *     &alpha;. A larger &alpha; early keeps the policy exploring; a smaller one late lets it sharpen.
 * @param entropyCoef &beta; &ge; 0, the weight of the entropy bonus at every visited state
 * @param gamma the discount &gamma; in [0, 1]
 * @param gaeLambda the GAE &lambda; in [0, 1] (1: Monte-Carlo returns minus the baseline; 0: one-step TD)
 * @param maxGradNorm the global gradient norm above which a gradient is scaled down (separately for the
 *     policy and the value head), &gt; 0; {@code Infinity} disables clipping
 * @param temperature the policy's softmax temperature T &gt; 0, used for sampling and in the objective
 * @param normalizeAdvantages whether advantages are standardised over each batch
 * @param parallelism the most episodes rolled out at once, &ge; 1 (results do not depend on it)
 * @param checkpointEvery write a checkpoint every this many iterations (and after the last one) when the
 *     trainer has a checkpoint directory; &ge; 0 (0: only after the last)
 * @param adamBeta1 Adam's &beta;<sub>1</sub> in [0, 1)
 * @param adamBeta2 Adam's &beta;<sub>2</sub> in [0, 1)
 * @param adamEpsilon Adam's &epsilon; &gt; 0
 * @param klWarnWindow iterations of negative sampled-KL estimates in a row that trigger a warning, &ge; 1
 * @param maxFailedFraction the largest fraction of failed episodes in an iteration that training tolerates
 *     (failed episodes are left out of the update), in [0, 1)
 */
public record TrainerConfig(
        long seed,
        int iterations,
        int episodesPerIteration,
        int minibatchEpisodes,
        double policyLearningRate,
        double valueLearningRate,
        double klCoef,
        double klCoefFinal,
        double entropyCoef,
        double gamma,
        double gaeLambda,
        double maxGradNorm,
        double temperature,
        boolean normalizeAdvantages,
        int parallelism,
        int checkpointEvery,
        double adamBeta1,
        double adamBeta2,
        double adamEpsilon,
        int klWarnWindow,
        double maxFailedFraction) {

    /** The prefix of the property keys. */
    public static final String PREFIX = "eagle.trainer.";

    /** The default seed (Tribuo's convention). */
    public static final long DEFAULT_SEED = 12345L;

    /**
     * Creates the record, validating its components.
     *
     * @param seed the run seed
     * @param iterations training iterations, &ge; 1
     * @param episodesPerIteration episodes per iteration, &ge; 1
     * @param minibatchEpisodes episodes per gradient step, in [1, episodesPerIteration]
     * @param policyLearningRate Adam step size for the policy, &gt; 0
     * @param valueLearningRate Adam step size for the value head, &gt; 0
     * @param klCoef &alpha; &ge; 0 (first iteration)
     * @param klCoefFinal &alpha; &ge; 0 in the last iteration
     * @param entropyCoef &beta; &ge; 0
     * @param gamma &gamma; in [0, 1]
     * @param gaeLambda GAE &lambda; in [0, 1]
     * @param maxGradNorm &gt; 0, or {@code Infinity}
     * @param temperature T &gt; 0
     * @param normalizeAdvantages whether advantages are standardised per batch
     * @param parallelism &ge; 1
     * @param checkpointEvery &ge; 0
     * @param adamBeta1 in [0, 1)
     * @param adamBeta2 in [0, 1)
     * @param adamEpsilon &gt; 0
     * @param klWarnWindow &ge; 1
     * @param maxFailedFraction in [0, 1)
     * @throws IllegalArgumentException naming every invalid component with its key
     */
    public TrainerConfig {
        List<String> p = new ArrayList<>();
        if (iterations < 1) {
            p.add(PREFIX + "iterations must be >= 1, got " + iterations);
        }
        if (episodesPerIteration < 1) {
            p.add(PREFIX + "episodesPerIteration must be >= 1, got " + episodesPerIteration);
        }
        if (minibatchEpisodes < 1 || minibatchEpisodes > Math.max(1, episodesPerIteration)) {
            p.add(PREFIX + "minibatchEpisodes must be in [1, episodesPerIteration=" + episodesPerIteration
                    + "], got " + minibatchEpisodes);
        }
        positive(p, "policyLearningRate", policyLearningRate);
        positive(p, "valueLearningRate", valueLearningRate);
        nonNegative(p, "klCoef", klCoef);
        nonNegative(p, "klCoefFinal", klCoefFinal);
        nonNegative(p, "entropyCoef", entropyCoef);
        unit(p, "gamma", gamma);
        unit(p, "gaeLambda", gaeLambda);
        if (!(maxGradNorm > 0)) {
            p.add(PREFIX + "maxGradNorm must be > 0 (Infinity disables clipping), got " + maxGradNorm);
        }
        positive(p, "temperature", temperature);
        if (parallelism < 1) {
            p.add(PREFIX + "parallelism must be >= 1, got " + parallelism);
        }
        if (checkpointEvery < 0) {
            p.add(PREFIX + "checkpointEvery must be >= 0, got " + checkpointEvery);
        }
        if (!(adamBeta1 >= 0 && adamBeta1 < 1)) {
            p.add(PREFIX + "adamBeta1 must be in [0, 1), got " + adamBeta1);
        }
        if (!(adamBeta2 >= 0 && adamBeta2 < 1)) {
            p.add(PREFIX + "adamBeta2 must be in [0, 1), got " + adamBeta2);
        }
        positive(p, "adamEpsilon", adamEpsilon);
        if (klWarnWindow < 1) {
            p.add(PREFIX + "klWarnWindow must be >= 1, got " + klWarnWindow);
        }
        if (!(maxFailedFraction >= 0 && maxFailedFraction < 1)) {
            p.add(PREFIX + "maxFailedFraction must be in [0, 1), got " + maxFailedFraction);
        }
        if (!p.isEmpty()) {
            throw new IllegalArgumentException("trainer config: " + String.join("; ", p));
        }
    }

    private static void positive(List<String> p, String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            p.add(PREFIX + name + " must be finite and > 0, got " + v);
        }
    }

    private static void nonNegative(List<String> p, String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            p.add(PREFIX + name + " must be finite and >= 0, got " + v);
        }
    }

    private static void unit(List<String> p, String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            p.add(PREFIX + name + " must be in [0, 1], got " + v);
        }
    }

    /**
     * The defaults (see {@link Builder}).
     *
     * @return the default configuration
     */
    public static TrainerConfig defaults() {
        return builder().build();
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialised with this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return fromMap(toMap());
    }

    /**
     * Returns the components as key &rarr; value text, with keys {@code eagle.trainer.<name>}, in declaration
     * order.
     *
     * @return an ordered map
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PREFIX + "seed", Long.toString(seed));
        m.put(PREFIX + "iterations", Integer.toString(iterations));
        m.put(PREFIX + "episodesPerIteration", Integer.toString(episodesPerIteration));
        m.put(PREFIX + "minibatchEpisodes", Integer.toString(minibatchEpisodes));
        m.put(PREFIX + "policyLearningRate", num(policyLearningRate));
        m.put(PREFIX + "valueLearningRate", num(valueLearningRate));
        m.put(PREFIX + "klCoef", num(klCoef));
        m.put(PREFIX + "klCoefFinal", num(klCoefFinal));
        m.put(PREFIX + "entropyCoef", num(entropyCoef));
        m.put(PREFIX + "gamma", num(gamma));
        m.put(PREFIX + "gaeLambda", num(gaeLambda));
        m.put(PREFIX + "maxGradNorm", num(maxGradNorm));
        m.put(PREFIX + "temperature", num(temperature));
        m.put(PREFIX + "normalizeAdvantages", Boolean.toString(normalizeAdvantages));
        m.put(PREFIX + "parallelism", Integer.toString(parallelism));
        m.put(PREFIX + "checkpointEvery", Integer.toString(checkpointEvery));
        m.put(PREFIX + "adamBeta1", num(adamBeta1));
        m.put(PREFIX + "adamBeta2", num(adamBeta2));
        m.put(PREFIX + "adamEpsilon", num(adamEpsilon));
        m.put(PREFIX + "klWarnWindow", Integer.toString(klWarnWindow));
        m.put(PREFIX + "maxFailedFraction", num(maxFailedFraction));
        return m;
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    /**
     * Returns the components as properties with keys {@code eagle.trainer.<name>}.
     *
     * @return new properties
     */
    public Properties toProperties() {
        Properties p = new Properties();
        p.putAll(toMap());
        return p;
    }

    /**
     * Reads a configuration from properties: keys {@code eagle.trainer.<name>}; missing keys keep their
     * defaults, other keys are ignored.
     *
     * @param properties the properties
     * @return the configuration
     * @throws IllegalArgumentException naming the key of an unknown {@code eagle.trainer.*} name or of a value
     *     that does not parse, or every invalid value
     */
    public static TrainerConfig fromProperties(Properties properties) {
        Map<String, String> m = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                m.put(key, properties.getProperty(key));
            }
        }
        return fromMap(m).build();
    }

    /**
     * The components that change the numbers a run computes, as text: everything except
     * {@code parallelism}, {@code checkpointEvery}, {@code klWarnWindow}, {@code maxFailedFraction} and,
     * when &alpha; is constant, {@code iterations} (such a run may be extended). A checkpoint may only be
     * resumed under the same fingerprint.
     *
     * @return the fingerprint text
     */
    public String fingerprint() {
        Map<String, String> m = toMap();
        for (String k : List.of("parallelism", "checkpointEvery", "klWarnWindow", "maxFailedFraction")) {
            m.remove(PREFIX + k);
        }
        if (klCoef == klCoefFinal) {
            m.remove(PREFIX + "iterations");
        }
        return m.toString();
    }

    /**
     * Returns &alpha; in an iteration: {@code klCoef} in the first, {@code klCoefFinal} in the last,
     * geometric in between (linear when either is 0).
     *
     * @param iteration the iteration, from 1
     * @return &alpha; for that iteration
     */
    public double klCoefAt(int iteration) {
        if (klCoef == klCoefFinal || iterations == 1) {
            return klCoef;
        }
        double f = Math.min(1.0, Math.max(0.0, (iteration - 1) / (double) (iterations - 1)));
        if (klCoef > 0 && klCoefFinal > 0) {
            return klCoef * StrictMath.pow(klCoefFinal / klCoef, f);
        }
        return klCoef + (klCoefFinal - klCoef) * f;
    }

    static Builder fromMap(Map<String, String> m) {
        Builder b = new Builder();
        Map<String, BiConsumer<Builder, String>> setters = new LinkedHashMap<>();
        setters.put("seed", (x, v) -> x.seed(Long.parseLong(v)));
        setters.put("iterations", (x, v) -> x.iterations(Integer.parseInt(v)));
        setters.put("episodesPerIteration", (x, v) -> x.episodesPerIteration(Integer.parseInt(v)));
        setters.put("minibatchEpisodes", (x, v) -> x.minibatchEpisodes(Integer.parseInt(v)));
        setters.put("policyLearningRate", (x, v) -> x.policyLearningRate(Double.parseDouble(v)));
        setters.put("valueLearningRate", (x, v) -> x.valueLearningRate(Double.parseDouble(v)));
        setters.put("klCoef", (x, v) -> x.klCoef(Double.parseDouble(v)));
        setters.put("klCoefFinal", (x, v) -> x.klCoefFinal(Double.parseDouble(v)));
        setters.put("entropyCoef", (x, v) -> x.entropyCoef(Double.parseDouble(v)));
        setters.put("gamma", (x, v) -> x.gamma(Double.parseDouble(v)));
        setters.put("gaeLambda", (x, v) -> x.gaeLambda(Double.parseDouble(v)));
        setters.put("maxGradNorm", (x, v) -> x.maxGradNorm(Double.parseDouble(v)));
        setters.put("temperature", (x, v) -> x.temperature(Double.parseDouble(v)));
        setters.put("normalizeAdvantages", (x, v) -> x.normalizeAdvantages(parseBoolean(v)));
        setters.put("parallelism", (x, v) -> x.parallelism(Integer.parseInt(v)));
        setters.put("checkpointEvery", (x, v) -> x.checkpointEvery(Integer.parseInt(v)));
        setters.put("adamBeta1", (x, v) -> x.adamBeta1(Double.parseDouble(v)));
        setters.put("adamBeta2", (x, v) -> x.adamBeta2(Double.parseDouble(v)));
        setters.put("adamEpsilon", (x, v) -> x.adamEpsilon(Double.parseDouble(v)));
        setters.put("klWarnWindow", (x, v) -> x.klWarnWindow(Integer.parseInt(v)));
        setters.put("maxFailedFraction", (x, v) -> x.maxFailedFraction(Double.parseDouble(v)));
        for (Map.Entry<String, String> e : m.entrySet()) {
            String key = e.getKey();
            String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
            BiConsumer<Builder, String> setter = setters.get(name);
            if (setter == null) {
                throw new IllegalArgumentException("trainer config: unknown key '" + key + "'; known: "
                        + String.join(", ", setters.keySet()));
            }
            try {
                setter.accept(b, e.getValue().trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("trainer config: " + key + ": not a number: '" + e.getValue() + "'",
                        ex);
            }
        }
        return b;
    }

    private static boolean parseBoolean(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new NumberFormatException("not a boolean: " + v);
    }

    /**
     * Builder for {@link TrainerConfig}, starting from the defaults: seed {@value #DEFAULT_SEED}, 300
     * iterations of 64 episodes in minibatches of 16, Adam learning rates 0.005 (policy) and 0.01 (value),
     * a constant &alpha; = 0.05, &beta; = 0, &gamma; = 1, &lambda; = 0.95, gradient norm clipped at 1,
     * temperature 1, advantages not normalised (so that &alpha; weighs the KL in the utility's own units),
     * parallelism 4, a checkpoint every 10 iterations, Adam (0.9, 0.999, 1e-8), a warning after 10
     * iterations of negative sampled KL, at most 25% failed episodes.
     *
     * <p>These defaults were chosen on the synthetic environment (anchors, K = 4 to 5, H = 3 to 4): a
     * small constant &alpha; (0.01) let the policy commit early to suboptimal paths on some anchors, while
     * &alpha; = 0.05 keeps it exploring, and its mode (greedy decoding) reached the exact optimum on most
     * instances tried. They are not the paper's values, which are unknown.
     */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private int iterations = 300;
        private int episodesPerIteration = 64;
        private int minibatchEpisodes = 16;
        private double policyLearningRate = 0.005;
        private double valueLearningRate = 0.01;
        private double klCoef = 0.05;
        private double klCoefFinal = Double.NaN;
        private double entropyCoef = 0.0;
        private double gamma = 1.0;
        private double gaeLambda = 0.95;
        private double maxGradNorm = 1.0;
        private double temperature = 1.0;
        private boolean normalizeAdvantages = false;
        private int parallelism = 4;
        private int checkpointEvery = 10;
        private double adamBeta1 = 0.9;
        private double adamBeta2 = 0.999;
        private double adamEpsilon = 1e-8;
        private int klWarnWindow = 10;
        private double maxFailedFraction = 0.25;

        private Builder() {
        }

        /**
         * Sets the run seed.
         *
         * @param v the seed
         * @return this builder
         */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /**
         * Sets the number of iterations.
         *
         * @param v &ge; 1
         * @return this builder
         */
        public Builder iterations(int v) {
            iterations = v;
            return this;
        }

        /**
         * Sets the episodes per iteration.
         *
         * @param v &ge; 1
         * @return this builder
         */
        public Builder episodesPerIteration(int v) {
            episodesPerIteration = v;
            return this;
        }

        /**
         * Sets the episodes per gradient step (default 16; capped at the batch size).
         *
         * @param v in [1, episodesPerIteration]
         * @return this builder
         */
        public Builder minibatchEpisodes(int v) {
            minibatchEpisodes = v;
            return this;
        }

        /**
         * Sets the policy learning rate.
         *
         * @param v &gt; 0
         * @return this builder
         */
        public Builder policyLearningRate(double v) {
            policyLearningRate = v;
            return this;
        }

        /**
         * Sets the value-head learning rate.
         *
         * @param v &gt; 0
         * @return this builder
         */
        public Builder valueLearningRate(double v) {
            valueLearningRate = v;
            return this;
        }

        /**
         * Sets the KL coefficient &alpha;.
         *
         * @param v &ge; 0
         * @return this builder
         */
        public Builder klCoef(double v) {
            klCoef = v;
            return this;
        }

        /**
         * Sets &alpha; in the last iteration (default: equal to {@link #klCoef}, a constant &alpha;).
         *
         * @param v &ge; 0
         * @return this builder
         */
        public Builder klCoefFinal(double v) {
            klCoefFinal = v;
            return this;
        }

        /**
         * Sets the entropy coefficient &beta;.
         *
         * @param v &ge; 0
         * @return this builder
         */
        public Builder entropyCoef(double v) {
            entropyCoef = v;
            return this;
        }

        /**
         * Sets the discount &gamma;.
         *
         * @param v in [0, 1]
         * @return this builder
         */
        public Builder gamma(double v) {
            gamma = v;
            return this;
        }

        /**
         * Sets the GAE &lambda;.
         *
         * @param v in [0, 1]
         * @return this builder
         */
        public Builder gaeLambda(double v) {
            gaeLambda = v;
            return this;
        }

        /**
         * Sets the gradient-norm clip.
         *
         * @param v &gt; 0, or {@code Double.POSITIVE_INFINITY} for none
         * @return this builder
         */
        public Builder maxGradNorm(double v) {
            maxGradNorm = v;
            return this;
        }

        /**
         * Sets the policy temperature.
         *
         * @param v &gt; 0
         * @return this builder
         */
        public Builder temperature(double v) {
            temperature = v;
            return this;
        }

        /**
         * Sets whether advantages are standardised per batch.
         *
         * @param v true to standardise
         * @return this builder
         */
        public Builder normalizeAdvantages(boolean v) {
            normalizeAdvantages = v;
            return this;
        }

        /**
         * Sets the most episodes in flight.
         *
         * @param v &ge; 1
         * @return this builder
         */
        public Builder parallelism(int v) {
            parallelism = v;
            return this;
        }

        /**
         * Sets the checkpoint interval.
         *
         * @param v &ge; 0 (0: only after the last iteration)
         * @return this builder
         */
        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        /**
         * Sets Adam's &beta;<sub>1</sub>.
         *
         * @param v in [0, 1)
         * @return this builder
         */
        public Builder adamBeta1(double v) {
            adamBeta1 = v;
            return this;
        }

        /**
         * Sets Adam's &beta;<sub>2</sub>.
         *
         * @param v in [0, 1)
         * @return this builder
         */
        public Builder adamBeta2(double v) {
            adamBeta2 = v;
            return this;
        }

        /**
         * Sets Adam's &epsilon;.
         *
         * @param v &gt; 0
         * @return this builder
         */
        public Builder adamEpsilon(double v) {
            adamEpsilon = v;
            return this;
        }

        /**
         * Sets the negative-KL warning window.
         *
         * @param v &ge; 1
         * @return this builder
         */
        public Builder klWarnWindow(int v) {
            klWarnWindow = v;
            return this;
        }

        /**
         * Sets the tolerated fraction of failed episodes per iteration.
         *
         * @param v in [0, 1)
         * @return this builder
         */
        public Builder maxFailedFraction(double v) {
            maxFailedFraction = v;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming every invalid value
         */
        public TrainerConfig build() {
            return new TrainerConfig(seed, iterations, episodesPerIteration,
                    Math.min(minibatchEpisodes, episodesPerIteration), policyLearningRate,
                    valueLearningRate, klCoef, Double.isNaN(klCoefFinal) ? klCoef : klCoefFinal, entropyCoef, gamma, gaeLambda, maxGradNorm, temperature,
                    normalizeAdvantages, parallelism, checkpointEvery, adamBeta1, adamBeta2, adamEpsilon,
                    klWarnWindow, maxFailedFraction);
        }
    }
}
