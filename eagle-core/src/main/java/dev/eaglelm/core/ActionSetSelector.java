package dev.eaglelm.core;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SPI that reduces a state's candidate actions to a small action set A(x) of size k.
 *
 * <p>In EAGLE (Sec. 4.3 and App. C of the paper) an LLM writes K candidate edits per state (K = 100 for
 * MovieLens); each candidate is represented by the embedding of the state it leads to,
 * z<sub>a</sub>(x) = E<sub>D</sub>(x'); and a myopic G-optimal design over those embeddings keeps k = 10
 * well-spread actions. {@code eagle-optdesign} provides that selector; {@link
 * dev.eaglelm.core.select.RandomActionSetSelector} is the uniform baseline.
 *
 * <p>Implementations must be deterministic given their arguments (randomness comes only from
 * {@code seed}) and thread-safe.
 */
public interface ActionSetSelector {

    /**
     * Selects k of the candidates.
     *
     * @param candidates the K candidate actions, non-empty
     * @param nextStateEmbeddings a {@code [K, d]} matrix; row i embeds the state candidate i leads to
     * @param k the number of actions to keep, &ge; 1; when {@code k >= K} every candidate is kept
     * @param seed seeds any randomness of the selection
     * @param <A> the action type
     * @return the kept actions with their candidate indices and design weights
     * @throws IllegalArgumentException if the candidates are empty, the matrix does not have one row per
     *     candidate, it holds NaN or infinity, or {@code k < 1}
     */
    <A> ActionSet<A> select(List<A> candidates, INDArray nextStateEmbeddings, int k, long seed);

    /**
     * Returns a short name for reports and provenance, e.g. {@code "random"} or {@code "g-optimal"}.
     *
     * @return the name
     */
    String name();
}
