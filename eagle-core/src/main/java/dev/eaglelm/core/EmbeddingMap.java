package dev.eaglelm.core;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maps objects into a latent space Z &sube; R<sup>d</sup>: the paper's encoder E<sub>D</sub>
 * (Sec. 3 and 5.1 of Tennenholtz et al. 2024).
 *
 * <p>{@code T} is what is embedded: a text (a movie description), an item id (a row of a recommender's
 * item-factor matrix), or an environment state. Implementations are batch-first: {@link #embedAll}
 * is the method to implement and the one to call in bulk; {@link #embed} is a convenience for one object.
 * Implementations must be thread-safe and deterministic: the same object always maps to the same
 * vector, so that vectors can be cached under {@link #id()}.
 *
 * <pre>{@code
 * EmbeddingMap<String> encoder = ...;
 * INDArray rows = encoder.embedAll(List.of("A lonely robot ...", "A stand-up comedian ..."));
 * // rows.shape() == [2, encoder.dimension()]
 * }</pre>
 *
 * @param <T> the type of the embedded objects
 */
public interface EmbeddingMap<T> {

    /**
     * Returns the dimension d of the latent space.
     *
     * @return d &ge; 1
     */
    int dimension();

    /**
     * Returns a stable identifier of the map and its version, used for provenance and as part of cache
     * keys, e.g. {@code "all-minilm-l6-v2-q/1.0.0-beta1"}. It must change whenever the vectors can
     * change (a new model, new weights, a new normalisation).
     *
     * @return a non-blank identifier
     */
    String id();

    /**
     * Embeds a batch of objects.
     *
     * @param items the objects to embed, non-null; may be empty
     * @return a floating-point matrix of shape {@code [items.size(), dimension()]}, row i embedding item i
     *     (implementations choose {@code FLOAT} or {@code DOUBLE}; callers must not assume either)
     * @throws IllegalArgumentException if an item cannot be embedded; the message names its index
     */
    INDArray embedAll(List<? extends T> items);

    /**
     * Embeds one object.
     *
     * @param item the object to embed, non-null
     * @return a vector of shape {@code [dimension()]}
     * @throws IllegalArgumentException if the item cannot be embedded
     */
    default INDArray embed(T item) {
        INDArray rows = embedAll(List.of(item));
        return rows.getRow(0).dup();
    }
}
