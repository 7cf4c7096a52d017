package dev.eaglelm.embeddings.latent;

import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained map from input vectors (sentence embeddings of item texts) to latent vectors (behavioural item
 * vectors): the regression head of E<sub>D</sub> (PAPER.md &sect;3). Implementations are immutable and
 * thread-safe.
 */
public interface LatentRegressor {

    /**
     * Returns the input dimension p.
     *
     * @return p
     */
    int inputDimension();

    /**
     * Returns the output dimension q.
     *
     * @return q
     */
    int outputDimension();

    /**
     * Returns a stable id naming the kind of head, its hyper-parameters and a digest of its weights.
     *
     * @return the id
     */
    String id();

    /**
     * Maps input rows to latent rows.
     *
     * @param inputs {@code [n, p]}
     * @return a new {@code DOUBLE} matrix {@code [n, q]}
     * @throws IllegalArgumentException if the column count is not p
     */
    INDArray predict(INDArray inputs);

    /**
     * Saves the head in {@link RegressorFiles}' format.
     *
     * @param file the output file
     * @throws java.io.UncheckedIOException if it cannot be written
     */
    void save(Path file);
}
