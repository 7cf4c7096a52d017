package dev.eaglelm.core.testkit;

import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.llm.surrogate.Bm25Index;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A deterministic test double for a sentence encoder: a hashed bag of content words (the surrogate's
 * tokenizer), L2-normalised. Texts that share words have a positive cosine.
 */
public final class HashingEmbedding implements EmbeddingMap<String> {

    private final int dimension;

    public HashingEmbedding(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String id() {
        return "test-hashing-bow/" + dimension;
    }

    public double[] vector(String text) {
        double[] v = new double[dimension];
        for (String t : Bm25Index.tokens(text)) {
            int h = t.hashCode() * 0x9E3779B1;
            v[Math.floorMod(h, dimension)] += (h & 0x10000) == 0 ? 1 : -1;
        }
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
        }
        return v;
    }

    @Override
    public INDArray embedAll(List<? extends String> items) {
        double[][] rows = new double[items.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = vector(items.get(i));
        }
        return rows.length == 0 ? Nd4j.zeros(DataType.DOUBLE, 0, dimension) : Nd4j.createFromArray(rows);
    }

    public static double cosine(double[] a, double[] b) {
        double d = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : d / Math.sqrt(na * nb);
    }
}
