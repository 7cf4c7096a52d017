package dev.eaglelm.embeddings.latent;

import dev.eaglelm.core.EmbeddingMap;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * E<sub>D</sub>: text &rarr; behavioural latent space (PAPER.md &sect;3). A frozen sentence encoder followed
 * by a trained {@link LatentRegressor} head (ridge regression, or a small MLP) fitted to the behavioural
 * vectors of existing items from their texts (e.g. movie overviews to ALS item vectors). The output lives in
 * the behavioural space, so a generated description can be scored by a utility over that space.
 *
 * <p>The paper fine-tunes a 3.25B-parameter LLM with an &ell;<sub>2</sub> loss for this; this library's
 * reference is the much smaller "frozen encoder + regression head" [C]. {@link LatentEvaluation} reports its
 * held-out quality next to the paper's own check (&ell;<sub>2</sub> error vs the mean nearest-neighbour
 * distance).
 *
 * <pre>{@code
 * INDArray x = encoder.embedAll(trainTexts);               // [n, 384]
 * LatentRegressor head = RidgeRegressor.fit(x, itemVectors, 10.0);
 * EmbeddingMap<String> ed = new TextToLatentEncoder(encoder, head);
 * INDArray z = ed.embed("A lonely robot falls in love on a deserted planet.");
 * }</pre>
 */
public final class TextToLatentEncoder implements EmbeddingMap<String> {

    private final EmbeddingMap<String> text;
    private final LatentRegressor head;

    /**
     * Composes a text encoder and a head.
     *
     * @param text the sentence encoder, whose dimension is the head's input dimension
     * @param head the trained head
     * @throws IllegalArgumentException if the dimensions do not match
     */
    public TextToLatentEncoder(EmbeddingMap<String> text, LatentRegressor head) {
        this.text = Objects.requireNonNull(text, "text");
        this.head = Objects.requireNonNull(head, "head");
        if (text.dimension() != head.inputDimension()) {
            throw new IllegalArgumentException("E_D: the text encoder " + text.id() + " has dimension "
                    + text.dimension() + " but the head expects " + head.inputDimension());
        }
    }

    /**
     * Returns the text encoder.
     *
     * @return the frozen sentence encoder
     */
    public EmbeddingMap<String> textEncoder() {
        return text;
    }

    /**
     * Returns the head.
     *
     * @return the trained regression head
     */
    public LatentRegressor head() {
        return head;
    }

    @Override
    public int dimension() {
        return head.outputDimension();
    }

    /**
     * Returns {@code <text encoder id> + "->" + <head id>}: it changes with either part.
     *
     * @return the id
     */
    @Override
    public String id() {
        return "ed:" + text.id() + "->" + head.id();
    }

    /**
     * Embeds texts into the behavioural space.
     *
     * @param texts the texts
     * @return a {@code DOUBLE} matrix {@code [texts.size(), dimension()]}
     */
    @Override
    public INDArray embedAll(List<? extends String> texts) {
        INDArray x = text.embedAll(texts);
        if (texts.isEmpty()) {
            return org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 0, dimension());
        }
        return head.predict(x);
    }

    @Override
    public String toString() {
        return "TextToLatentEncoder[" + id() + "]";
    }
}
