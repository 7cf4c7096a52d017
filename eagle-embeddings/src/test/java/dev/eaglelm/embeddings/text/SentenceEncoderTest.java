package dev.eaglelm.embeddings.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SentenceEncoderTest {

    static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.miniLm();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    static double cos(float[] a, float[] b) {
        double d = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return d / Math.sqrt(na * nb);
    }

    @Test
    void oracle() {
        INDArray e = encoder.embedAll(List.of("A lonely robot falls in love on a deserted planet.",
                "An android develops romantic feelings while stranded in space.",
                "A stand-up comedian tries to save his failing pizza restaurant."));
        float[][] r = e.toFloatMatrix();
        System.out.println(encoder.id() + " " + cos(r[0], r[1]) + " " + cos(r[0], r[2]) + " " + cos(r[1], r[2]));
        assertEquals(0.5713, cos(r[0], r[1]), 1e-3);
    }

    @Test
    void langchain() {
        String longText = "word ".repeat(50) + " The movie is about " + "a very long plot line that goes on ".repeat(30);
        List<String> texts = List.of("hello", "Ça va? Über naïve café — 東京 🚀", longText,
                "A lonely robot falls in love on a deserted planet.");
        AllMiniLmL6V2QuantizedEmbeddingModel lc = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<Embedding> ref = lc.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        float[][] ours = encoder.embedToArrays(texts);
        for (int i = 0; i < texts.size(); i++) {
            System.out.println(i + " " + cos(ours[i], ref.get(i).vector()));
            assertTrue(cos(ours[i], ref.get(i).vector()) > 0.999);
        }
    }
}
