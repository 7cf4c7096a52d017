package dev.eaglelm.examples.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sizes and hyper-parameters of {@code eagle demo}. Values the paper fixes are the paper's (H = 5, 3
 * nearest neighbours); the rest are this demo's choices, sized to finish in minutes on two cores (PAPER.md
 * &sect;12 lists them as unspecified).
 *
 * @param seed the run seed
 * @param maxTexts the most movie texts embedded with MiniLM (those with the most ratings first)
 * @param alsRank the WALS rank n (the latent dimension)
 * @param alsIterations WALS epochs
 * @param ridgeLambda the ridge penalty of E<sub>D</sub>'s head
 * @param minRatings movies with fewer ratings are not used to fit E<sub>D</sub>
 * @param users the number of under-served target users (one anchor each)
 * @param lambda &lambda; of the content-gap utility (the novelty weight)
 * @param neighbours the nearest existing items of the novelty term (paper: 3)
 * @param horizon H (paper: 5)
 * @param genericPerCategory generic candidate edits per category (5 categories)
 * @param personalisedPerCategory personalised candidate edits per category
 * @param keep k, the actions kept per state by the action-set selector
 * @param iterations training iterations
 * @param episodesPerIteration episodes per training iteration
 * @param klCoef &alpha;, the KL coefficient towards the reference policy
 * @param learningRate the policy learning rate
 * @param architecture the policy network, e.g. {@code mlp(32)}
 * @param evalEpisodes episodes per policy in the evaluation
 * @param examples episodes written to examples.md
 * @param reference the KL reference policy: {@code design} (the selector's design weights, the paper's G-optimal
 *     reference), {@code optimistic} (softmax of the next state's utility at temperature 0.1) or {@code uniform}
 */
public record DemoConfig(long seed, int maxTexts, int alsRank, int alsIterations, double ridgeLambda, int minRatings,
        int users, double lambda, int neighbours, int horizon, int genericPerCategory, int personalisedPerCategory,
        int keep, int iterations, int episodesPerIteration, double klCoef, double learningRate, String architecture,
        int evalEpisodes, int examples, String reference) {

    /** Evaluation episodes per policy of a --quick run whose evaluation backend is a real LLM (see the README). */
    public static final int LLM_EVAL_EPISODES_QUICK = 2;

    /** Evaluation episodes per policy of a full run whose evaluation backend is a real LLM. */
    public static final int LLM_EVAL_EPISODES = 16;

    /**
     * Checks the values.
     *
     * @param seed the run seed
     * @param maxTexts texts embedded at most
     * @param alsRank WALS rank
     * @param alsIterations WALS epochs
     * @param ridgeLambda ridge penalty
     * @param minRatings minimum ratings for E_D's training items
     * @param users target users
     * @param lambda novelty weight
     * @param neighbours novelty neighbours
     * @param horizon H
     * @param genericPerCategory generic edits per category
     * @param personalisedPerCategory personalised edits per category
     * @param keep k
     * @param iterations training iterations
     * @param episodesPerIteration episodes per iteration
     * @param klCoef alpha
     * @param learningRate policy learning rate
     * @param architecture policy network
     * @param evalEpisodes evaluation episodes per policy
     * @param examples example episodes
     * @param reference the KL reference: design, optimistic or uniform
     * @throws IllegalArgumentException if a value is out of range; the message names it
     */
    public DemoConfig {
        if (!java.util.Set.of("design", "optimistic", "uniform").contains(reference)) {
            throw new IllegalArgumentException("reference must be design, optimistic or uniform, got '" + reference + "'");
        }
        positive("maxTexts", maxTexts);
        positive("alsRank", alsRank);
        positive("alsIterations", alsIterations);
        positive("users", users);
        positive("neighbours", neighbours);
        positive("horizon", horizon);
        positive("keep", keep);
        positive("iterations", iterations);
        positive("episodesPerIteration", episodesPerIteration);
        if (evalEpisodes < 2) {
            throw new IllegalArgumentException("evalEpisodes must be >= 2, got " + evalEpisodes);
        }
        if (genericPerCategory < 0 || personalisedPerCategory < 0 || genericPerCategory + personalisedPerCategory < 1) {
            throw new IllegalArgumentException("need at least one generic or personalised edit per category");
        }
        if (!(lambda >= 0) || !(ridgeLambda > 0) || !(klCoef >= 0) || !(learningRate > 0)) {
            throw new IllegalArgumentException("lambda, ridgeLambda, klCoef must be >= 0 / > 0 and learningRate > 0");
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    /**
     * The default run (measured: about 4 minutes on two cores with the surrogate backend and an empty cache;
     * the goal is at most 10).
     *
     * @param seed the run seed
     * @return the configuration
     */
    public static DemoConfig defaults(long seed) {
        return new DemoConfig(seed, 1200, 16, 15, 3.0, 10, 32, 0.1, 3, 5, 1, 1, 5, 30, 32, 0.02, 0.03, "linear",
                256, 3, "design");
    }

    /**
     * The quick run (under 2 minutes on two cores, empty cache): fewer texts, users, iterations and episodes.
     *
     * @param seed the run seed
     * @return the configuration
     */
    public static DemoConfig quick(long seed) {
        return new DemoConfig(seed, 300, 16, 10, 3.0, 5, 4, 0.1, 3, 5, 1, 1, 5, 12, 16, 0.02, 0.05, "linear", 24, 2, "design");
    }

    /**
     * Returns a copy with other sizes for the RL part.
     *
     * @param newUsers target users
     * @param newIterations training iterations
     * @param newEpisodesPerIteration episodes per iteration
     * @param newEvalEpisodes evaluation episodes per policy
     * @return the copy
     */
    public DemoConfig withSizes(int newUsers, int newIterations, int newEpisodesPerIteration, int newEvalEpisodes) {
        return new DemoConfig(seed, maxTexts, alsRank, alsIterations, ridgeLambda, minRatings, newUsers, lambda,
                neighbours, horizon, genericPerCategory, personalisedPerCategory, keep, newIterations,
                newEpisodesPerIteration, klCoef, learningRate, architecture, newEvalEpisodes, examples, reference);
    }

    /**
     * Returns a copy with another number of texts embedded.
     *
     * @param n the most texts embedded
     * @return the copy
     */
    public DemoConfig withMaxTexts(int n) {
        return new DemoConfig(seed, n, alsRank, alsIterations, ridgeLambda, minRatings, users, lambda, neighbours,
                horizon, genericPerCategory, personalisedPerCategory, keep, iterations, episodesPerIteration, klCoef,
                learningRate, architecture, evalEpisodes, examples, reference);
    }

    /**
     * Returns a copy with other RL hyper-parameters.
     *
     * @param newKlCoef alpha
     * @param newLearningRate the policy learning rate
     * @param newLambda the novelty weight
     * @return the copy
     */
    public DemoConfig withHyper(double newKlCoef, double newLearningRate, double newLambda) {
        return new DemoConfig(seed, maxTexts, alsRank, alsIterations, ridgeLambda, minRatings, users, newLambda,
                neighbours, horizon, genericPerCategory, personalisedPerCategory, keep, iterations, episodesPerIteration,
                newKlCoef, newLearningRate, architecture, evalEpisodes, examples, reference);
    }

    /**
     * Returns a copy with another policy network.
     *
     * @param newArchitecture e.g. {@code linear} or {@code mlp(32)}
     * @return the copy
     */
    public DemoConfig withArchitecture(String newArchitecture) {
        return new DemoConfig(seed, maxTexts, alsRank, alsIterations, ridgeLambda, minRatings, users, lambda, neighbours,
                horizon, genericPerCategory, personalisedPerCategory, keep, iterations, episodesPerIteration, klCoef,
                learningRate, newArchitecture, evalEpisodes, examples, reference);
    }

    /**
     * Returns a copy with another KL reference policy.
     *
     * @param newReference design, optimistic or uniform
     * @return the copy
     */
    public DemoConfig withReference(String newReference) {
        return new DemoConfig(seed, maxTexts, alsRank, alsIterations, ridgeLambda, minRatings, users, lambda, neighbours,
                horizon, genericPerCategory, personalisedPerCategory, keep, iterations, episodesPerIteration, klCoef,
                learningRate, architecture, evalEpisodes, examples, newReference);
    }

    /**
     * Returns the configuration as an ordered map for results.json.
     *
     * @return the map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("maxTexts", maxTexts);
        m.put("alsRank", alsRank);
        m.put("alsIterations", alsIterations);
        m.put("ridgeLambda", ridgeLambda);
        m.put("minRatings", minRatings);
        m.put("users", users);
        m.put("lambda", lambda);
        m.put("neighbours", neighbours);
        m.put("horizon", horizon);
        m.put("genericPerCategory", genericPerCategory);
        m.put("personalisedPerCategory", personalisedPerCategory);
        m.put("keep", keep);
        m.put("iterations", iterations);
        m.put("episodesPerIteration", episodesPerIteration);
        m.put("klCoef", klCoef);
        m.put("learningRate", learningRate);
        m.put("architecture", architecture);
        m.put("evalEpisodes", evalEpisodes);
        m.put("examples", examples);
        m.put("reference", reference);
        return m;
    }
}
